import torch
from torch import nn

from batchnorm_explained import fold_batch_norm, format_number

lang = "en"  # the language of the printed numbers: 9.5e−07 in English, 9,5e−07 in Italian
torch.manual_seed(0)
conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)  # with a bias, to show that it folds too
bn = nn.BatchNorm2d(16).eval()  # eval mode: it normalizes with its population statistics
with torch.no_grad():  # stand-ins for what training would have left in the layer
    bn.weight.uniform_(0.5, 2.0)  # γ
    bn.bias.normal_()  # β
    bn.running_mean.normal_(0.0, 3.0)  # E[x]
    bn.running_var.uniform_(0.5, 4.0)  # Var[x]

folded = fold_batch_norm(conv, bn)  # w′ = s·w, b′ = s·(b − E[x]) + β, with s = γ/√(Var[x] + ε)
fused = nn.utils.fusion.fuse_conv_bn_eval(conv.eval(), bn)  # PyTorch's own folding


def largest(t):
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


x = torch.randn(4, 3, 8, 8)
with torch.no_grad():
    two_layers, one_layer = bn(conv(x)), folded(x)
    print(f"largest |bn(conv(x))|                   = {format_number(two_layers.abs().max().item(), lang, 1)}")
    print(f"largest |folded(x) − bn(conv(x))|       = {largest(one_layer - two_layers)}")
    print(f"largest |folded(x) − PyTorch's fused(x)| = {largest(one_layer - fused(x))}")
weight, bias = tuple(folded.weight.shape), tuple(folded.bias.shape)  # shapes, printed as Python prints them
print(f"folded: one {type(folded).__name__}, weight {weight}, bias {bias}")
