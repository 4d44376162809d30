import torch

from batchnorm_explained import batch_norm, batch_norm_backward, format_number

lang = "en"  # the language of the printed numbers: 8.9e−16 in English, 8,9e−16 in Italian
generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # 60 examples, 100 features
gamma = torch.rand(100, dtype=torch.float64, generator=generator)
g = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # ∂ℓ/∂y
eps, m = 1e-5, 60

x_hat = batch_norm(x, eps=eps)  # γ = 1, β = 0: the normalized values
std = torch.sqrt(x.var(dim=0, correction=0) + eps)
compact = gamma / (m * std) * (m * g - g.sum(dim=0) - x_hat * (g * x_hat).sum(dim=0))

paper, _, _ = batch_norm_backward(g, x, gamma, eps)  # the six formulas of section 3
difference = (compact - paper).abs().max().item()
print(f"largest |compact − paper| = {format_number(difference, lang, 1, exponent=True)}")
