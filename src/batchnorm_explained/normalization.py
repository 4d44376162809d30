"""What came after batch normalization: layer, group, instance and RMS normalization.

Each one standardizes ``x`` with a mean and a variance, as batch normalization does; they
differ in **which values share one mean and one variance** (Wu & He 2018, Figure 2). For an
``(N, C, H, W)`` input:

- [batch_norm][batchnorm_explained.batch_norm]: per channel, over N, H and W (Ioffe &
  Szegedy 2015, arXiv:1502.03167);
- [layer_norm][batchnorm_explained.layer_norm]: per example, over C, H and W (Ba, Kiros &
  Hinton 2016, arXiv:1607.06450);
- [instance_norm][batchnorm_explained.instance_norm]: per example and channel, over H and W
  (Ulyanov, Vedaldi & Lempitsky 2016, arXiv:1607.08022);
- [group_norm][batchnorm_explained.group_norm]: per example and group of C/G channels, over
  the group and H and W (Wu & He 2018, arXiv:1803.08494);
- [rms_norm][batchnorm_explained.rms_norm]: the values of layer normalization divided by
  their root mean square, with no mean subtracted (Zhang & Sennrich 2019, arXiv:1910.07467).

None of the last four looks at the other examples of the mini-batch, so they compute the same
thing in training and at inference and keep no running statistics. Each equals its
``torch.nn.functional`` namesake, forward and backward, except that, like ``batch_norm``, it
refuses a NaN or infinite input value, a variance (or mean square) that overflows the input's
dtype, and a constant group of values with ``eps=0``, where torch returns NaN or zeros.
"""

from __future__ import annotations

import math
import numbers

import torch

from . import _checks
from .transform import _check_input, _per_feature

__all__ = ["group_norm", "instance_norm", "layer_norm", "rms_norm"]


def layer_norm(
    x: torch.Tensor,
    normalized_shape: int | tuple[int, ...],
    gamma: float | torch.Tensor = 1.0,
    beta: float | torch.Tensor = 0.0,
    eps: float = 1e-5,
) -> torch.Tensor:
    """Normalize each example over its last dimensions, as Ba, Kiros & Hinton (2016) do.

    μ and σ² are the mean and the biased variance of the values in the last
    ``len(normalized_shape)`` dimensions of each example; then y = γ (x − μ) / √(σ² + ε) + β,
    with γ and β one value per normalized element. Equal to
    ``torch.nn.functional.layer_norm(x, normalized_shape, gamma, beta, eps)``.

    Args:
        x: Floating-point input whose last dimensions are ``normalized_shape``, e.g.
            ``(N, C)`` with ``normalized_shape=C`` or ``(N, C, H, W)`` with ``(C, H, W)``.
        normalized_shape: The trailing dimensions that share one mean and one variance.
        gamma: Learned scale γ: a number, or a tensor of shape ``normalized_shape``.
        beta: Learned shift β, shaped like ``gamma``.
        eps: Constant added to the variance for numerical stability; must be >= 0.

    Returns:
        ``y``, shaped like ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor, ``normalized_shape`` is not an
            integer or a sequence of integers, or ``gamma``/``beta``/``eps`` is not a number.
        ValueError: If ``normalized_shape`` is not the end of ``x``'s shape or holds a
            single value (unlike torch, which then returns β), ``gamma``/``beta`` is not
            finite or has the wrong shape, ``eps`` is negative, or ``x`` is not fit to
            normalize (see the module: NaN, overflow, a constant group with ``eps=0``).

    Examples:
        >>> layer_norm(torch.tensor([[1.0, 3.0], [10.0, 30.0]]), 2, eps=0.0)
        tensor([[-1.,  1.],
                [-1.,  1.]])
    """
    x = _checks.float_tensor("x", x)
    shape = _normalized_shape(normalized_shape, x)
    gamma_t = _per_element("gamma", gamma, shape, x)  # normalized_shape
    beta_t = _per_element("beta", beta, shape, x)
    eps = _checks.eps(eps)
    _check_spread(x, math.prod(shape), f"in normalized_shape={shape}")
    # Ba et al. 2016, section 3: μ = (1/H) Σ a_i and σ² = (1/H) Σ (a_i − μ)² over the H
    # values of one example; γ and β broadcast against the trailing dimensions.
    return gamma_t * _standardize(x, tuple(range(x.dim() - len(shape), x.dim())), eps) + beta_t


def group_norm(
    x: torch.Tensor,
    num_groups: int,
    gamma: float | torch.Tensor = 1.0,
    beta: float | torch.Tensor = 0.0,
    eps: float = 1e-5,
) -> torch.Tensor:
    """Normalize each example's channels in ``num_groups`` groups, as Wu & He (2018) do.

    The C channels are cut into ``num_groups`` groups of C/G consecutive channels; μ and σ²
    are the mean and the biased variance of one example's group, over its channels and
    positions; then y = γ (x − μ) / √(σ² + ε) + β with one γ and β per channel. With one
    group this is layer normalization over (C, H, W) with per-channel γ and β; with C groups,
    instance normalization. Equal to ``torch.nn.functional.group_norm(x, num_groups, gamma,
    beta, eps)``.

    Args:
        x: Input of shape ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)``.
        num_groups: G, which must divide C.
        gamma: Learned scale γ: a number, or one value per channel (shape ``(C,)``).
        beta: Learned shift β, shaped like ``gamma``.
        eps: Constant added to the variance for numerical stability; must be >= 0.

    Returns:
        ``y``, shaped like ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor, ``num_groups`` not an integer,
            or ``gamma``/``beta``/``eps`` not a number.
        ValueError: If ``x`` has the wrong number of dimensions, ``num_groups`` is not
            positive or does not divide C, a group holds a single value, ``gamma``/``beta``
            is not finite or has the wrong shape, ``eps`` is negative, or ``x`` is not fit
            to normalize (see the module: NaN, overflow, a constant group with ``eps=0``).

    Examples:
        >>> x = torch.tensor([[1.0, 3.0, 10.0, 30.0]])
        >>> group_norm(x, 2, eps=0.0)
        tensor([[-1.,  1., -1.,  1.]])
    """
    x = _check_input(x)
    num_groups = _checks.positive_int("num_groups", num_groups)
    batch, channels = x.shape[:2]
    if channels % num_groups != 0:
        raise ValueError(f"num_groups must divide the {channels} channels of x, got num_groups={num_groups} for shape {tuple(x.shape)}")
    gamma_t = _per_channel("gamma", gamma, x)  # (C,)
    beta_t = _per_channel("beta", beta, x)
    eps = _checks.eps(eps)
    per_group = math.prod(x.shape[1:]) // num_groups  # C/G · H · W values share one μ and σ²
    _check_spread(x, per_group, "per group")
    # Wu & He 2018, section 3.1: μ_i and σ²_i over S_i = {k | k_N = i_N, ⌊k_C / (C/G)⌋ = ⌊i_C / (C/G)⌋}.
    grouped = x.reshape(batch, num_groups, per_group)  # (N, G, C/G · H · W)
    x_hat = _standardize(grouped, (2,), eps).reshape(x.shape)  # (N, C, H, W)
    return _per_feature(gamma_t, x) * x_hat + _per_feature(beta_t, x)


def instance_norm(
    x: torch.Tensor,
    gamma: float | torch.Tensor = 1.0,
    beta: float | torch.Tensor = 0.0,
    eps: float = 1e-5,
) -> torch.Tensor:
    """Normalize each channel of each example over its positions, as Ulyanov et al. (2016) do.

    μ and σ² are the mean and the biased variance of one feature map of one example; then
    y = γ (x − μ) / √(σ² + ε) + β with one γ and β per channel. Equal to
    ``torch.nn.functional.instance_norm(x, weight=gamma, bias=beta, use_input_stats=True,
    eps=eps)``: the statistics of the input itself, never running ones.

    Args:
        x: Input of shape ``(N, C, L)`` or ``(N, C, H, W)``.
        gamma: Learned scale γ: a number, or one value per channel (shape ``(C,)``).
        beta: Learned shift β, shaped like ``gamma``.
        eps: Constant added to the variance for numerical stability; must be >= 0.

    Returns:
        ``y``, shaped like ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor or ``gamma``/``beta``/``eps``
            is not a number.
        ValueError: If ``x`` does not have 3 or 4 dimensions or has a single position,
            ``gamma``/``beta`` is not finite or has the wrong shape, ``eps`` is negative,
            or ``x`` is not fit to normalize (see the module: NaN, overflow, a constant
            channel with ``eps=0``).

    Examples:
        >>> instance_norm(torch.tensor([[[1.0, 3.0], [10.0, 30.0]]]), eps=0.0)
        tensor([[[-1.,  1.],
                 [-1.,  1.]]])
    """
    x = _check_input(x)
    if x.dim() == 2:
        raise ValueError(
            "x must have 3 or 4 dimensions, (N, C, L) or (N, C, H, W): instance normalization "
            f"averages over positions, got 2 with shape {tuple(x.shape)}"
        )
    _check_spread(x, math.prod(x.shape[2:]), "per channel of an example")
    # Ulyanov et al. 2016: μ_ti and σ²_ti over the H·W positions of channel i of example t,
    # which is group normalization with one channel per group (Wu & He 2018, section 3.1).
    return group_norm(x, x.shape[1], gamma, beta, eps)


def rms_norm(
    x: torch.Tensor,
    normalized_shape: int | tuple[int, ...],
    gamma: float | torch.Tensor = 1.0,
    eps: float = 1e-6,
) -> torch.Tensor:
    """Divide each example by the root mean square of its last dimensions (Zhang & Sennrich 2019).

    RMS(x) = √(mean(x²) + ε) over the last ``len(normalized_shape)`` dimensions; then
    y = γ x / RMS(x). No mean is subtracted and there is no β: layer normalization without
    re-centring. Equal to ``torch.nn.functional.rms_norm(x, normalized_shape, gamma, eps)``.
    Torch's ``eps=None`` (its default) means ``torch.finfo(x.dtype).eps``, about 1.2e-7 in
    float32 and 2.2e-16 in float64; here ε is always a number, 1e-6 unless given.

    Args:
        x: Floating-point input whose last dimensions are ``normalized_shape``.
        normalized_shape: The trailing dimensions that share one root mean square.
        gamma: Learned scale γ: a number, or a tensor of shape ``normalized_shape``.
        eps: Constant added to the mean square for numerical stability; must be >= 0.

    Returns:
        ``y``, shaped like ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor, ``normalized_shape`` is not an
            integer or a sequence of integers, or ``gamma``/``eps`` is not a number.
        ValueError: If ``normalized_shape`` is not the end of ``x``'s shape, ``gamma`` is
            not finite or has the wrong shape, ``eps`` is negative, or ``x`` is not fit to
            normalize (see the module: NaN, a mean square that overflows, zeros with ``eps=0``).

    Examples:
        >>> rms_norm(torch.tensor([[3.0, -3.0], [0.5, 0.5]]), 2, eps=0.0)  # not centred
        tensor([[ 1., -1.],
                [ 1.,  1.]])
    """
    x = _checks.finite_values("x", _checks.float_tensor("x", x))
    shape = _normalized_shape(normalized_shape, x)
    gamma_t = _per_element("gamma", gamma, shape, x)  # normalized_shape
    eps = _checks.eps(eps)
    dims = tuple(range(x.dim() - len(shape), x.dim()))
    # Zhang & Sennrich 2019: ā_i = a_i / RMS(a) · g_i with RMS(a) = √((1/n) Σ a_i²), and ε inside.
    # A sum of squares has no cancellation to fear, so one pass suffices here.
    mean_square = x.square().mean(dim=dims, keepdim=True)  # (..., 1, 1)
    _checks.spread("x", x, mean_square, eps, statistic="mean square")
    return gamma_t * (x / torch.sqrt(mean_square + eps))


def _standardize(x: torch.Tensor, dims: tuple[int, ...], eps: float) -> torch.Tensor:
    """Return x̂ = (x − μ) / √(σ² + ε), with μ and the biased σ² taken over ``dims``."""
    mu = x.mean(dim=dims, keepdim=True)
    centered = x - mu
    # σ² = mean((x − μ)²), a second pass over the centred values, as batch_statistics
    # does: E[x²] − E[x]² would cancel catastrophically when |μ| ≫ σ.
    var = centered.square().mean(dim=dims, keepdim=True)
    _checks.spread("x", x, var, eps)
    return centered / torch.sqrt(var + eps)


def _normalized_shape(value: object, x: torch.Tensor) -> tuple[int, ...]:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list, torch.Size)):
        raise TypeError(f"normalized_shape must be an integer or a sequence of integers, got {value!r} ({type(value).__name__})")
    shape = tuple(_checks.positive_int("normalized_shape", size) for size in value)
    if not shape or x.dim() < len(shape) or tuple(x.shape[x.dim() - len(shape) :]) != shape:
        raise ValueError(f"normalized_shape must be the last dimensions of x, got normalized_shape={shape} for x of shape {tuple(x.shape)}")
    return shape


def _per_element(name: str, value: object, shape: tuple[int, ...], x: torch.Tensor) -> torch.Tensor:
    return _checks.affine_values(name, value, shape, x, "one value per normalized element", f"normalized_shape={shape}")


def _per_channel(name: str, value: object, x: torch.Tensor) -> torch.Tensor:
    return _checks.affine_values(name, value, (x.shape[1],), x, "one value per channel", f"C={x.shape[1]}")


def _check_spread(x: torch.Tensor, count: int, where: str) -> None:
    # As torch refuses one value per channel in training: its variance is 0, so the output
    # would be β whatever x is. A NaN or infinite value would spread to its whole group.
    _checks.finite_values("x", x)
    if count <= 1:
        raise ValueError(f"x must have more than 1 value {where} (a single value has no spread to normalize), got shape {tuple(x.shape)}")
