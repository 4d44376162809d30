# translation_of: fb0af1abe6f7
import torch
from torch import nn

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 3,69 in italiano, 3.69 in inglese


class Block(nn.Module):
    """Un blocco residuo: x + BN(conv(ReLU(BN(conv(x)))))."""

    def __init__(self, channels, zero_gamma):
        super().__init__()
        self.branch = nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(channels),
            nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(channels),
        )
        if zero_gamma:
            nn.init.zeros_(self.branch[-1].weight)  # il γ dell'ultima BN del ramo parte da 0

    def forward(self, x):
        return x + self.branch(x)


torch.manual_seed(0)
x = torch.randn(8, 4, 6, 6)
for zero_gamma in (False, True):
    block = Block(4, zero_gamma)
    y = block(x)
    y.square().mean().backward()  # una perdita qualsiasi, per vedere quali parametri ricevono un gradiente
    identity = format_number((y - x).abs().max().item(), lang, 2)
    gamma = format_number(block.branch[-1].weight.grad.norm().item(), lang, 3)
    first_conv = format_number(block.branch[0].weight.grad.norm().item(), lang, 3)
    print(f"zero_gamma={zero_gamma!s:5}: massimo di |block(x) − x| = {identity}; "
          f"‖∂ℓ/∂γ‖ = {gamma}; ‖∂ℓ/∂W della prima convoluzione‖ = {first_conv}")
