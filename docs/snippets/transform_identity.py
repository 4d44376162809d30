import torch

from batchnorm_explained import batch_norm, batch_statistics, format_number, make_batch

lang = "en"  # the language of the printed numbers: 58.5 in English, 58,5 in Italian
# The notebook's batch read as m = 30 examples of 1,024 features (one per pixel position).
x = make_batch(seed=0).reshape(30, -1).double()
eps = 1e-5

mu_b, var_b = batch_statistics(x)
gamma, beta = torch.sqrt(var_b + eps), mu_b  # γ = √(σ²_B + ε), β = μ_B
y = batch_norm(x, gamma, beta, eps=eps)
print(f"largest |x|     = {format_number(x.abs().max().item(), lang, 1)}")
print(f"largest |y − x| = {format_number((y - x).abs().max().item(), lang, 1, exponent=True)}")
