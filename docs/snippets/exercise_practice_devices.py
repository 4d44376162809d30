import torch

generator = torch.Generator().manual_seed(0)
x = torch.randn(10_000, 32, generator=generator)  # 10,000 steps, 32 values of an activation with σ = 1
per_device = x[:, :4].mean(dim=1).std().item()  # one GPU: the mean μ_B of its 4 examples
synced = x.mean(dim=1).std().item()  # SyncBatchNorm: the mean of all 32
print(f"sd(μ_B) / σ: {per_device:.3f} with 4 examples, {synced:.3f} with 32")
print(f"ratio {per_device / synced:.2f}, against √(32/4) = {(32 / 4) ** 0.5:.2f}")
