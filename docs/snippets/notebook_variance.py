import torch

from batchnorm_explained import make_batch

A = make_batch(batch_size=30, height=32, width=32, seed=0).double()  # float64: exact ratios
m = A.numel()
print(f"m = {m}")
print(f"A.var()             = {A.var():.4f}  (torch's default: correction=1, divide by m − 1)")
print(f"A.var(correction=1) = {A.var(correction=1):.4f}")
print(f"A.var(correction=0) = {A.var(correction=0):.4f}  (Algorithm 1: divide by m)")
print(f"A.numpy().var()     = {A.numpy().var():.4f}  (NumPy's default: divide by m)")
print(f"ratio = {A.var(correction=1) / A.var(correction=0):.6f},  m/(m−1) = {m / (m - 1):.6f}")

x = A[:4, 0, 0]  # a mini-batch of 4: the first pixel of the first 4 images
print(f"m = 4: ratio = {x.var(correction=1) / x.var(correction=0):.4f},  m/(m−1) = {4 / 3:.4f},  "
      f"√(m/(m−1)) = {(4 / 3) ** 0.5:.4f}")
