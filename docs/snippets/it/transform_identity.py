# translation_of: af522500eacf
import torch

from batchnorm_explained import batch_norm, batch_statistics, format_number, make_batch

lang = "it"  # la lingua dei numeri stampati: 58,5 in italiano, 58.5 in inglese
# Il batch del notebook letto come m = 30 esempi di 1.024 feature (una per posizione di pixel).
x = make_batch(seed=0).reshape(30, -1).double()
eps = 1e-5

mu_b, var_b = batch_statistics(x)
gamma, beta = torch.sqrt(var_b + eps), mu_b  # γ = √(σ²_B + ε), β = μ_B
y = batch_norm(x, gamma, beta, eps=eps)
print(f"massimo di |x|     = {format_number(x.abs().max().item(), lang, 1)}")
print(f"massimo di |y − x| = {format_number((y - x).abs().max().item(), lang, 1, exponent=True)}")
