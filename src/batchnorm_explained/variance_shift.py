"""Dropout before batch normalization: the "variance shift" of Li, Chen, Hu & Yang (2019).

Inverted dropout with drop rate p keeps each value with probability 1 − p and divides it by
1 − p, so in training a zero-mean unit of variance v reaches the next layer with variance
v/(1 − p); at inference dropout is off and the variance is v again. A batch normalization
placed after it learned its running variance in training, so at inference it divides by
√(v/(1 − p)) values whose spread is only √v: its output has standard deviation √(1 − p)
instead of 1. Li et al. (CVPR 2019, arXiv:1801.05134, section 3 and Figure 1) name this
"variance shift" and show that it costs accuracy when Dropout precedes BN. The paper removed
Dropout from BN-Inception for another reason (section 4.2.1): batch normalization already
regularizes (section 3.4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from . import _checks
from .layer import BatchNorm

__all__ = ["DROP_RATES", "VarianceShift", "dropout_variance_shift"]

DROP_RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
# Inputs normalized at inference for each rate; small enough that torch does not start its
# thread pool (which would double the CPU time for nothing).
_TEST_SIZE = 1024
MAX_BATCHES = 100_000
"""The most training mini-batches per drop rate (1,000 times the default; about a minute each)."""
MAX_BATCH_SIZE = 1_000_000
"""The largest training mini-batch (its inputs and dropout mask fit in memory many times over)."""


@dataclass(frozen=True)
class VarianceShift:
    """The spread of a batch normalization's output at inference, after training behind Dropout.

    Attributes:
        drop_rates: The dropout rates p, in increasing order.
        output_std: Standard deviation of the normalized output at inference (γ = 1, β = 0),
            averaged over the features, for each drop rate; 1 would be no shift.
        batches: Training mini-batches that set the running statistics.
        batch_size: Examples per mini-batch.
        features: Features normalized.
    """

    drop_rates: tuple[float, ...]
    output_std: tuple[float, ...]
    batches: int
    batch_size: int
    features: int

    @property
    def predicted_std(self) -> tuple[float, ...]:
        """√(1 − p) for each drop rate: Li et al.'s prediction for zero-mean inputs."""
        return tuple(math.sqrt(1.0 - rate) for rate in self.drop_rates)


def dropout_variance_shift(
    drop_rates: Sequence[float] = DROP_RATES,
    *,
    features: int = 16,
    batch_size: int = 64,
    batches: int = 100,
    seed: int = 0,
) -> VarianceShift:
    """Train a [BatchNorm][batchnorm_explained.BatchNorm] behind dropout, then measure its output at inference.

    For each drop rate p, standard Gaussian inputs (as in Li et al.'s Figure 1) pass through
    inverted dropout, as ``torch.nn.Dropout`` does in training, into a fresh ``BatchNorm``
    whose running statistics average the ``batches`` mini-batches (``momentum=None``).
    Then, in eval mode and without dropout, the layer normalizes 1,024 new Gaussian inputs,
    and the standard deviation of its output is recorded.

    Args:
        drop_rates: Dropout rates p, each in ``[0, 1)`` (sorted before use).
        features: Features (units) normalized side by side.
        batch_size: Examples per training mini-batch, at least 2.
        batches: Training mini-batches per drop rate.
        seed: Seed of the inputs and the dropout masks.

    Returns:
        The output's standard deviation at inference for each drop rate.

    Raises:
        TypeError: If an argument is not a number, or not an integer where one is needed.
        ValueError: If ``drop_rates`` is empty or holds a rate outside ``[0, 1)``, a count
            is not positive, ``batches`` is above ``MAX_BATCHES`` (100,000), or
            ``batch_size`` is 1 or above ``MAX_BATCH_SIZE`` (1,000,000).

    Examples:
        >>> shift = dropout_variance_shift((0.0, 0.5))
        >>> [round(std, 2) for std in shift.output_std], [round(std, 2) for std in shift.predicted_std]
        ([1.0, 0.71], [1.0, 0.71])
    """
    rates = tuple(sorted(_checks.finite_scalar("drop_rates", rate) for rate in drop_rates))
    if not rates or not all(0.0 <= rate < 1.0 for rate in rates):
        raise ValueError(f"drop_rates must be dropout rates from 0 (included) to 1 (excluded), got {drop_rates!r}")
    features = _checks.positive_int("features", features)
    batch_size = _checks.at_most("batch_size", _checks.positive_int("batch_size", batch_size), MAX_BATCH_SIZE, "MAX_BATCH_SIZE")
    if batch_size < 2:
        raise ValueError(f"batch_size must be at least 2 (a variance needs two values), got {batch_size}")
    batches = _checks.at_most("batches", _checks.positive_int("batches", batches), MAX_BATCHES, "MAX_BATCHES")
    generator = torch.Generator().manual_seed(_checks.integer("seed", seed))

    output_std = []
    with torch.no_grad():  # only the running statistics learn here: no gradients to record
        for rate in rates:
            bn = BatchNorm(features, momentum=None)  # running statistics: the mean over the batches
            for _ in range(batches):
                x = torch.randn(batch_size, features, generator=generator)  # (m, features), v = 1
                keep = torch.rand(batch_size, features, generator=generator) >= rate
                bn(x * keep / (1.0 - rate))  # training: Var = v/(1 − p) is what running_var learns
            x = torch.randn(_TEST_SIZE, features, generator=generator)  # inference: Var = v
            output_std.append(bn.eval()(x).std(dim=0).mean().item())  # ≈ √(v / (v/(1 − p))) = √(1 − p)
    return VarianceShift(rates, tuple(output_std), batches, batch_size, features)
