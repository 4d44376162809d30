import torch

from batchnorm_explained import batch_norm, format_number, make_batch

lang = "en"  # the language of the printed numbers: 0.8660 in English, 0,8660 in Italian
A = make_batch(seed=0).reshape(30, -1)  # the notebook's batch: 30 examples of 1,024 features
gamma, beta, eps = 2.0, 0.5, 1e-5
# The notebook's line, turned into Algorithm 1: per feature (dim=0), biased variance, ε = 1e-5.
y = gamma * (A - A.mean(dim=0)) / torch.sqrt(A.var(dim=0, correction=0) + eps) + beta
difference = (y - batch_norm(A, gamma, beta, eps)).abs().max().item()
print(f"largest |fixed line − batch_norm| = {format_number(difference, lang, 1, exponent=True)}")

# With m = 4 and the unbiased variance instead, the normalized values have a smaller spread.
x = torch.tensor([1.0, 2.0, 3.0, 6.0], dtype=torch.float64)
x_hat = (x - x.mean()) / x.var().sqrt()  # x.var() divides by m − 1
spread = x_hat.std(correction=0).item()  # with 1/m, as Algorithm 1 computes it
print(f"m = 4, unbiased variance: biased std of x̂ = {format_number(spread, lang, 4)}, "
      f"√(3/4) = {format_number((3 / 4) ** 0.5, lang, 4)}")
