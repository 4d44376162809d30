import torch

from batchnorm_explained import batch_norm, make_batch, normalize_whole

A = make_batch(batch_size=30, height=32, width=32, seed=0)  # (30, 32, 32), the notebook's batch


def spread(values, dim):
    # range of the means and standard deviations (1/m form) taken along `dim`
    means, stds = values.mean(dim), values.std(dim, correction=0)
    return f"means in [{means.min():+.2f}, {means.max():+.2f}], stds in [{stds.min():.2f}, {stds.max():.2f}]"


pixels = A.reshape(30, -1)  # (N, C) = (30, 1024): each pixel position as a feature
whole = normalize_whole(pixels)  # the notebook: one mean and one variance for everything
print("normalize_whole (one mean, one variance for all 30,720 values):")
print(f"  per image: {spread(whole, 1)}")
print(f"  per pixel: {spread(whole, 0)}")

per_feature = batch_norm(pixels)  # Algorithm 1: each pixel position over the 30 images
print("batch_norm, each pixel position a feature (30 values each):")
print(f"  per pixel: largest |mean| = {per_feature.mean(0).abs().max():.1e}, "
      f"largest |std − 1| = {(per_feature.std(0, correction=0) - 1).abs().max():.1e}")

# One-channel images: a single feature map, so both pool the same 30,720 values
m = A.numel()
one_channel = batch_norm(A.unsqueeze(1)).squeeze(1)  # (N, C=1, H, W)
gap = (one_channel - normalize_whole(A) * (m / (m - 1)) ** 0.5).abs().max()
print(f"one channel: largest |batch_norm − normalize_whole·√(m/(m−1))| = {gap:.1e}")
