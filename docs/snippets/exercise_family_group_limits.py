import torch

from batchnorm_explained import group_norm, instance_norm, layer_norm

generator = torch.Generator().manual_seed(0)
x = torch.randn(4, 6, 5, 5, dtype=torch.float64, generator=generator)  # (N, C, H, W)
gamma = torch.rand(6, dtype=torch.float64, generator=generator)  # one γ, β per channel
beta = torch.randn(6, dtype=torch.float64, generator=generator)

one_group = group_norm(x, 1, gamma, beta)
per_channel = gamma.view(6, 1, 1).expand(6, 5, 5), beta.view(6, 1, 1).expand(6, 5, 5)
print(f"G = 1 vs layer_norm over (C, H, W): {(one_group - layer_norm(x, (6, 5, 5), *per_channel)).abs().max().item():.1e}")
print(f"G = C vs instance_norm:             {(group_norm(x, 6, gamma, beta) - instance_norm(x, gamma, beta)).abs().max().item():.1e}")
