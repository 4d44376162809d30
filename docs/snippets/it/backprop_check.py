# translation_of: 4398888c52da
import torch
import torch.nn.functional as F

from batchnorm_explained import batch_norm_backward, format_number

lang = "it"  # la lingua dei numeri stampati: 1,8e−15 in italiano, 1.8e−15 in inglese
generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # 60 esempi, 100 feature
gamma = torch.rand(100, dtype=torch.float64, generator=generator) + 0.5
grad_y = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # un ∂ℓ/∂y qualsiasi

# L'autograd attraverso la batch normalization di PyTorch ...
x_ = x.clone().requires_grad_()
gamma_ = gamma.clone().requires_grad_()
beta_ = torch.zeros(100, dtype=torch.float64, requires_grad=True)
F.batch_norm(x_, None, None, gamma_, beta_, training=True).backward(grad_y)

# ... a confronto con le formule riportate nella sezione 3 dell'articolo.
grad_x, grad_gamma, grad_beta = batch_norm_backward(grad_y, x, gamma)
for name, paper, autograd in [
    ("∂ℓ/∂x", grad_x, x_.grad),
    ("∂ℓ/∂γ", grad_gamma, gamma_.grad),
    ("∂ℓ/∂β", grad_beta, beta_.grad),
]:
    difference = (paper - autograd).abs().max().item()
    print(f"{name}: massimo di |articolo − autograd| = {format_number(difference, lang, 1, exponent=True)}")
print(f"massimo di |∂ℓ/∂x|: {format_number(grad_x.abs().max().item(), lang, 1)}")
print(f"massimo di |Σᵢ ∂ℓ/∂xᵢ|: {format_number(grad_x.sum(0).abs().max().item(), lang, 1, exponent=True)}")  # Σ sul mini-batch
