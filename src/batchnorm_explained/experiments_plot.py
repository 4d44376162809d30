"""The figures of the experiments that came after the paper: learning rates, batch noise, variance shift.

A module of its own, like ``figure1_plot.py``, so that a change to a figure's labels does not
touch the experiments' code (and a cached result stays valid).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .batch_noise import BatchNoise
from .learning_rates import LearningRateSweep
from .locales import DEFAULT_LANGUAGE, format_number, text
from .plotting import localize_ticks
from .variance_shift import VarianceShift

__all__ = ["plot_batch_noise", "plot_learning_rate_sweep", "plot_variance_shift"]


def plot_learning_rate_sweep(without_bn: LearningRateSweep, with_bn: LearningRateSweep, *, lang: str = DEFAULT_LANGUAGE) -> Figure:
    """Draw the test accuracy against the learning rate, without and with batch normalization.

    The learning rate is on a logarithmic axis; a dashed line marks the accuracy a run must
    reach to count as training, and a ring the largest learning rate that trains, for each
    network.

    Args:
        without_bn: The sweep of [sweep_learning_rates][batchnorm_explained.sweep_learning_rates]
            without batch normalization.
        with_bn: The sweep with it, over the same learning rates, steps and threshold.
        lang: Language of the labels, a code from ``languages.toml``.

    Returns:
        The figure: one panel, the learning rate across (logarithmic) and the accuracy up.

    Raises:
        ValueError: If the sweeps are swapped or were run with other rates, steps or
            threshold, or ``lang`` is not listed.
    """
    if without_bn.batch_norm or not with_bn.batch_norm:
        raise ValueError(
            f"without_bn must be a sweep without batch normalization and with_bn one with it, "
            f"got batch_norm={without_bn.batch_norm} and batch_norm={with_bn.batch_norm}"
        )
    settings = [(sweep.learning_rates, sweep.steps, sweep.threshold) for sweep in (without_bn, with_bn)]
    if settings[0] != settings[1]:
        raise ValueError(f"the sweeps must share learning rates, steps and threshold, got {settings[0]} and {settings[1]}")
    ax = _new_axes()
    ax.set_xscale("log")
    for sweep, style, color, key in ((without_bn, "--o", "C1", "figure1.without_bn"), (with_bn, "-o", "C0", "figure1.with_bn")):
        ax.plot(sweep.learning_rates, sweep.accuracy, style, color=color, label=text(key, lang))
        largest = sweep.largest_trainable
        if largest is not None:
            accuracy = sweep.accuracy[sweep.learning_rates.index(largest)]
            ax.plot(largest, accuracy, "o", markersize=14, fillstyle="none", color=color)
            label = text("learning_rates.largest", lang, rate=format_number(largest, lang, None))
            ax.annotate(
                label,
                (largest, accuracy),
                xytext=(0, -22),
                textcoords="offset points",
                ha="center",
                va="top",
                color=color,
                fontsize="small",
            )
    ax.axhline(
        with_bn.threshold,
        color="0.5",
        linestyle=":",
        label=text("learning_rates.threshold", lang, threshold=format_number(with_bn.threshold, lang, None)),
    )
    ax.set_ylim(0.0, 1.05)
    ax.set_xticks(with_bn.learning_rates)
    ax.minorticks_off()  # the minor log ticks would print unlocalized labels
    ax.set_xlabel(text("learning_rates.xlabel", lang))
    ax.set_ylabel(text("learning_rates.ylabel", lang, steps=format_number(with_bn.steps, lang, 0, grouped=True)))
    ax.legend(loc="lower left", fontsize="small")  # below the curves of the small rates, which all train
    localize_ticks(ax, lang)
    return ax.figure


def plot_batch_noise(noise: BatchNoise, *, lang: str = DEFAULT_LANGUAGE) -> Figure:
    """Draw how the spread of μ_B and σ²_B falls with the batch size, against 1/√m.

    Both axes are logarithmic, so a 1/√m law is a straight line of slope −1/2.

    Args:
        noise: The result of [batch_statistics_noise][batchnorm_explained.batch_statistics_noise].
        lang: Language of the labels, a code from ``languages.toml``.

    Returns:
        The figure: one panel, the batch size across and the spread up, both logarithmic.

    Raises:
        ValueError: If ``lang`` is not listed.
    """
    ax = _new_axes()
    sizes = np.array(noise.batch_sizes, dtype=float)
    # The reference first, wide and pale, so that a measured line lying on it leaves it visible.
    ax.loglog(sizes, 1.0 / np.sqrt(sizes), "-", color="0.8", linewidth=6, label=text("batch_noise.reference", lang))
    ax.loglog(sizes, noise.mean_noise, "-o", color="C0", label=text("batch_noise.mean", lang))
    ax.loglog(sizes, noise.var_noise, "-s", color="C2", label=text("batch_noise.var", lang))
    ax.set_xticks(noise.batch_sizes)
    _log_ticks(ax, lang)
    ax.set_xlabel(text("batch_noise.xlabel", lang))
    ax.set_ylabel(text("batch_noise.ylabel", lang, draws=format_number(noise.draws, lang, 0, grouped=True)))
    ax.legend(loc="upper right", fontsize="small")
    return ax.figure


def plot_variance_shift(shift: VarianceShift, *, lang: str = DEFAULT_LANGUAGE) -> Figure:
    """Draw the spread of batch normalization's output at inference against the dropout rate before it.

    Measured values as points, Li et al.'s prediction √(1 − p) as a curve, and the standard
    deviation 1 that the layer produced in training as a dotted line.

    Args:
        shift: The result of [dropout_variance_shift][batchnorm_explained.dropout_variance_shift].
        lang: Language of the labels, a code from ``languages.toml``.

    Returns:
        The figure: one panel, the dropout rate across and the output's spread up.

    Raises:
        ValueError: If ``lang`` is not listed.
    """
    ax = _new_axes()
    rates = np.linspace(0.0, max(shift.drop_rates), 100)
    ax.axhline(1.0, color="0.5", linestyle=":", label=text("variance_shift.training", lang))
    ax.plot(rates, np.sqrt(1.0 - rates), "-", color="C1", label=text("variance_shift.predicted", lang))
    ax.plot(shift.drop_rates, shift.output_std, "o", color="C0", label=text("variance_shift.measured", lang))
    ax.set_xlabel(text("variance_shift.xlabel", lang))
    ax.set_ylabel(text("variance_shift.ylabel", lang))
    ax.legend(loc="lower left", fontsize="small")
    localize_ticks(ax, lang)
    return ax.figure


def _new_axes() -> Axes:
    # One panel the width of the notebook's figures, laid out so no label is cut off.
    return Figure(figsize=(6.4, 4.0), layout="constrained").add_subplot()


def _log_ticks(ax: Axes, lang: str) -> None:
    # Log axes come with minor ticks whose labels ignore the FuncFormatter of localize_ticks.
    ax.minorticks_off()
    low, high = ax.get_ylim()
    ax.set_yticks([tick for tick in (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0) if low <= tick <= high])
    localize_ticks(ax, lang)
