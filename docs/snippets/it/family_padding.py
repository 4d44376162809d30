# translation_of: 5a5b6db140dd
import torch

from batchnorm_explained import batch_norm, format_number, layer_norm

lang = "it"  # la lingua dei numeri stampati: −1,78 in italiano, −1.78 in inglese
generator = torch.Generator().manual_seed(0)
d = 4  # feature per token
sentence_a = torch.randn(5, d, generator=generator)  # 5 token
sentence_b = torch.randn(2, d, generator=generator)  # 2 token, completati con vettori nulli


def padded_batch(length):
    """Le due frasi completate con il padding fino a `length` token: forma (N, T, d) = (2, length, d)."""
    batch = torch.zeros(2, length, d)
    batch[0, :5], batch[1, :2] = sentence_a, sentence_b
    return batch


def show(values):  # un numero per feature, uno accanto all'altro
    return "[" + "  ".join(format_number(v, lang, 2, sign=True) for v in values.tolist()) + "]"


print("il primo token della frase A, normalizzato:")
for length in (5, 8):
    batch = padded_batch(length)
    # Batch normalization: una media e una varianza per feature, su tutti i token di tutte le frasi.
    bn = batch_norm(batch.transpose(1, 2)).transpose(1, 2)  # (N, d, T): statistiche su N·T valori
    # Layer normalization: una media e una varianza per token, sulle sue d feature.
    ln = layer_norm(batch, d)
    print(f"  con il padding fino a {length} token: BN {show(bn[0, 0])}; LN {show(ln[0, 0])}")
