# translation_of: 0c527ede7860
from batchnorm_explained import batch_norm, batch_statistics, format_number, make_batch

lang = "it"  # la lingua dei numeri stampati: 1,6e−16 in italiano, 1.6e−16 in inglese
# Il batch del notebook letto come m = 30 esempi di 1.024 feature (una per posizione di pixel).
x = make_batch(seed=0).reshape(30, -1).double()
eps = 1e-5

x_hat = batch_norm(x, eps=eps)  # γ = 1, β = 0: gli x̂ normalizzati di ogni feature
mean, var = x_hat.mean(0), x_hat.var(0, correction=0)  # per feature, sul mini-batch
_, var_b = batch_statistics(x)
print(f"massimo di |media di x̂|        = {format_number(mean.abs().max().item(), lang, 1, exponent=True)}")
print(f"massimo di |varianza di x̂ − 1| = {format_number((var - 1).abs().max().item(), lang, 1, exponent=True)}")
print(f"massimo di ε / (σ²_B + ε)      = {format_number((eps / (var_b + eps)).max().item(), lang, 1, exponent=True)}")
