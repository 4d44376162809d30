# translation_of: 5f32f13cd217
import torch

from batchnorm_explained import batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: −1,138 in italiano, −1.138 in inglese
x = torch.tensor([[1.0], [2.0], [3.0], [6.0]], dtype=torch.float64)  # un'attivazione, m = 4
y = batch_norm(x, gamma=2.0, beta=1.0, eps=0.0)
values = "  ".join(format_number(v, lang, 3) for v in y.flatten().tolist())  # le quattro uscite
print(f"y = [{values}]")
print(f"media di y = {format_number(y.mean().item(), lang, 3)}; "
      f"deviazione standard distorta di y = {format_number(y.std(correction=0).item(), lang, 3)}")
