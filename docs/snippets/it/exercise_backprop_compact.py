# translation_of: a1f69cc6752b
import torch

from batchnorm_explained import batch_norm, batch_norm_backward, format_number

lang = "it"  # la lingua dei numeri stampati: 8,9e−16 in italiano, 8.9e−16 in inglese
generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # 60 esempi, 100 feature
gamma = torch.rand(100, dtype=torch.float64, generator=generator)
g = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # ∂ℓ/∂y
eps, m = 1e-5, 60

x_hat = batch_norm(x, eps=eps)  # γ = 1, β = 0: i valori normalizzati
std = torch.sqrt(x.var(dim=0, correction=0) + eps)
compact = gamma / (m * std) * (m * g - g.sum(dim=0) - x_hat * (g * x_hat).sum(dim=0))

paper, _, _ = batch_norm_backward(g, x, gamma, eps)  # le sei formule della sezione 3
difference = (compact - paper).abs().max().item()
print(f"massimo di |formula compatta − articolo| = {format_number(difference, lang, 1, exponent=True)}")
