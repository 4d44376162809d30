import torch

from batchnorm_explained import batch_norm

x = torch.tensor([[1.0], [2.0], [3.0], [6.0]], dtype=torch.float64)  # one activation, m = 4
y = batch_norm(x, gamma=2.0, beta=1.0, eps=0.0)
print(f"y = {[round(v, 3) for v in y.flatten().tolist()]}")
print(f"mean(y) = {y.mean().item():.3f}, biased std(y) = {y.std(correction=0).item():.3f}")
