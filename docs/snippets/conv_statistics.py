import torch

from batchnorm_explained import batch_statistics

generator = torch.Generator().manual_seed(0)
shift = torch.tensor([0.0, 3.0, -5.0]).view(1, 3, 1, 1)  # each feature map its own offset ...
scale = torch.tensor([1.0, 2.0, 0.5]).view(1, 3, 1, 1)  # ... and its own spread
x = shift + scale * torch.randn(8, 3, 5, 5, dtype=torch.float64, generator=generator)  # (N, C, H, W)
N, C, H, W = x.shape

# By hand: gather each channel's N·H·W values in one row, then Algorithm 1's statistics
per_channel = x.transpose(0, 1).reshape(C, -1)  # (C, N·H·W)
mu = per_channel.mean(dim=1)
var = ((per_channel - mu[:, None]) ** 2).mean(dim=1)  # biased: divide by m′
print(f"m′ = N·H·W = {N}·{H}·{W} = {per_channel.shape[1]} values per channel")
print(f"μ_B  per channel: {[round(v, 3) for v in mu.tolist()]}")
print(f"σ²_B per channel: {[round(v, 3) for v in var.tolist()]}")

mu_lib, var_lib = batch_statistics(x)
print(f"largest |by hand − batch_statistics| = {max((mu - mu_lib).abs().max(), (var - var_lib).abs().max()):.1e}")

# Normalize with them (γ = 1, β = 0, as BatchNorm2d starts) and compare with torch, training mode
x_hat = (x - mu.view(1, C, 1, 1)) / torch.sqrt(var.view(1, C, 1, 1) + 1e-5)
y_torch = torch.nn.BatchNorm2d(C, dtype=torch.float64)(x)
print(f"largest |by hand − torch.nn.BatchNorm2d| = {(x_hat - y_torch).abs().max():.1e}")
