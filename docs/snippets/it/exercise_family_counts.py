# translation_of: 0e2e61dde0d8
import torch

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 2.048 in italiano, 2,048 in inglese
N, C, H, W, G = 8, 32, 16, 16, 8
x = torch.zeros(N, C, H, W)
# Le dimensioni lungo cui ciascuna normalizzazione calcola le medie, dopo aver diviso C in G gruppi per la group normalization.
reduced = {
    "batch norm": (x, (0, 2, 3)),
    "layer norm": (x, (1, 2, 3)),
    "instance norm": (x, (2, 3)),
    "group norm, G = 8": (x.reshape(N, G, C // G, H, W), (2, 3, 4)),
}
for name, (tensor, dims) in reduced.items():
    means = tensor.mean(dim=dims).numel()  # una media per ogni insieme di valori che la condividono
    count, size = (format_number(n, lang, 0, grouped=True) for n in (means, tensor.numel() // means))
    print(f"{name:18}: {count:>5} medie, ciascuna su {size:>5} valori")
