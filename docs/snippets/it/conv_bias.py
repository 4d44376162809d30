# translation_of: 5d24b47cc3fb
import torch

from batchnorm_explained import batch_norm, batch_norm_backward, format_number

lang = "it"  # la lingua dei numeri stampati: −4,89 in italiano, −4.89 in inglese
generator = torch.Generator().manual_seed(0)
u = torch.randn(8, 3, 10, 10, dtype=torch.float64, generator=generator)  # l'ingresso dello strato

with_bias = torch.nn.Conv2d(3, 4, kernel_size=3, bias=True, dtype=torch.float64)
without_bias = torch.nn.Conv2d(3, 4, kernel_size=3, bias=False, dtype=torch.float64)
with torch.no_grad():
    weight = torch.randn(4, 3, 3, 3, dtype=torch.float64, generator=generator)
    with_bias.weight.copy_(weight)
    without_bias.weight.copy_(weight)  # la stessa W in entrambe
    with_bias.bias.copy_(10.0 * torch.randn(4, dtype=torch.float64, generator=generator))

gamma, beta = [0.5, 1.0, 2.0, 3.0], [1.0, -1.0, 0.0, 5.0]  # un γ e un β per feature map
b = "  ".join(format_number(v, lang, 2) for v in with_bias.bias.tolist())  # un b per feature map
print(f"b = [{b}]")
x = with_bias(u)  # Wu + b, di forma (N, C, H, W)
y_with = batch_norm(x, gamma, beta)  # BN(Wu + b)
y_without = batch_norm(without_bias(u), gamma, beta)  # BN(Wu)
print(f"massimo di |BN(Wu + b) − BN(Wu)| = {format_number((y_with - y_without).abs().max().item(), lang, 1, exponent=True)}")

# Qualunque sia la perdita, b non riceve gradiente: b si somma a ogni valore della sua feature
# map, quindi ∂ℓ/∂b è la somma di ∂ℓ/∂x sugli N·H·W valori (formule della sezione 3 per ∂ℓ/∂x)
grad_y = torch.randn(x.shape, dtype=torch.float64, generator=generator)  # un ∂ℓ/∂y qualsiasi
grad_x, _, _ = batch_norm_backward(grad_y, x, gamma)
print(f"massimo di |∂ℓ/∂b| = {format_number(grad_x.sum(dim=(0, 2, 3)).abs().max().item(), lang, 1, exponent=True)}")
