import torch

N, C, H, W = 32, 64, 28, 28
layer = torch.nn.BatchNorm2d(C)
parameters = sum(p.numel() for p in layer.parameters())  # γ and β
buffers = {name: tuple(b.shape) for name, b in layer.named_buffers()}
m = N * H * W  # values behind each channel's statistics
print(f"learned parameters: {parameters}; buffers: {buffers}")
print(f"each statistic over m′ = {m:,} values; Bessel's factor m′/(m′ − 1) = {m / (m - 1):.6f}")
