# translation_of: 0754972a313b
import torch

from batchnorm_explained import batch_norm, format_number, group_norm, instance_norm, layer_norm, rms_norm

lang = "it"  # la lingua dei numeri stampati: 3,4e+00 in italiano, 3.4e+00 in inglese
generator = torch.Generator().manual_seed(0)
image = torch.randn(1, 8, 4, 4, generator=generator)  # un solo esempio: 8 canali di 4×4
batch_a = torch.cat([image, torch.randn(3, 8, 4, 4, generator=generator)])  # con 3 compagni di batch
batch_b = torch.cat([image, 5 + 3 * torch.randn(3, 8, 4, 4, generator=generator)])  # con 3 compagni diversi


def differences(normalize):
    """L'uscita dell'immagine: massimo di |in A − in B| e massimo di |da sola − in A|, già formattati."""
    in_a, in_b, alone = normalize(batch_a)[0], normalize(batch_b)[0], normalize(image)[0]
    a_vs_b, alone_vs_a = (in_a - in_b).abs().max().item(), (alone - in_a).abs().max().item()
    return [format_number(value, lang, 1, exponent=True) for value in (a_vs_b, alone_vs_a)]


print("uscita dell'immagine, differenza massima: tra il batch A e il batch B; tra l'immagine da sola e nel batch A")
a_vs_b, alone_vs_a = differences(batch_norm)
print(f"  batch_norm (addestramento)  {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(lambda x: layer_norm(x, (8, 4, 4)))
print(f"  layer_norm                  {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(instance_norm)
print(f"  instance_norm               {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(lambda x: group_norm(x, 4))
print(f"  group_norm, 4 gruppi        {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(lambda x: rms_norm(x, (8, 4, 4)))
print(f"  rms_norm                    {a_vs_b}   {alone_vs_a}")

# Da sola, l'immagine ha ancora 4×4 valori per canale: batch_norm la accetta e normalizza ogni
# canale sulle posizioni dell'immagine stessa, cioè esegue una instance normalization.
same = (batch_norm(image) - instance_norm(image)).abs().max().item()
print(f"massimo di |batch_norm(image) − instance_norm(image)| = {format_number(same, lang, 1, exponent=True)}")
