from batchnorm_explained import batch_norm, batch_statistics, format_number, make_batch

lang = "en"  # the language of the printed numbers: 1.6e−16 in English, 1,6e−16 in Italian
# The notebook's batch read as m = 30 examples of 1,024 features (one per pixel position).
x = make_batch(seed=0).reshape(30, -1).double()
eps = 1e-5

x_hat = batch_norm(x, eps=eps)  # γ = 1, β = 0: the normalized x̂ of every feature
mean, var = x_hat.mean(0), x_hat.var(0, correction=0)  # per feature, over the mini-batch
_, var_b = batch_statistics(x)
print(f"largest |mean of x̂|         = {format_number(mean.abs().max().item(), lang, 1, exponent=True)}")
print(f"largest |variance of x̂ − 1| = {format_number((var - 1).abs().max().item(), lang, 1, exponent=True)}")
print(f"largest ε / (σ²_B + ε)      = {format_number((eps / (var_b + eps)).max().item(), lang, 1, exponent=True)}")
