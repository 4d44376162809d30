# translation_of: 9c3d7f7e2d14
import torch

from batchnorm_explained import batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: 0,100 in italiano, 0.100 in inglese
generator = torch.Generator().manual_seed(0)
u = torch.randn(60, 20, dtype=torch.float64, generator=generator)  # ingresso dello strato: 60 esempi
W = torch.randn(30, 20, dtype=torch.float64, generator=generator)  # i pesi di 30 unità
grad_y = torch.randn(60, 30, dtype=torch.float64, generator=generator)  # un ∂ℓ/∂y qualsiasi
a = 10.0


def bn_and_gradients(weights):
    """BN(weights·u), poi ∂ℓ/∂u e ∂ℓ/∂weights calcolati dall'autograd (ε = 0, come nella sezione 3.3)."""
    u_ = u.clone().requires_grad_()
    weights = weights.clone().requires_grad_()
    y = batch_norm(u_ @ weights.T, eps=0.0)
    y.backward(grad_y)
    return y.detach(), u_.grad, weights.grad


y, grad_u, grad_W = bn_and_gradients(W)
y_a, grad_u_a, grad_aW = bn_and_gradients(a * W)


def largest(t):
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


print(f"massimo di |BN((aW)u) − BN(Wu)|   = {largest(y_a - y)}")
print(f"massimo di |∂ℓ/∂u, aW − ∂ℓ/∂u, W| = {largest(grad_u_a - grad_u)}")
print(f"massimo di |a·∂ℓ/∂(aW) − ∂ℓ/∂W|   = {largest(a * grad_aW - grad_W)}")
print(f"‖∂ℓ/∂(aW)‖ / ‖∂ℓ/∂W‖             = {format_number((grad_aW.norm() / grad_W.norm()).item(), lang, 3)}")
