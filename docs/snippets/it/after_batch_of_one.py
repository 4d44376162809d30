# translation_of: 3efaccfb3ab5
import torch

from batchnorm_explained import BatchNorm

generator = torch.Generator().manual_seed(0)
one = torch.randn(1, 3, generator=generator)  # un batch di un solo esempio con 3 feature
print(f"x = {one.numpy().round(3)}")  # un array, stampato come lo stampa NumPy

for layer in (torch.nn.BatchNorm1d(3), BatchNorm(3)):  # lo strato di PyTorch, poi quello della libreria
    try:
        layer(one)  # modalità di addestramento, quella predefinita
    except ValueError as error:
        print(f"addestramento, {type(layer).__name__}: ValueError: {error}")

    layer.eval()  # in inferenza si usano le statistiche mobili (qui ancora 0 e 1), con batch di qualsiasi dimensione
    print(f"valutazione,   {type(layer).__name__}: y = {layer(one).detach().numpy().round(3)}")
