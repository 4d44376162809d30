import torch

from batchnorm_explained import batch_norm, batch_norm_backward, format_number

lang = "en"  # the language of the printed numbers: −4.89 in English, −4,89 in Italian
generator = torch.Generator().manual_seed(0)
u = torch.randn(8, 3, 10, 10, dtype=torch.float64, generator=generator)  # the layer's input

with_bias = torch.nn.Conv2d(3, 4, kernel_size=3, bias=True, dtype=torch.float64)
without_bias = torch.nn.Conv2d(3, 4, kernel_size=3, bias=False, dtype=torch.float64)
with torch.no_grad():
    weight = torch.randn(4, 3, 3, 3, dtype=torch.float64, generator=generator)
    with_bias.weight.copy_(weight)
    without_bias.weight.copy_(weight)  # the same W in both
    with_bias.bias.copy_(10.0 * torch.randn(4, dtype=torch.float64, generator=generator))

gamma, beta = [0.5, 1.0, 2.0, 3.0], [1.0, -1.0, 0.0, 5.0]  # one γ, β per feature map
b = "  ".join(format_number(v, lang, 2) for v in with_bias.bias.tolist())  # one b per feature map
print(f"b = [{b}]")
x = with_bias(u)  # Wu + b, shape (N, C, H, W)
y_with = batch_norm(x, gamma, beta)  # BN(Wu + b)
y_without = batch_norm(without_bias(u), gamma, beta)  # BN(Wu)
print(f"largest |BN(Wu + b) − BN(Wu)| = {format_number((y_with - y_without).abs().max().item(), lang, 1, exponent=True)}")

# Whatever the loss, b gets no gradient: b is added to every value of its feature map,
# so ∂ℓ/∂b sums ∂ℓ/∂x over N·H·W (section 3 formulas for ∂ℓ/∂x)
grad_y = torch.randn(x.shape, dtype=torch.float64, generator=generator)  # some ∂ℓ/∂y
grad_x, _, _ = batch_norm_backward(grad_y, x, gamma)
print(f"largest |∂ℓ/∂b| = {format_number(grad_x.sum(dim=(0, 2, 3)).abs().max().item(), lang, 1, exponent=True)}")
