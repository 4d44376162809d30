from batchnorm_explained import batch_norm, format_number, make_batch, normalize_whole

lang = "en"  # the language of the printed numbers: −1.74 in English, −1,74 in Italian
A = make_batch(batch_size=30, height=32, width=32, seed=0)  # (30, 32, 32), the notebook's batch


def spread(values, dim):
    # range of the means and standard deviations (1/m form) taken along `dim`
    means, stds = values.mean(dim), values.std(dim, correction=0)
    signed = [format_number(v.item(), lang, 2, sign=True) for v in (means.min(), means.max())]
    return signed + [format_number(v.item(), lang, 2) for v in (stds.min(), stds.max())]


pixels = A.reshape(30, -1)  # (N, C) = (30, 1024): each pixel position as a feature
whole = normalize_whole(pixels)  # the notebook: one mean and one variance for everything
print(f"normalize_whole (one mean, one variance for all {format_number(pixels.numel(), lang, 0, grouped=True)} values):")
low, high, narrowest, widest = spread(whole, 1)
print(f"  per image: means in [{low}, {high}], stds in [{narrowest}, {widest}]")
low, high, narrowest, widest = spread(whole, 0)
print(f"  per pixel: means in [{low}, {high}], stds in [{narrowest}, {widest}]")

per_feature = batch_norm(pixels)  # Algorithm 1: each pixel position over the 30 images
mean_gap = per_feature.mean(0).abs().max().item()
std_gap = (per_feature.std(0, correction=0) - 1).abs().max().item()
print("batch_norm, each pixel position a feature (30 values each):")
print(f"  per pixel: largest |mean| = {format_number(mean_gap, lang, 1, exponent=True)}, "
      f"largest |std − 1| = {format_number(std_gap, lang, 1, exponent=True)}")

# One-channel images: a single feature map, so both pool the same 30,720 values
m = A.numel()
one_channel = batch_norm(A.unsqueeze(1)).squeeze(1)  # (N, C=1, H, W)
gap = (one_channel - normalize_whole(A) * (m / (m - 1)) ** 0.5).abs().max().item()
print(f"one channel: largest |batch_norm − normalize_whole·√(m/(m−1))| = {format_number(gap, lang, 1, exponent=True)}")
