import torch

from batchnorm_explained import batch_norm, format_number

lang = "en"  # the language of the printed numbers: 0.100 in English, 0,100 in Italian
generator = torch.Generator().manual_seed(0)
u = torch.randn(60, 20, dtype=torch.float64, generator=generator)  # layer input: 60 examples
W = torch.randn(30, 20, dtype=torch.float64, generator=generator)  # weights of 30 units
grad_y = torch.randn(60, 30, dtype=torch.float64, generator=generator)  # some ∂ℓ/∂y
a = 10.0


def bn_and_gradients(weights):
    """BN(weights·u), then ∂ℓ/∂u and ∂ℓ/∂weights by autograd (ε = 0, as in section 3.3)."""
    u_ = u.clone().requires_grad_()
    weights = weights.clone().requires_grad_()
    y = batch_norm(u_ @ weights.T, eps=0.0)
    y.backward(grad_y)
    return y.detach(), u_.grad, weights.grad


y, grad_u, grad_W = bn_and_gradients(W)
y_a, grad_u_a, grad_aW = bn_and_gradients(a * W)


def largest(t):
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


print(f"largest |BN((aW)u) − BN(Wu)|   = {largest(y_a - y)}")
print(f"largest |∂ℓ/∂u, aW − ∂ℓ/∂u, W| = {largest(grad_u_a - grad_u)}")
print(f"largest |a·∂ℓ/∂(aW) − ∂ℓ/∂W|   = {largest(a * grad_aW - grad_W)}")
print(f"‖∂ℓ/∂(aW)‖ / ‖∂ℓ/∂W‖          = {format_number((grad_aW.norm() / grad_W.norm()).item(), lang, 3)}")
