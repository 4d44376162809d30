"""The Batch Normalizing Transform: the paper's Algorithm 1, its gradients, and the notebook's variant.

Shapes follow PyTorch: ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)``. Statistics are taken
per feature (dimension 1) over every other dimension, so for a convolutional feature map the
effective mini-batch is m' = N·H·W values, as in the paper's section 3.2.
"""

from __future__ import annotations

import torch

from . import _checks

__all__ = ["batch_norm", "batch_norm_backward", "batch_statistics", "normalize_whole"]

_SUPPORTED_DIMS = (2, 3, 4)


def normalize_whole(x: torch.Tensor, gamma: float = 1.0, beta: float = 0.0, eps: float = 1e-16) -> torch.Tensor:
    """Normalize a whole tensor with one mean and one variance, as the seed notebook does.

    Computes ``gamma * (x - x.mean()) / sqrt(x.var() + eps) + beta``. Unlike the paper's
    transform (see [batch_norm][batchnorm_explained.batch_norm]) it pools every value of
    the tensor, uses the **unbiased** variance (``Tensor.var``'s default) and a tiny default
    ``eps`` of 1e-16, which vanishes next to any float32 variance of order 1.

    Args:
        x: Floating-point tensor of any shape with at least two elements.
        gamma: Scale applied after normalizing; the result's standard deviation.
        beta: Shift applied after normalizing; the result's mean.
        eps: Constant added to the variance; must be >= 0.

    Returns:
        A tensor shaped like ``x`` with mean ``beta`` and unbiased standard deviation
        ``gamma`` (up to rounding and ``eps``).

    Raises:
        TypeError: If ``x`` is not a floating-point tensor or a parameter is not a number.
        ValueError: If ``x`` has fewer than two elements or a NaN or infinite one, its
            variance overflows its dtype (float32 values near 1e38), it is constant while
            ``eps`` is 0, ``gamma`` or ``beta`` is not finite, or ``eps`` is negative.

    Examples:
        >>> y = normalize_whole(torch.tensor([1.0, 2.0, 3.0]), gamma=10.0, beta=5.0)
        >>> y
        tensor([-5.,  5., 15.])
    """
    x = _checks.finite_values("x", _checks.float_tensor("x", x))
    gamma = _checks.finite_scalar("gamma", gamma)
    beta = _checks.finite_scalar("beta", beta)
    eps = _checks.eps(eps)
    if x.numel() < 2:
        raise ValueError(f"x must have at least 2 elements to have a variance, got shape {tuple(x.shape)}")
    var = x.var()
    _checks.spread("x", x, var, eps)
    return gamma * (x - x.mean()) / torch.sqrt(var + eps) + beta


def batch_norm(
    x: torch.Tensor,
    gamma: float | torch.Tensor = 1.0,
    beta: float | torch.Tensor = 0.0,
    eps: float = 1e-5,
) -> torch.Tensor:
    """Apply the Batch Normalizing Transform of the paper's Algorithm 1, in training mode.

    For each feature (dimension 1), over the mini-batch and any spatial positions:
    μ_B = mean(x), σ²_B = mean((x − μ_B)²) (the biased variance),
    x̂ = (x − μ_B) / √(σ²_B + ε) and y = γ x̂ + β.

    Equal to ``torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True,
    eps=eps)``, and differentiable by autograd with the same gradients. Unlike torch, it
    refuses what would make its output NaN or zeros without a word: a NaN or infinite value
    in ``x``, a variance that overflows ``x``'s dtype, a constant feature with ``eps=0``.

    Args:
        x: Input of shape ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)``.
        gamma: Learned scale γ: a number shared by all features, or one value per feature
            (a sequence or a tensor of shape ``(C,)``).
        beta: Learned shift β, shaped like ``gamma``.
        eps: Constant added to the variance for numerical stability; must be >= 0.

    Returns:
        ``y``, shaped like ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor, or ``gamma``/``beta``/``eps``
            is not a number (or a sequence of numbers).
        ValueError: If ``x`` has the wrong number of dimensions, only one value per
            feature or a NaN or infinite one, a feature's variance overflows ``x``'s dtype
            or is 0 while ``eps`` is 0, ``gamma``/``beta`` is not finite or has the wrong
            length, or ``eps`` is negative.

    Examples:
        >>> x = torch.tensor([[1.0, 10.0], [3.0, 30.0]])
        >>> batch_norm(x, eps=0.0)
        tensor([[-1., -1.],
                [ 1.,  1.]])
    """
    x = _checks.finite_values("x", _check_input(x))
    num_features = x.shape[1]
    gamma_t = _checks.affine_param("gamma", gamma, num_features, x)
    beta_t = _checks.affine_param("beta", beta, num_features, x)
    eps = _checks.eps(eps)
    _check_more_than_one_value(x)
    mu_b, var_b = batch_statistics(x)
    _checks.spread("x", x, var_b, eps, "feature")
    return _affine_normalize(x, mu_b, var_b, gamma_t, beta_t, eps)


def batch_norm_backward(
    grad_y: torch.Tensor,
    x: torch.Tensor,
    gamma: float | torch.Tensor = 1.0,
    eps: float = 1e-5,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Backpropagate through [batch_norm][batchnorm_explained.batch_norm] with the paper's formulas.

    Implements the chain rule printed in section 3 of the paper, term by term, instead of
    relying on autograd, so that the explainer can check the paper against torch.

    Args:
        grad_y: ∂ℓ/∂y, the gradient of the loss with respect to the output; shaped like ``x``.
        x: The input that was normalized.
        gamma: The scale γ used in the forward pass (number or one value per feature).
        eps: The ε used in the forward pass.

    Returns:
        ``(grad_x, grad_gamma, grad_beta)``: ∂ℓ/∂x shaped like ``x``, and ∂ℓ/∂γ and ∂ℓ/∂β
        of shape ``(C,)``.

    Raises:
        TypeError: As for [batch_norm][batchnorm_explained.batch_norm], or if ``grad_y``
            is not a floating-point tensor.
        ValueError: As for [batch_norm][batchnorm_explained.batch_norm], or if ``grad_y``
            and ``x`` differ in shape or ``grad_y`` holds a NaN or infinite value.
    """
    x = _checks.finite_values("x", _check_input(x))
    grad_y = _checks.finite_values("grad_y", _checks.float_tensor("grad_y", grad_y))
    if grad_y.shape != x.shape:
        raise ValueError(f"grad_y must have the shape of x {tuple(x.shape)}, got {tuple(grad_y.shape)}")
    gamma_t = _checks.affine_param("gamma", gamma, x.shape[1], x)
    eps = _checks.eps(eps)
    _check_more_than_one_value(x)

    dims = _reduction_dims(x)
    m = x.numel() // x.shape[1]  # values per feature: m' = N·H·W for feature maps
    mu_b, var_b = batch_statistics(x)
    _checks.spread("x", x, var_b, eps, "feature")
    centered = x - _per_feature(mu_b, x)  # x_i − μ_B
    inv_std = 1.0 / torch.sqrt(_per_feature(var_b, x) + eps)  # 1/√(σ²_B + ε)
    x_hat = centered * inv_std

    dl_dxhat = grad_y * _per_feature(gamma_t, x)
    dl_dvar = (dl_dxhat * centered).sum(dims) * -0.5 * (var_b + eps) ** -1.5
    dl_dmu = (dl_dxhat * -inv_std).sum(dims) + dl_dvar * (-2.0 * centered).sum(dims) / m
    grad_x = dl_dxhat * inv_std + _per_feature(dl_dvar, x) * 2.0 * centered / m + _per_feature(dl_dmu, x) / m
    grad_gamma = (grad_y * x_hat).sum(dims)
    grad_beta = grad_y.sum(dims)
    return grad_x, grad_gamma, grad_beta


def batch_statistics(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the mini-batch mean μ_B and **biased** variance σ²_B of each feature.

    Args:
        x: Input of shape ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)``.

    Returns:
        ``(mu_b, var_b)``, each of shape ``(C,)``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor.
        ValueError: If ``x`` has the wrong number of dimensions or no value per feature.
    """
    x = _check_input(x)
    if x.numel() == 0:
        raise ValueError(f"x must have at least one value per feature to have statistics, got shape {tuple(x.shape)}")
    dims = _reduction_dims(x)
    mu_b = x.mean(dim=dims)  # Algorithm 1: μ_B = (1/m) Σ x_i
    # Algorithm 1 divides by m (the biased estimate). Two passes over the data, not
    # E[x²] − E[x]², which cancels catastrophically when the mean is large.
    var_b = x.var(dim=dims, correction=0)
    return mu_b, var_b


def _affine_normalize(
    x: torch.Tensor,
    mean: torch.Tensor,
    var: torch.Tensor,
    gamma: torch.Tensor,
    beta: torch.Tensor,
    eps: float,
) -> torch.Tensor:
    """Return γ (x − mean) / √(var + ε) + β with per-feature ``(C,)`` statistics and parameters.

    Training uses the mini-batch statistics (Algorithm 1); inference uses the population
    statistics (Algorithm 2, step 11). Inputs are assumed already checked.
    """
    x_hat = (x - _per_feature(mean, x)) / torch.sqrt(_per_feature(var, x) + eps)
    return _per_feature(gamma, x) * x_hat + _per_feature(beta, x)


def _check_more_than_one_value(x: torch.Tensor) -> None:
    """Refuse a training batch with a single value per feature, as torch does.

    Raises:
        ValueError: If every feature of ``x`` has only one value (its variance is 0, so
            the normalized output would be all zeros).
    """
    if x.numel() // x.shape[1] <= 1:
        raise ValueError(
            "x must have more than 1 value per feature in training mode "
            f"(a single value has no spread to normalize), got shape {tuple(x.shape)}"
        )


def _check_input(x: object) -> torch.Tensor:
    x = _checks.float_tensor("x", x)
    if x.dim() not in _SUPPORTED_DIMS:
        raise ValueError(f"x must have 2, 3 or 4 dimensions, (N, C), (N, C, L) or (N, C, H, W), got {x.dim()} with shape {tuple(x.shape)}")
    if x.shape[1] == 0:
        raise ValueError(f"x must have at least one feature in dimension 1, got shape {tuple(x.shape)}")
    return x


def _reduction_dims(x: torch.Tensor) -> tuple[int, ...]:
    # Every dimension but the feature dimension 1: the batch and, for conv maps, the positions.
    return (0, *range(2, x.dim()))


def _per_feature(values: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    # (C,) -> (1, C, 1, ...) so it broadcasts against (N, C, ...).
    return values.view(1, -1, *([1] * (like.dim() - 2)))
