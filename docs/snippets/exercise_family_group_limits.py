import torch

from batchnorm_explained import format_number, group_norm, instance_norm, layer_norm

lang = "en"  # the language of the printed numbers: 0.0e+00 in English, 0,0e+00 in Italian
generator = torch.Generator().manual_seed(0)
x = torch.randn(4, 6, 5, 5, dtype=torch.float64, generator=generator)  # (N, C, H, W)
gamma = torch.rand(6, dtype=torch.float64, generator=generator)  # one γ, β per channel
beta = torch.randn(6, dtype=torch.float64, generator=generator)

# G = 1 against layer normalization, each channel's γ and β repeated over its 5 × 5 positions
gamma_all, beta_all = gamma.view(6, 1, 1).expand(6, 5, 5), beta.view(6, 1, 1).expand(6, 5, 5)
one_group = group_norm(x, 1, gamma, beta) - layer_norm(x, (6, 5, 5), gamma_all, beta_all)
# G = C against instance normalization
one_channel = group_norm(x, 6, gamma, beta) - instance_norm(x, gamma, beta)
print(f"G = 1 vs layer_norm over (C, H, W): {format_number(one_group.abs().max().item(), lang, 1, exponent=True)}")
print(f"G = C vs instance_norm:             {format_number(one_channel.abs().max().item(), lang, 1, exponent=True)}")
