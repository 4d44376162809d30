import torch

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 2,048 in English, 2.048 in Italian
N, C, H, W, G = 8, 32, 16, 16, 8
x = torch.zeros(N, C, H, W)
# The dimensions each normalization reduces over, after splitting C into G groups for group norm.
reduced = {
    "batch norm": (x, (0, 2, 3)),
    "layer norm": (x, (1, 2, 3)),
    "instance norm": (x, (2, 3)),
    "group norm, G = 8": (x.reshape(N, G, C // G, H, W), (2, 3, 4)),
}
for name, (tensor, dims) in reduced.items():
    means = tensor.mean(dim=dims).numel()  # one mean per set of values that share it
    count, size = (format_number(n, lang, 0, grouped=True) for n in (means, tensor.numel() // means))
    print(f"{name:18}: {count:>5} means, each over {size:>5} values")
