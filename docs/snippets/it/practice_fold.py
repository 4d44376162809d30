# translation_of: c759f4d0e78a
import torch
from torch import nn

from batchnorm_explained import fold_batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: 9,5e−07 in italiano, 9.5e−07 in inglese
torch.manual_seed(0)
conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)  # con un bias, per mostrare che si fonde anch'esso
bn = nn.BatchNorm2d(16).eval()  # modalità di valutazione: normalizza con le statistiche della popolazione
with torch.no_grad():  # valori al posto di quelli che l'addestramento avrebbe lasciato nello strato
    bn.weight.uniform_(0.5, 2.0)  # γ
    bn.bias.normal_()  # β
    bn.running_mean.normal_(0.0, 3.0)  # E[x]
    bn.running_var.uniform_(0.5, 4.0)  # Var[x]

folded = fold_batch_norm(conv, bn)  # w′ = s·w, b′ = s·(b − E[x]) + β, con s = γ/√(Var[x] + ε)
fused = nn.utils.fusion.fuse_conv_bn_eval(conv.eval(), bn)  # la fusione fatta da PyTorch


def largest(t):
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


x = torch.randn(4, 3, 8, 8)
with torch.no_grad():
    two_layers, one_layer = bn(conv(x)), folded(x)
    print(f"massimo di |bn(conv(x))|                     = {format_number(two_layers.abs().max().item(), lang, 1)}")
    print(f"massimo di |folded(x) − bn(conv(x))|         = {largest(one_layer - two_layers)}")
    print(f"massimo di |folded(x) − fused(x) di PyTorch| = {largest(one_layer - fused(x))}")
weight, bias = tuple(folded.weight.shape), tuple(folded.bias.shape)  # forme, stampate come le stampa Python
print(f"strato fuso: una sola {type(folded).__name__}, pesi {weight}, bias {bias}")
