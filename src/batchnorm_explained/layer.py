"""A batch-normalization layer with running statistics, written from the paper's equations."""

from __future__ import annotations

import torch
from torch import nn

from . import _checks
from .transform import (
    _affine_normalize,
    _check_input,
    _check_more_than_one_value,
    batch_statistics,
)

__all__ = ["BatchNorm"]


class BatchNorm(nn.Module):
    """Batch normalization for ``(N, C)``, ``(N, C, L)`` and ``(N, C, H, W)`` inputs.

    A ``torch.nn.Module``. In training mode it normalizes with the statistics of the
    current mini-batch (Algorithm 1) and updates running estimates of the population
    statistics; in eval mode it normalizes with those estimates, so the output of one
    example no longer depends on the rest of its batch (Algorithm 2). It behaves like
    ``torch.nn.BatchNorm1d`` and ``torch.nn.BatchNorm2d`` with ``affine=True,
    track_running_stats=True``, and its ``state_dict`` has the same keys, but it is written
    from the equations rather than by calling ``torch.nn.functional.batch_norm``. It differs
    from torch in two edge cases: an empty training batch is refused, and a refused training
    batch (one value per feature) does not count in ``num_batches_tracked``, whereas torch
    counts it before raising (which shifts its cumulative average when ``momentum=None``).

    The running variance is the **unbiased** estimate, σ²_B · m/(m − 1): the correction the
    paper applies in Algorithm 2 to get Var[x] from mini-batch variances. Following PyTorch,
    it is folded into an exponential moving average,
    ``running = (1 − momentum) · running + momentum · batch_statistic``.

    Unlike torch, a training batch that would make the running statistics NaN or infinite
    (a NaN or infinite value, a variance that overflows the dtype) is refused, and they are
    left as they were: one bad batch would otherwise spoil every later prediction. In eval
    mode, as in torch, a NaN or infinite input value gives NaN or infinite outputs, and
    changes nothing.

    Args:
        num_features: C, the number of features (channels) in dimension 1 of the input.
        eps: Constant added to the variance for numerical stability; must be >= 0.
        momentum: Weight of the current batch in the running averages, in ``[0, 1]``;
            ``None`` keeps a cumulative (equal-weight) average instead.

    Attributes:
        weight: The learned scale γ, of shape ``(C,)``, initialized to 1.
        bias: The learned shift β, of shape ``(C,)``, initialized to 0.
        running_mean: Running estimate of E[x], initialized to 0.
        running_var: Running estimate of Var[x] (unbiased), initialized to 1.
        num_batches_tracked: How many training batches updated the running statistics.

    Raises:
        TypeError: If ``num_features`` is not an integer or ``eps``/``momentum`` not a number.
        ValueError: If ``num_features`` is not positive, ``eps`` is negative or
            ``momentum`` lies outside ``[0, 1]``.

    Examples:
        >>> layer = BatchNorm(3)
        >>> y = layer(torch.randn(8, 3, 4, 4))
        >>> layer.num_batches_tracked.item()
        1
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1) -> None:
        super().__init__()
        self.num_features = _checks.positive_int("num_features", num_features)
        self.eps = _checks.eps(eps)
        if momentum is not None:
            momentum = _checks.finite_scalar("momentum", momentum)
            if not 0.0 <= momentum <= 1.0:
                raise ValueError(f"momentum must lie in [0, 1] or be None, got {momentum!r}")
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(self.num_features))  # γ
        self.bias = nn.Parameter(torch.zeros(self.num_features))  # β
        self.register_buffer("running_mean", torch.zeros(self.num_features))
        self.register_buffer("running_var", torch.ones(self.num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))

    @property
    def gamma(self) -> nn.Parameter:
        """The learned scale γ of the paper: the same tensor as ``weight``."""
        return self.weight

    @property
    def beta(self) -> nn.Parameter:
        """The learned shift β of the paper: the same tensor as ``bias``."""
        return self.bias

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Normalize ``x`` with batch statistics (training) or running statistics (eval).

        Args:
            x: Input of shape ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)`` with
                ``C == num_features``.

        Returns:
            The normalized, scaled and shifted input, shaped like ``x``.

        Raises:
            TypeError: If ``x`` is not a floating-point tensor, or its dtype differs from
                the layer's (float16/bfloat16 input to a float32 layer is allowed).
            ValueError: If ``x`` has the wrong number of dimensions, a feature dimension
                other than ``num_features``, or (in training) at most one value per feature,
                a NaN or infinite value, a feature whose variance overflows the dtype, is 0
                while ``eps`` is 0, or would make a running statistic infinite; unlike
                torch, an empty training batch is refused too. A refused batch leaves the
                running statistics and ``num_batches_tracked`` as they were.
        """
        x = _check_input(x)
        if x.shape[1] != self.num_features:
            raise ValueError(f"x must have num_features={self.num_features} features in dimension 1, got shape {tuple(x.shape)}")
        compute = x.to(self._compute_dtype(x))
        if not self.training:
            # Algorithm 2, step 11: inference uses the population statistics.
            y = _affine_normalize(compute, self.running_mean, self.running_var, self.weight, self.bias, self.eps)
            return y.to(x.dtype)

        _check_more_than_one_value(x)
        _checks.finite_values("x", x)
        mu_b, var_b = batch_statistics(compute)
        _checks.spread("x", compute, var_b, self.eps, "feature")
        self._update_running_statistics(mu_b, var_b, m=x.numel() // self.num_features)
        return _affine_normalize(compute, mu_b, var_b, self.weight, self.bias, self.eps).to(x.dtype)

    def _compute_dtype(self, x: torch.Tensor) -> torch.dtype:
        if x.dtype == self.weight.dtype:
            return x.dtype
        # Mixed precision, as torch allows it: half-precision activations, float32 layer;
        # the statistics are computed in float32 and the output keeps the input's dtype.
        if self.weight.dtype == torch.float32 and x.dtype in (torch.float16, torch.bfloat16):
            return torch.float32
        raise TypeError(
            f"x must have the layer's dtype {self.weight.dtype} (or float16/bfloat16 with a float32 "
            f"layer), got {x.dtype}; convert one of them, e.g. layer.to({x.dtype})"
        )

    @torch.no_grad()
    def _update_running_statistics(self, mu_b: torch.Tensor, var_b: torch.Tensor, m: int) -> None:
        # momentum=None: a cumulative average, each batch weighing 1/(number of batches so far).
        weight = 1.0 / (self.num_batches_tracked.item() + 1) if self.momentum is None else self.momentum
        unbiased_var = var_b * (m / (m - 1))  # Algorithm 2, step 10: Var[x] = m/(m−1) · E_B[σ²_B]
        # running = (1 − momentum) · running + momentum · batch statistic, PyTorch's convention.
        mean = self.running_mean * (1.0 - weight) + mu_b * weight
        var = self.running_var * (1.0 - weight) + unbiased_var * weight
        for name, value in (("running_mean", mean), ("running_var", var)):
            if not torch.isfinite(value).all():
                feature = (~torch.isfinite(value)).nonzero()[0].item()
                raise ValueError(
                    f"x would make {name} of feature {feature} {value[feature].item()}; the batch is refused "
                    "and the running statistics are left as they were"
                )
        self.running_mean.copy_(mean)
        self.running_var.copy_(var)
        self.num_batches_tracked += 1

    def extra_repr(self) -> str:
        """Describe the layer's settings in ``repr(layer)``, as torch's layers do."""
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}"
