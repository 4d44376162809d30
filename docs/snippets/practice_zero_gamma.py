import torch
from torch import nn


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
    identity = (y - x).abs().max().item()
    gamma, first_conv = block.branch[-1].weight.grad.norm().item(), block.branch[0].weight.grad.norm().item()
    print(f"zero_gamma={zero_gamma!s:5}: largest |block(x) − x| = {identity:.2f}, "
          f"‖∂ℓ/∂γ‖ = {gamma:.3f}, ‖∂ℓ/∂W of the first conv‖ = {first_conv:.3f}")
