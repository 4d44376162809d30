import torch

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 0.116 in English, 0,116 in Italian
generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # m = 60 examples, d = 100
centred = x - x.mean(dim=0)
covariance = centred.T @ centred / 60  # the mini-batch's d × d covariance matrix
eigenvalues = torch.linalg.eigvalsh(covariance)  # real, since the matrix is symmetric
nonzero = eigenvalues[eigenvalues.abs() > 1e-12]  # the rest are zero up to rounding
print(f"rank of the covariance: {len(nonzero)} of {covariance.shape[0]}")
print(f"eigenvalues: {100 - len(nonzero)} are zero up to rounding; "
      f"the smallest nonzero one is {format_number(nonzero.min().item(), lang, 3)}")
