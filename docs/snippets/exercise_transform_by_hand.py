import torch

from batchnorm_explained import batch_norm, format_number

lang = "en"  # the language of the printed numbers: −1.138 in English, −1,138 in Italian
x = torch.tensor([[1.0], [2.0], [3.0], [6.0]], dtype=torch.float64)  # one activation, m = 4
y = batch_norm(x, gamma=2.0, beta=1.0, eps=0.0)
values = "  ".join(format_number(v, lang, 3) for v in y.flatten().tolist())  # the four outputs
print(f"y = [{values}]")
print(f"mean(y) = {format_number(y.mean().item(), lang, 3)}, "
      f"biased std(y) = {format_number(y.std(correction=0).item(), lang, 3)}")
