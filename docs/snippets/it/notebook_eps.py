# translation_of: b868c41e450f
import torch

from batchnorm_explained import batch_norm, format_number, make_batch

lang = "it"  # la lingua dei numeri stampati: 186,92 in italiano, 186.92 in inglese
A = make_batch(batch_size=30, height=32, width=32, seed=0)  # float32, come nel notebook
var = A.var()
gap = torch.nextafter(var, torch.tensor(float("inf"))) - var  # il float32 successivo a var
print(f"A.var() = {format_number(var.item(), lang, 2)}; scarto con il float32 successivo = {format_number(gap.item(), lang, 1, exponent=True)}")
print(f"A.var() + 1e-16 == A.var(): {(var + 1e-16 == var).item()}")
print(f"torch.finfo(torch.float32).eps = {format_number(torch.finfo(torch.float32).eps, lang, 1, exponent=True)}")
print(f"valore predefinito di PyTorch: BatchNorm2d(1).eps = {format_number(torch.nn.BatchNorm2d(1).eps, lang, 0, exponent=True)}")

constant = torch.full((4, 1), 3.0)  # una feature che ha lo stesso valore in tutti e 4 gli esempi
zero = (constant - constant.mean(0)) / torch.sqrt(constant.var(0, correction=0))  # l'Algoritmo 1 con ε = 0 (batch_norm lo rifiuta)
print(f"feature costante, ε = {format_number(0.0, lang, None)}: y = {zero[:, 0].tolist()}")
for eps in (1e-16, 1e-5):
    print(f"feature costante, ε = {format_number(eps, lang, None)}: y = {batch_norm(constant, eps=eps)[:, 0].tolist()}")

generator = torch.Generator().manual_seed(0)
nearly = 3.0 + 1e-6 * torch.randn(4, 1, generator=generator)  # costante a meno degli arrotondamenti in float32
for eps in (1e-16, 1e-5):
    y = batch_norm(nearly, eps=eps)[:, 0]
    print(f"feature quasi costante, ε = {format_number(eps, lang, None)}: massimo di |y| = {format_number(y.abs().max().item(), lang, 1, exponent=True)}")
