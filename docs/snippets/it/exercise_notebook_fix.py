# translation_of: 87995d8c2e41
import torch

from batchnorm_explained import batch_norm, format_number, make_batch

lang = "it"  # la lingua dei numeri stampati: 0,8660 in italiano, 0.8660 in inglese
A = make_batch(seed=0).reshape(30, -1)  # il batch del notebook: 30 esempi di 1.024 feature
gamma, beta, eps = 2.0, 0.5, 1e-5
# La riga del notebook, riscritta secondo l'Algoritmo 1: per feature (dim=0), varianza distorta, ε = 1e-5.
y = gamma * (A - A.mean(dim=0)) / torch.sqrt(A.var(dim=0, correction=0) + eps) + beta
difference = (y - batch_norm(A, gamma, beta, eps)).abs().max().item()
print(f"massimo di |riga corretta − batch_norm| = {format_number(difference, lang, 1, exponent=True)}")

# Con m = 4 e la varianza non distorta, invece, i valori normalizzati sono meno dispersi.
x = torch.tensor([1.0, 2.0, 3.0, 6.0], dtype=torch.float64)
x_hat = (x - x.mean()) / x.var().sqrt()  # x.var() divide per m − 1
spread = x_hat.std(correction=0).item()  # con 1/m, come la calcola l'Algoritmo 1
print(f"m = 4, varianza non distorta: dev. std. distorta di x̂ = {format_number(spread, lang, 4)}; "
      f"√(3/4) = {format_number((3 / 4) ** 0.5, lang, 4)}")
