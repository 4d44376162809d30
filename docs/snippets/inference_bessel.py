import torch

from batchnorm_explained import batch_statistics, format_number

lang = "en"  # the language of the printed numbers: 2.996 in English, 2,996 in Italian
generator = torch.Generator().manual_seed(0)
var_x = 4.0  # the population: Gaussian with standard deviation 2, so Var[x] = 4

for m in (4, 60):
    # 100,000 mini-batches of m values: column j of this (m, 100000) tensor is mini-batch j
    batches = 2.0 * torch.randn(m, 100_000, dtype=torch.float64, generator=generator)
    _, var_b = batch_statistics(batches)  # the biased σ²_B of every mini-batch (Algorithm 1)
    average = var_b.mean().item()  # E_B[σ²_B]
    expected = (m - 1) / m * var_x
    print(f"m = {m:2d}:  E_B[σ²_B] = {format_number(average, lang, 3)}  (expected (m−1)/m · Var[x] = {format_number(expected, lang, 3)})")
    print(f"          m/(m−1) · E_B[σ²_B] = {format_number(m / (m - 1) * average, lang, 3)}  (Var[x] = {format_number(var_x, lang, 0)})")
