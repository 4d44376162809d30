import torch

from batchnorm_explained import BatchNorm

generator = torch.Generator().manual_seed(0)
one = torch.randn(1, 3, generator=generator)  # a batch of one example with 3 features
print(f"x = {one.numpy().round(3)}")  # an array, printed as NumPy prints it

for layer in (torch.nn.BatchNorm1d(3), BatchNorm(3)):  # PyTorch's layer, then the library's
    try:
        layer(one)  # training mode, the default
    except ValueError as error:
        print(f"train, {type(layer).__name__}: ValueError: {error}")

    layer.eval()  # inference uses the running statistics (still 0 and 1 here), any batch size
    print(f"eval,  {type(layer).__name__}: y = {layer(one).detach().numpy().round(3)}")
