import torch

from batchnorm_explained import batch_norm

generator = torch.Generator().manual_seed(0)
# Pre-activations of 100 sigmoid units over a mini-batch of 60 examples, after the layers
# below have drifted: mean 5, standard deviation 2.
x = 5 + 2 * torch.randn(60, 100, dtype=torch.float64, generator=generator)


def sigmoid_derivative(z):  # g′(z) = g(z)(1 − g(z)), largest at z = 0 where it is 1/4
    g = torch.sigmoid(z)
    return g * (1 - g)


print(f"mean g′(x) before BN = {sigmoid_derivative(x).mean().item():.3f}")
print(f"mean g′(x) after BN  = {sigmoid_derivative(batch_norm(x)).mean().item():.3f}")
print(f"g′(0)                = {sigmoid_derivative(torch.tensor(0.0)).item():.3f}")
