# translation_of: a0f3449c5239
import torch

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 25.088 in italiano, 25,088 in inglese
N, C, H, W = 32, 64, 28, 28
layer = torch.nn.BatchNorm2d(C)
parameters = sum(p.numel() for p in layer.parameters())  # γ e β
buffers = {name: tuple(b.shape) for name, b in layer.named_buffers()}  # un dizionario, stampato come lo stampa Python
m = N * H * W  # i valori su cui si calcolano le statistiche di ogni canale
print(f"parametri apprendibili: {format_number(parameters, lang, 0, grouped=True)}; buffer: {buffers}")
print(f"ogni statistica su m′ = {format_number(m, lang, 0, grouped=True)} valori; "
      f"fattore di Bessel m′/(m′ − 1) = {format_number(m / (m - 1), lang, 6)}")
