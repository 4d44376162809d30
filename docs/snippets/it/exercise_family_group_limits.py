# translation_of: 616ce9f2dfbd
import torch

from batchnorm_explained import format_number, group_norm, instance_norm, layer_norm

lang = "it"  # la lingua dei numeri stampati: 0,0e+00 in italiano, 0.0e+00 in inglese
generator = torch.Generator().manual_seed(0)
x = torch.randn(4, 6, 5, 5, dtype=torch.float64, generator=generator)  # (N, C, H, W)
gamma = torch.rand(6, dtype=torch.float64, generator=generator)  # un γ e un β per canale
beta = torch.randn(6, dtype=torch.float64, generator=generator)

# G = 1 a confronto con la layer normalization, con γ e β di ogni canale ripetuti sulle sue 5 × 5 posizioni
gamma_all, beta_all = gamma.view(6, 1, 1).expand(6, 5, 5), beta.view(6, 1, 1).expand(6, 5, 5)
one_group = group_norm(x, 1, gamma, beta) - layer_norm(x, (6, 5, 5), gamma_all, beta_all)
# G = C a confronto con la instance normalization
one_channel = group_norm(x, 6, gamma, beta) - instance_norm(x, gamma, beta)
print(f"G = 1 contro layer_norm su (C, H, W): {format_number(one_group.abs().max().item(), lang, 1, exponent=True)}")
print(f"G = C contro instance_norm:           {format_number(one_channel.abs().max().item(), lang, 1, exponent=True)}")
