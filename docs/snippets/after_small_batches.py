import torch

from batchnorm_explained import batch_statistics

# One activation whose population has mean 0 and variance 1: E[x] = 0, Var[x] = 1.
# For each mini-batch size m, draw 10,000 mini-batches and compute μ_B and σ²_B of each.
generator = torch.Generator().manual_seed(0)
print("  m   sd(μ_B)   1/√m   mean(σ²_B)  (m−1)/m   sd(σ²_B)")
for m in (2, 8, 32, 128):
    batches = torch.randn(m, 10_000, dtype=torch.float64, generator=generator)
    # Column k is mini-batch k: batch_statistics reduces over dimension 0, one column at a time.
    mu_b, var_b = batch_statistics(batches)
    print(f"{m:>3}   {mu_b.std().item():7.3f}  {m ** -0.5:5.3f}   {var_b.mean().item():9.3f}"
          f"  {(m - 1) / m:7.3f}   {var_b.std().item():8.3f}")
