"""The largest learning rate the Figure 1 network trains at, with and without batch normalization.

"Batch Normalization enables higher learning rates" (the paper's section 3.3), and "increase
learning rate" is the first change of section 4.2.1 that let the BN-Inception networks train
faster (BN-x5 and BN-x30, Figure 3). Bjorck, Gomes, Selman & Weinberger (2018,
arXiv:1806.02375) argue that this is where most of batch normalization's benefit comes from:
without it, large steps make the activations grow out of control, so only small learning
rates train.

[sweep_learning_rates][batchnorm_explained.sweep_learning_rates] measures it on the
section 4.1 network of [train_digits][batchnorm_explained.train_digits]: for each learning
rate of a grid it trains a few hundred steps from the same initial weights, on the same
mini-batches, and records the final test accuracy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _checks
from .figure1 import MAX_STEPS, _positive, train_digits

__all__ = ["LEARNING_RATES", "LearningRateSweep", "sweep_learning_rates"]

LEARNING_RATES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)  # about √10 apart: 3 points a decade


@dataclass(frozen=True)
class LearningRateSweep:
    """The test accuracy one network reached at each learning rate of a grid.

    Attributes:
        batch_norm: Whether the hidden layers were batch-normalized.
        learning_rates: The learning rates tried, in increasing order.
        accuracy: Test accuracy after ``steps`` steps at each learning rate.
        steps: Training steps of every run.
        threshold: The accuracy a run must reach to count as training.
    """

    batch_norm: bool
    learning_rates: tuple[float, ...]
    accuracy: tuple[float, ...]
    steps: int
    threshold: float

    @property
    def trains(self) -> tuple[bool, ...]:
        """Whether the run at each learning rate reached ``threshold``."""
        return tuple(accuracy >= self.threshold for accuracy in self.accuracy)

    @property
    def largest_trainable(self) -> float | None:
        """The largest learning rate of the grid that trains, or ``None`` if none does."""
        return max((rate for rate, trains in zip(self.learning_rates, self.trains, strict=True) if trains), default=None)


def sweep_learning_rates(
    *,
    batch_norm: bool,
    learning_rates: Sequence[float] = LEARNING_RATES,
    steps: int = 200,
    init_std: float = 1.0,
    threshold: float = 0.5,
    seed: int = 0,
) -> LearningRateSweep:
    """Train the digits network briefly at each learning rate and record its test accuracy.

    Each run is ``train_digits(batch_norm=batch_norm, steps=steps, learning_rate=rate,
    init_std=init_std, seed=seed)``: the same initial weights and mini-batches for every
    rate, so the learning rate is the only difference. A run that diverges saturates its
    sigmoids or overflows to infinity; its accuracy then stays near chance (10%), far from
    the runs that train, so a threshold halfway sorts them robustly.

    The default N(0, 1) initial weights are the regime in which the plain network trains at
    all within a few hundred steps; with Figure 1's 0.1 it stays near chance for a thousand
    steps whatever the rate, and slowness at small rates would hide the failure at large ones.

    Args:
        batch_norm: Normalize the input of every hidden sigmoid.
        learning_rates: The learning rates to try (positive; sorted before use).
        steps: Training steps of each run: 200 mini-batches of 60 is about 8.6 passes over
            the 1,400 training images.
        init_std: Standard deviation of the Gaussian initial weights.
        threshold: Test accuracy from 0 to 1 above which a run counts as training.
        seed: Seed of the data split, the initial weights and the mini-batches.

    Returns:
        The final test accuracy at each learning rate.

    Raises:
        TypeError: If an argument is not a number (or not an integer where one is needed).
        ValueError: If ``learning_rates`` is empty or holds a rate that is not positive,
            the sweep would train more than ``MAX_STEPS`` (100,000) steps in all,
            ``threshold`` lies outside ``[0, 1]``, or ``train_digits`` refuses an argument.

    Examples:
        >>> sweep = sweep_learning_rates(batch_norm=True, learning_rates=(1.0, 0.1), steps=20)
        >>> sweep.learning_rates, len(sweep.accuracy), sweep.steps
        ((0.1, 1.0), 2, 20)
    """
    rates = tuple(sorted(_positive("learning_rates", rate) for rate in learning_rates))
    if not rates:
        raise ValueError(f"learning_rates must hold at least one learning rate, got {learning_rates!r}")
    total = len(rates) * _checks.positive_int("steps", steps)
    _checks.at_most("len(learning_rates) × steps", total, MAX_STEPS, "MAX_STEPS, the training steps of a sweep in all")
    threshold = _checks.finite_scalar("threshold", threshold)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be an accuracy from 0 to 1, got {threshold!r}")
    # A diverging run overflows exp() in its sigmoids: that is the outcome being measured,
    # not an error worth a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        runs = [
            train_digits(batch_norm=batch_norm, steps=steps, learning_rate=rate, init_std=init_std, eval_every=steps, seed=seed)
            for rate in rates
        ]
    return LearningRateSweep(batch_norm, rates, tuple(run.accuracy[-1] for run in runs), steps, threshold)
