import torch

from batchnorm_explained import batch_statistics, format_number

lang = "en"  # the language of the printed numbers: 2.985 in English, 2,985 in Italian
generator = torch.Generator().manual_seed(0)
shift = torch.tensor([0.0, 3.0, -5.0]).view(1, 3, 1, 1)  # each feature map its own offset ...
scale = torch.tensor([1.0, 2.0, 0.5]).view(1, 3, 1, 1)  # ... and its own spread
x = shift + scale * torch.randn(8, 3, 5, 5, dtype=torch.float64, generator=generator)  # (N, C, H, W)
N, C, H, W = x.shape


def show(values):  # one number per channel, side by side
    return "[" + "  ".join(format_number(v, lang, 3) for v in values.tolist()) + "]"


# By hand: gather each channel's N·H·W values in one row, then Algorithm 1's statistics
per_channel = x.transpose(0, 1).reshape(C, -1)  # (C, N·H·W)
mu = per_channel.mean(dim=1)
var = ((per_channel - mu[:, None]) ** 2).mean(dim=1)  # biased: divide by m′
print(f"m′ = N·H·W = {N}·{H}·{W} = {per_channel.shape[1]} values per channel")
print(f"μ_B  per channel: {show(mu)}")
print(f"σ²_B per channel: {show(var)}")

mu_lib, var_lib = batch_statistics(x)
gap = max((mu - mu_lib).abs().max(), (var - var_lib).abs().max()).item()
print(f"largest |by hand − batch_statistics| = {format_number(gap, lang, 1, exponent=True)}")

# Normalize with them (γ = 1, β = 0, as BatchNorm2d starts) and compare with torch, training mode
x_hat = (x - mu.view(1, C, 1, 1)) / torch.sqrt(var.view(1, C, 1, 1) + 1e-5)
y_torch = torch.nn.BatchNorm2d(C, dtype=torch.float64)(x)
print(f"largest |by hand − torch.nn.BatchNorm2d| = {format_number((x_hat - y_torch).abs().max().item(), lang, 1, exponent=True)}")
