import torch

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 0.500 in English, 0,500 in Italian
generator = torch.Generator().manual_seed(0)
x = torch.randn(10_000, 32, generator=generator)  # 10,000 steps, 32 values of an activation with σ = 1
per_device = x[:, :4].mean(dim=1).std().item()  # one GPU: the mean μ_B of its 4 examples
synced = x.mean(dim=1).std().item()  # SyncBatchNorm: the mean of all 32
print(f"sd(μ_B) / σ: {format_number(per_device, lang, 3)} with 4 examples, {format_number(synced, lang, 3)} with 32")
print(f"ratio {format_number(per_device / synced, lang, 2)}, against √(32/4) = {format_number((32 / 4) ** 0.5, lang, 2)}")
