import torch

from batchnorm_explained import batch_statistics, format_number

lang = "en"  # the language of the printed numbers: 0.714 in English, 0,714 in Italian
# One activation whose population has mean 0 and variance 1: E[x] = 0, Var[x] = 1.
# For each mini-batch size m, draw 10,000 mini-batches and compute μ_B and σ²_B of each.
generator = torch.Generator().manual_seed(0)
print("  m   sd(μ_B)   1/√m    mean(σ²_B)  (m−1)/m   sd(σ²_B)")
for m in (2, 8, 32, 128):
    batches = torch.randn(m, 10_000, dtype=torch.float64, generator=generator)
    # Column k is mini-batch k: batch_statistics reduces over dimension 0, one column at a time.
    mu_b, var_b = batch_statistics(batches)
    row = [mu_b.std().item(), m**-0.5, var_b.mean().item(), (m - 1) / m, var_b.std().item()]
    sd_mu, root, mean_var, ratio, sd_var = (format_number(value, lang, 3) for value in row)
    print(f"{m:>3}   {sd_mu:>7}  {root:>5}   {mean_var:>11}  {ratio:>7}   {sd_var:>8}")
