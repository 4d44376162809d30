# ---
# jupyter:
#   description: "The project's original notebook, executed while the site was built: a batch of random images, its histogram, the whole-batch transform, the γ/β sweep and how it differs from the paper."
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A batch normalization example
#
# This is the notebook the project grew from, executed while the site was built. It makes a
# batch of 30 random 32×32 images, looks at the histogram of their pixel values, then
# normalizes the batch and rescales it with a scale $\gamma$ and a shift $\beta$. Every
# function comes from the project's library, `batchnorm_explained`; download the notebook to
# run it yourself.

# %%
# %matplotlib inline
from batchnorm_explained import (
    batch_norm,
    batch_summary,
    describe_batch,
    format_number,
    make_batch,
    normalize_whole,
    plot_gamma_beta_sweep,
)

lang = "en"  # the language of the figures' labels and of the printed numbers

# %% [markdown]
# ## The batch
#
# Image $i$ is Gaussian noise times an integer $a_i \in [0, 5)$ plus an integer
# $b_i \in [0, 50)$, so every image has its own spread and its own offset. The seed makes the
# batch the same at every run.

# %%
batch = make_batch(batch_size=30, height=32, width=32, seed=0)
print(batch.shape, batch.dtype)

# %% [markdown]
# Pooled together, the pixel values form a ragged histogram: one bump per group of images
# sharing an offset, some of them narrow spikes (an image with $a_i = 0$ is constant).

# %%
describe_batch(batch, lang=lang)

# %% [markdown]
# ## Normalizing the whole batch
#
# The notebook subtracts the batch's mean $\mu$ and divides by its standard deviation, then
# scales by $\gamma$ and shifts by $\beta$:
#
# $$y = \gamma \, \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta$$
#
# With $\gamma = 1$ and $\beta = 0$ the result has mean 0 and variance 1:

# %%
normalized = normalize_whole(batch, gamma=1.0, beta=0.0)
summary = batch_summary(normalized)
print(f"mean = {format_number(summary['mean'], lang, 1, exponent=True)}, variance = {format_number(summary['var'], lang, 6)}")

# %% [markdown]
# Now the sweep: $\gamma$ in (1, 10, 100) down the rows, $\beta$ in (0, 10, 100) across the
# columns. Every panel keeps the shape of the input histogram; only its position and width
# change. After the transform the batch has mean $\beta$ and standard deviation $\gamma$,
# whatever the scale and offset it started from: this is why $\gamma$ and $\beta$ let a
# network choose the distribution each layer sees.

# %%
plot_gamma_beta_sweep(batch, lang=lang)

# %% [markdown]
# ## How the notebook differs from the paper
#
# The notebook shows the idea; the paper's Algorithm 1 differs in three ways.
#
# 1. **Per feature, not the whole tensor.** The paper normalizes each activation separately
#    over the mini-batch: in a fully-connected layer each feature has its own statistics, in
#    a convolutional layer each channel, pooled over the batch *and* every position
#    (section 3.2). The notebook uses one mean and one variance for the whole tensor.
# 2. **Biased variance.** Algorithm 1 divides the sum of squared deviations by the number
#    of values $m$; `Tensor.var()`, which the notebook calls, divides by $m - 1$ (Bessel's
#    correction). Here $m$ is every value of the tensor, 30 × 32 × 32 = 30,720.
# 3. **$\epsilon$.** The notebook adds $10^{-16}$, which float32 rounds away when added to
#    any variance of order 1 or more (this batch's is about 187); PyTorch's default is
#    $10^{-5}$.
#
# Read as one-channel images, the batch is a single feature map, so the convolutional rule
# pools exactly the values the notebook pools: the two results differ only by the variance
# estimator, a factor $\sqrt{m / (m - 1)}$ (both $\epsilon$ are negligible here).

# %%
m = batch.numel()
conv = batch_norm(batch.unsqueeze(1)).squeeze(1)  # (N, C=1, H, W): one channel
whole = normalize_whole(batch)
gap = (conv - whole * (m / (m - 1)) ** 0.5).abs().max().item()
print(f"largest |conv − whole·√(m/(m−1))|: {format_number(gap, lang, 1, exponent=True)}")

# %% [markdown]
# Read instead each of the 1,024 pixel positions as a feature, as a fully-connected layer
# would, and the paper's transform makes *every pixel* have mean 0 and variance 1 over the
# 30 images, which the whole-tensor version does not:

# %%
features = batch.reshape(30, -1)  # (N, C): one feature per pixel position
per_feature = batch_norm(features)
whole = normalize_whole(features)
print(f"largest |per-pixel mean| after batch_norm:       {format_number(per_feature.mean(0).abs().max().item(), lang, 1, exponent=True)}")
print(f"largest |per-pixel mean| after normalize_whole:  {format_number(whole.mean(0).abs().max().item(), lang, 2)}")

# %% [markdown]
# The [API reference](../reference/) documents every function used here, with the
# equation of the paper each one implements.
