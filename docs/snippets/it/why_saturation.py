# translation_of: 9939af48ac46
import torch

from batchnorm_explained import batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: 0,207 in italiano, 0.207 in inglese
generator = torch.Generator().manual_seed(0)
# Pre-attivazioni di 100 unità sigmoidali su un mini-batch di 60 esempi, dopo che gli strati
# precedenti le hanno spostate: media 5, deviazione standard 2.
x = 5 + 2 * torch.randn(60, 100, dtype=torch.float64, generator=generator)


def sigmoid_derivative(z):  # g′(z) = g(z)(1 − g(z)), massima in z = 0, dove vale 1/4
    g = torch.sigmoid(z)
    return g * (1 - g)


before = sigmoid_derivative(x).mean().item()
after = sigmoid_derivative(batch_norm(x)).mean().item()
at_zero = sigmoid_derivative(torch.tensor(0.0)).item()
print(f"media di g′(x) prima della BN = {format_number(before, lang, 3)}")
print(f"media di g′(x) dopo la BN     = {format_number(after, lang, 3)}")
print(f"g′(0)                         = {format_number(at_zero, lang, 3)}")
