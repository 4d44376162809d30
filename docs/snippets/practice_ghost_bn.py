import torch

from batchnorm_explained import batch_norm, format_number

lang = "en"  # the language of the printed numbers: 1.3e−15 in English, 1,3e−15 in Italian
generator = torch.Generator().manual_seed(0)
x = 2 + 3 * torch.randn(256, 16, dtype=torch.float64, generator=generator)  # one step's 256 examples
devices = x.split(32)  # 8 devices, 32 examples each

# Plain BatchNorm under data parallelism: each device normalizes with its own 32 examples.
per_device = torch.cat([batch_norm(share) for share in devices])

# Ghost batch normalization on one device: the same, with the batch cut into 8 "ghost" batches.
ghosts = x.reshape(8, 32, 16).transpose(0, 1).reshape(32, 8 * 16)  # (32, ghost × feature)
ghost = batch_norm(ghosts).reshape(32, 8, 16).transpose(0, 1).reshape(256, 16)

# SyncBatchNorm: the devices add up their counts, sums and sums of squares (an all-reduce),
# so that every device normalizes with the statistics of all 256 examples.
count = sum(len(share) for share in devices)
total = sum(share.sum(dim=0) for share in devices)
total_sq = sum((share**2).sum(dim=0) for share in devices)
mean = total / count
var = total_sq / count - mean**2  # biased, as in Algorithm 1
synced = torch.cat([(share - mean) / torch.sqrt(var + 1e-5) for share in devices])


def largest(t):
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


print(f"largest |ghost − per-device|          = {largest(ghost - per_device)}")
print(f"largest |synced − BN of all 256 at once| = {largest(synced - batch_norm(x))}")
means = torch.stack([share[:, 0].mean() for share in devices])
low, high, overall = (format_number(v, lang, 2) for v in (means.min().item(), means.max().item(), x[:, 0].mean().item()))
print(f"feature 0: the 8 devices' means μ_B run from {low} to {high}; the mean of all 256 is {overall}")
