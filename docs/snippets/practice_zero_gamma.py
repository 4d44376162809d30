import torch
from torch import nn

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 3.69 in English, 3,69 in Italian


class Block(nn.Module):
    """A residual block: x + BN(conv(ReLU(BN(conv(x)))))."""

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
            nn.init.zeros_(self.branch[-1].weight)  # γ of the branch's last BN starts at 0

    def forward(self, x):
        return x + self.branch(x)


torch.manual_seed(0)
x = torch.randn(8, 4, 6, 6)
for zero_gamma in (False, True):
    block = Block(4, zero_gamma)
    y = block(x)
    y.square().mean().backward()  # some loss, to see which parameters get a gradient
    identity = format_number((y - x).abs().max().item(), lang, 2)
    gamma = format_number(block.branch[-1].weight.grad.norm().item(), lang, 3)
    first_conv = format_number(block.branch[0].weight.grad.norm().item(), lang, 3)
    print(f"zero_gamma={zero_gamma!s:5}: largest |block(x) − x| = {identity}, "
          f"‖∂ℓ/∂γ‖ = {gamma}, ‖∂ℓ/∂W of the first conv‖ = {first_conv}")
