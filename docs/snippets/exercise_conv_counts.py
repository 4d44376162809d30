import torch

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 25,088 in English, 25.088 in Italian
N, C, H, W = 32, 64, 28, 28
layer = torch.nn.BatchNorm2d(C)
parameters = sum(p.numel() for p in layer.parameters())  # γ and β
buffers = {name: tuple(b.shape) for name, b in layer.named_buffers()}  # a dict, printed as Python prints it
m = N * H * W  # values behind each channel's statistics
print(f"learned parameters: {format_number(parameters, lang, 0, grouped=True)}; buffers: {buffers}")
print(f"each statistic over m′ = {format_number(m, lang, 0, grouped=True)} values; "
      f"Bessel's factor m′/(m′ − 1) = {format_number(m / (m - 1), lang, 6)}")
