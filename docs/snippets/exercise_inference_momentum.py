import math

import torch

from batchnorm_explained import BatchNorm, format_number

lang = "en"  # the language of the printed numbers: 0.9903 in English, 0,9903 in Italian
for momentum in (0.1, 0.01):  # PyTorch's default, and Keras's default 0.99 in PyTorch's convention
    # After k batches the initial value keeps the weight (1 − momentum)^k.
    k = math.ceil(math.log(0.01) / math.log(1 - momentum))
    layer = BatchNorm(1, momentum=momentum)  # running_mean starts at 0
    with torch.no_grad():
        for _ in range(k):
            layer(torch.tensor([[0.0], [2.0]]))  # batches whose mean is 1
    print(f"momentum {format_number(momentum, lang, None)}: {k} batches for the initial value to weigh < 1%; "
          f"running_mean = {format_number(layer.running_mean.item(), lang, 4)} (the data's mean: 1)")
