import torch
import torch.nn.functional as F

from batchnorm_explained import batch_norm_backward, format_number

lang = "en"  # the language of the printed numbers: 1.8e−15 in English, 1,8e−15 in Italian
generator = torch.Generator().manual_seed(0)
x = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # 60 examples, 100 features
gamma = torch.rand(100, dtype=torch.float64, generator=generator) + 0.5
grad_y = torch.randn(60, 100, dtype=torch.float64, generator=generator)  # some ∂ℓ/∂y

# Autograd through PyTorch's own batch normalization ...
x_ = x.clone().requires_grad_()
gamma_ = gamma.clone().requires_grad_()
beta_ = torch.zeros(100, dtype=torch.float64, requires_grad=True)
F.batch_norm(x_, None, None, gamma_, beta_, training=True).backward(grad_y)

# ... against the formulas printed in section 3 of the paper.
grad_x, grad_gamma, grad_beta = batch_norm_backward(grad_y, x, gamma)
for name, paper, autograd in [
    ("∂ℓ/∂x", grad_x, x_.grad),
    ("∂ℓ/∂γ", grad_gamma, gamma_.grad),
    ("∂ℓ/∂β", grad_beta, beta_.grad),
]:
    difference = (paper - autograd).abs().max().item()
    print(f"{name}: largest |paper − autograd| = {format_number(difference, lang, 1, exponent=True)}")
print(f"largest |∂ℓ/∂x|: {format_number(grad_x.abs().max().item(), lang, 1)}")
print(f"largest |Σᵢ ∂ℓ/∂xᵢ|: {format_number(grad_x.sum(0).abs().max().item(), lang, 1, exponent=True)}")  # Σ over the mini-batch
