# translation_of: ef1bef8aee53
import torch

from batchnorm_explained import batch_statistics, format_number

lang = "it"  # la lingua dei numeri stampati: 0,714 in italiano, 0.714 in inglese
# Un'attivazione la cui popolazione ha media 0 e varianza 1: E[x] = 0, Var[x] = 1.
# Per ogni dimensione m del mini-batch si estraggono 10.000 mini-batch e si calcolano μ_B e σ²_B di ciascuno.
generator = torch.Generator().manual_seed(0)
# ds: la deviazione standard, da un mini-batch all'altro
print("  m   ds(μ_B)   1/√m   media(σ²_B)  (m−1)/m   ds(σ²_B)")
for m in (2, 8, 32, 128):
    batches = torch.randn(m, 10_000, dtype=torch.float64, generator=generator)
    # La colonna k è il mini-batch k: batch_statistics riduce lungo la dimensione 0, una colonna alla volta.
    mu_b, var_b = batch_statistics(batches)
    row = [mu_b.std().item(), m**-0.5, var_b.mean().item(), (m - 1) / m, var_b.std().item()]
    sd_mu, root, mean_var, ratio, sd_var = (format_number(value, lang, 3) for value in row)
    print(f"{m:>3}   {sd_mu:>7}  {root:>5}   {mean_var:>11}  {ratio:>7}   {sd_var:>8}")
