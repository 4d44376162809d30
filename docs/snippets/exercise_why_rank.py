import torch

generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # m = 60 examples, d = 100 activations
centred = x - x.mean(dim=0)
covariance = centred.T @ centred / 60  # the mini-batch's d × d covariance matrix
eigenvalues = torch.linalg.eigvalsh(covariance)  # in increasing order
print(f"rank of the covariance: {torch.linalg.matrix_rank(covariance).item()} of {covariance.shape[0]}")
print(f"eigenvalues: {(eigenvalues.abs() < 1e-12).sum().item()} are zero up to rounding; "
      f"the smallest nonzero one is {eigenvalues[eigenvalues.abs() > 1e-12].min().item():.3f}")
