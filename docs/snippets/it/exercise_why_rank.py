# translation_of: 714c57e86e87
import torch

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 0,116 in italiano, 0.116 in inglese
generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # m = 60 esempi, d = 100
centred = x - x.mean(dim=0)
covariance = centred.T @ centred / 60  # la matrice di covarianza d × d del mini-batch
eigenvalues = torch.linalg.eigvalsh(covariance)  # reali, perché la matrice è simmetrica
nonzero = eigenvalues[eigenvalues.abs() > 1e-12]  # gli altri sono nulli a meno degli arrotondamenti
print(f"rango della covarianza: {len(nonzero)} su {covariance.shape[0]}")
print(f"autovalori: {100 - len(nonzero)} sono nulli a meno degli arrotondamenti; "
      f"il più piccolo non nullo vale {format_number(nonzero.min().item(), lang, 3)}")
