# translation_of: 0669fc0eb469
import math

import torch

from batchnorm_explained import BatchNorm, format_number

lang = "it"  # la lingua dei numeri stampati: 0,9903 in italiano, 0.9903 in inglese
for momentum in (0.1, 0.01):  # il valore predefinito di PyTorch, e quello di Keras (0,99) espresso nella convenzione di PyTorch
    # Dopo k mini-batch il valore iniziale conserva il peso (1 − momentum)^k.
    k = math.ceil(math.log(0.01) / math.log(1 - momentum))
    layer = BatchNorm(1, momentum=momentum)  # running_mean parte da 0
    with torch.no_grad():
        for _ in range(k):
            layer(torch.tensor([[0.0], [2.0]]))  # mini-batch con media 1
    print(f"momentum {format_number(momentum, lang, None)}: {k} mini-batch perché il valore iniziale pesi meno dell'1%; "
          f"running_mean = {format_number(layer.running_mean.item(), lang, 4)} (la media dei dati: 1)")
