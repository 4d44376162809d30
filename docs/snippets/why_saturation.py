import torch

from batchnorm_explained import batch_norm, format_number

lang = "en"  # the language of the printed numbers: 0.207 in English, 0,207 in Italian
generator = torch.Generator().manual_seed(0)
# Pre-activations of 100 sigmoid units over a mini-batch of 60 examples, after the layers
# below have drifted: mean 5, standard deviation 2.
x = 5 + 2 * torch.randn(60, 100, dtype=torch.float64, generator=generator)


def sigmoid_derivative(z):  # g′(z) = g(z)(1 − g(z)), largest at z = 0 where it is 1/4
    g = torch.sigmoid(z)
    return g * (1 - g)


before = sigmoid_derivative(x).mean().item()
after = sigmoid_derivative(batch_norm(x)).mean().item()
at_zero = sigmoid_derivative(torch.tensor(0.0)).item()
print(f"mean g′(x) before BN = {format_number(before, lang, 3)}")
print(f"mean g′(x) after BN  = {format_number(after, lang, 3)}")
print(f"g′(0)                = {format_number(at_zero, lang, 3)}")
