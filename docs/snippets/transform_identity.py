import torch

from batchnorm_explained import batch_norm, batch_statistics, make_batch

# The notebook's batch read as m = 30 examples of 1,024 features (one per pixel position).
x = make_batch(seed=0).reshape(30, -1).double()
eps = 1e-5

mu_b, var_b = batch_statistics(x)
gamma, beta = torch.sqrt(var_b + eps), mu_b  # γ = √(σ²_B + ε), β = μ_B
y = batch_norm(x, gamma, beta, eps=eps)
print(f"largest |x|     = {x.abs().max().item():.1f}")
print(f"largest |y − x| = {(y - x).abs().max().item():.1e}")
