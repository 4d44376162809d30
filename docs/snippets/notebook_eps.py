import torch

from batchnorm_explained import batch_norm, format_number, make_batch

lang = "en"  # the language of the printed numbers: 186.92 in English, 186,92 in Italian
A = make_batch(batch_size=30, height=32, width=32, seed=0)  # float32, as in the notebook
var = A.var()
gap = torch.nextafter(var, torch.tensor(float("inf"))) - var  # the next float32 above var
print(f"A.var() = {format_number(var.item(), lang, 2)}, gap to the next float32 = {format_number(gap.item(), lang, 1, exponent=True)}")
print(f"A.var() + 1e-16 == A.var(): {(var + 1e-16 == var).item()}")
print(f"torch.finfo(torch.float32).eps = {format_number(torch.finfo(torch.float32).eps, lang, 1, exponent=True)}")
print(f"PyTorch's default: BatchNorm2d(1).eps = {format_number(torch.nn.BatchNorm2d(1).eps, lang, 0, exponent=True)}")

constant = torch.full((4, 1), 3.0)  # one feature that has the same value in all 4 examples
zero = (constant - constant.mean(0)) / torch.sqrt(constant.var(0, correction=0))  # Algorithm 1 with ε = 0 (batch_norm refuses it)
print(f"constant feature, ε = {format_number(0.0, lang, None)}: y = {zero[:, 0].tolist()}")
for eps in (1e-16, 1e-5):
    print(f"constant feature, ε = {format_number(eps, lang, None)}: y = {batch_norm(constant, eps=eps)[:, 0].tolist()}")

generator = torch.Generator().manual_seed(0)
nearly = 3.0 + 1e-6 * torch.randn(4, 1, generator=generator)  # constant up to float32 rounding
for eps in (1e-16, 1e-5):
    y = batch_norm(nearly, eps=eps)[:, 0]
    print(f"nearly constant, ε = {format_number(eps, lang, None)}: largest |y| = {format_number(y.abs().max().item(), lang, 1, exponent=True)}")
