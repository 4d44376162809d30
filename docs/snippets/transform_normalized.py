from batchnorm_explained import batch_norm, batch_statistics, make_batch

# The notebook's batch read as m = 30 examples of 1,024 features (one per pixel position).
x = make_batch(seed=0).reshape(30, -1).double()
eps = 1e-5

x_hat = batch_norm(x, eps=eps)  # γ = 1, β = 0: the normalized x̂ of every feature
mean, var = x_hat.mean(0), x_hat.var(0, correction=0)  # per feature, over the mini-batch
_, var_b = batch_statistics(x)
print(f"largest |mean of x̂|         = {mean.abs().max().item():.1e}")
print(f"largest |variance of x̂ − 1| = {(var - 1).abs().max().item():.1e}")
print(f"largest ε / (σ²_B + ε)      = {(eps / (var_b + eps)).max().item():.1e}")
