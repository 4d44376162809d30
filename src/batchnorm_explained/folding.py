"""Folding a batch-normalization layer into the linear or convolutional layer before it.

At inference the population statistics are fixed, so batch normalization "is simply a linear
transform applied to each activation", which "may further be composed with the scaling by γ
and shift by β, to yield a single linear transform that replaces BN(x)" (the paper's
section 3.1 and Algorithm 2, step 11). Composed with the affine layer that feeds it, it is
one layer of the same kind: deployed networks run no normalization at all.
"""

from __future__ import annotations

import torch
from torch import nn

from .layer import BatchNorm

__all__ = ["fold_batch_norm"]


def fold_batch_norm(layer: nn.Linear | nn.Conv2d, bn: BatchNorm | nn.BatchNorm1d | nn.BatchNorm2d) -> nn.Linear | nn.Conv2d:
    """Return a new layer that computes ``bn(layer(x))`` with ``bn`` in eval mode.

    With s = γ / √(Var[x] + ε) per output channel (Var[x] and E[x] being ``bn``'s running
    statistics), the folded layer has weights w′ = s · w and bias b′ = s · (b − E[x]) + β,
    where b = 0 if ``layer`` has no bias. A ``bn`` without learned γ and β
    (``affine=False``) folds with γ = 1 and β = 0. The arithmetic is done in float64 and
    rounded once to the layer's dtype; no gradient is recorded.

    Args:
        layer: An ``nn.Linear`` (on ``(N, in_features)`` inputs) or an ``nn.Conv2d``, with or
            without bias. Its stride, padding, dilation, groups and padding mode are kept.
        bn: The normalization applied to ``layer``'s output: this library's
            [BatchNorm][batchnorm_explained.BatchNorm], or ``nn.BatchNorm1d`` after a
            Linear, ``nn.BatchNorm2d`` after a Conv2d; it must keep running statistics.

    Returns:
        A new ``nn.Linear`` or ``nn.Conv2d`` with a bias, on ``layer``'s device and dtype and
        in its training mode. ``layer`` and ``bn`` are left unchanged.

    Raises:
        TypeError: If ``layer`` or ``bn`` is not one of the supported modules, or ``bn`` is
            a torch class that cannot take ``layer``'s output.
        ValueError: If ``bn`` has no running statistics (``track_running_stats=False``) or
            its number of features is not ``layer``'s number of outputs.

    Examples:
        >>> linear, bn = nn.Linear(3, 2), BatchNorm(2)
        >>> _ = bn(linear(torch.randn(8, 3)))  # one training step: running statistics move
        >>> folded = fold_batch_norm(linear, bn.eval())
        >>> x = torch.randn(4, 3)
        >>> torch.allclose(folded(x), bn(linear(x)), atol=1e-6)
        True
    """
    outputs = _check_layer(layer)
    _check_bn(bn, layer, outputs)
    with torch.no_grad():
        weight = layer.weight.double()  # (out, in) or (out, in/groups, kH, kW)
        bias = layer.bias.double() if layer.bias is not None else weight.new_zeros(outputs)  # (out,)
        gamma = bn.weight.double() if bn.weight is not None else weight.new_ones(outputs)  # affine=False: γ = 1
        beta = bn.bias.double() if bn.bias is not None else weight.new_zeros(outputs)  # and β = 0
        # Algorithm 2, step 11: y = γ/√(Var[x]+ε) · x + (β − γ E[x]/√(Var[x]+ε)), x = w·u + b.
        scale = gamma / torch.sqrt(bn.running_var.double() + bn.eps)  # (out,)
        folded = _new_layer_like(layer)
        folded.weight.copy_(scale.view(-1, *[1] * (weight.dim() - 1)) * weight)  # w′ = s · w
        folded.bias.copy_(scale * (bias - bn.running_mean.double()) + beta)  # b′ = s · (b − E[x]) + β
    return folded.train(layer.training)


def _new_layer_like(layer: nn.Linear | nn.Conv2d) -> nn.Linear | nn.Conv2d:
    # The weights are about to be overwritten: draw the throwaway initial ones on the CPU
    # inside a forked random state, so that torch's global generator does not advance.
    # (nn.utils.skip_init would avoid the draw, but its first call imports torch's
    # reference operators, about half a second of CPU.)
    with torch.random.fork_rng(devices=[]):
        if isinstance(layer, nn.Linear):
            new = nn.Linear(layer.in_features, layer.out_features, bias=True, dtype=layer.weight.dtype)
        else:
            new = nn.Conv2d(
                layer.in_channels,
                layer.out_channels,
                layer.kernel_size,
                stride=layer.stride,
                padding=layer.padding,
                dilation=layer.dilation,
                groups=layer.groups,
                bias=True,
                padding_mode=layer.padding_mode,
                dtype=layer.weight.dtype,
            )
    return new.to(layer.weight.device)


def _check_layer(layer: object) -> int:
    if not isinstance(layer, (nn.Linear, nn.Conv2d)):
        raise TypeError(f"layer must be a torch.nn.Linear or torch.nn.Conv2d, got {type(layer).__name__}")
    return layer.out_features if isinstance(layer, nn.Linear) else layer.out_channels


def _check_bn(bn: object, layer: nn.Linear | nn.Conv2d, outputs: int) -> None:
    if not isinstance(bn, (BatchNorm, nn.BatchNorm1d, nn.BatchNorm2d)):
        raise TypeError(
            f"bn must be a batchnorm_explained.BatchNorm, torch.nn.BatchNorm1d or torch.nn.BatchNorm2d, got {type(bn).__name__}"
        )
    expected = nn.BatchNorm1d if isinstance(layer, nn.Linear) else nn.BatchNorm2d  # the one that takes its output
    if not isinstance(bn, (BatchNorm, expected)):
        raise TypeError(
            f"bn must be a {expected.__name__} (or a batchnorm_explained.BatchNorm) to follow a "
            f"{type(layer).__name__}, got {type(bn).__name__}"
        )
    missing = [name for name in ("running_mean", "running_var") if getattr(bn, name) is None]
    if missing:
        # Without them eval mode normalizes with each batch's own statistics: not a fixed
        # affine map, so there is nothing to fold.
        raise ValueError(
            f"bn must keep running statistics to be folded, got {missing[0]}=None (as a layer built with track_running_stats=False has)"
        )
    if bn.num_features != outputs:
        size = "out_features" if isinstance(layer, nn.Linear) else "out_channels"
        raise ValueError(f"bn must have one feature per output of layer, got bn.num_features={bn.num_features} for layer.{size}={outputs}")
