"""The site's figures: a batch's histogram, the 3×3 γ/β sweep and Figure 1, in any listed language.

Functions build a ``matplotlib.figure.Figure`` directly (not through pyplot), return it and
never call ``show()``: the caller decides whether to display or save it, and no global
figure is left behind.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import _checks
from .figure1 import PERCENTILES, TrainingRun
from .locales import DEFAULT_LANGUAGE, format_number, text
from .transform import normalize_whole

__all__ = ["batch_summary", "describe_batch", "plot_figure1", "plot_gamma_beta_sweep"]

_BINS = 50


def batch_summary(x: torch.Tensor) -> dict[str, float]:
    """Return the numbers the notebook prints about a batch.

    Args:
        x: Floating-point tensor with at least two elements.

    Returns:
        ``min``, ``max``, ``mean``, ``var`` (unbiased, as the notebook's ``A.var()``) and
        ``std`` (its square root) of all the values in ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor.
        ValueError: If ``x`` has fewer than two elements.
    """
    x = _checks.float_tensor("x", x)
    if x.numel() < 2:
        raise ValueError(f"x must have at least 2 elements to have a variance, got shape {tuple(x.shape)}")
    values = x.detach().double()
    var = values.var().item()
    return {
        "min": values.min().item(),
        "max": values.max().item(),
        "mean": values.mean().item(),
        "var": var,
        "std": var**0.5,
    }


def describe_batch(x: torch.Tensor, *, lang: str = DEFAULT_LANGUAGE, ax: Axes | None = None) -> Figure:
    """Draw the histogram of every value in ``x``, titled with its min, max, mean and variance.

    This is the seed notebook's ``describe_batch``.

    Args:
        x: Floating-point tensor, e.g. a batch from [make_batch][batchnorm_explained.make_batch].
        lang: Language of the labels, a code from ``languages.toml``.
        ax: Axes to draw into; by default a new figure is made.

    Returns:
        The figure that holds the histogram.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor.
        ValueError: If ``x`` has fewer than two elements or ``lang`` is not listed.
    """
    stats = {key: format_number(value, lang) for key, value in batch_summary(x).items()}
    if ax is None:
        ax = Figure(figsize=(6.4, 4.0), layout="constrained").add_subplot()
    ax.hist(x.detach().flatten().double().numpy(), bins=_BINS, color="C0", histtype="stepfilled")
    ax.set_title(text("stats.summary", lang, **stats), fontsize="medium")
    _localize_ticks(ax, lang)
    ax.set_xlabel(text("histogram.xlabel", lang))
    ax.set_ylabel(text("histogram.ylabel", lang))
    return ax.figure


def plot_gamma_beta_sweep(
    x: torch.Tensor,
    *,
    lang: str = DEFAULT_LANGUAGE,
    gammas: Sequence[float] = (1, 10, 100),
    betas: Sequence[float] = (0, 10, 100),
    eps: float = 1e-16,
) -> Figure:
    """Normalize ``x`` as a whole for every (γ, β) pair and draw the histograms in a grid.

    Each panel applies [normalize_whole][batchnorm_explained.normalize_whole] (the
    notebook's transform); rows vary γ and columns vary β. Every panel keeps the shape of the
    input's histogram, moved to mean β and stretched to standard deviation γ.

    Args:
        x: Floating-point tensor with at least two elements.
        lang: Language of the labels, a code from ``languages.toml``.
        gammas: Scales γ, one row each.
        betas: Shifts β, one column each.
        eps: Passed to ``normalize_whole``.

    Returns:
        The figure with ``len(gammas) × len(betas)`` panels.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor or a γ/β is not a number.
        ValueError: If ``gammas`` or ``betas`` is empty, a γ/β is not finite, ``eps`` is
            negative or ``lang`` is not listed.
    """
    for name, values in (("gammas", gammas), ("betas", betas)):
        if len(values) == 0:
            raise ValueError(f"{name} must hold at least one value, got {values!r}")
    figure = Figure(figsize=(3.4 * len(betas), 2.6 * len(gammas)), layout="constrained")
    axes = figure.subplots(len(gammas), len(betas), squeeze=False)
    for row, gamma in enumerate(gammas):
        for column, beta in enumerate(betas):
            y = normalize_whole(x, gamma=gamma, beta=beta, eps=eps)
            _draw_sweep_panel(axes[row][column], y, gamma, beta, lang)
    figure.suptitle(text("sweep.title", lang))
    return figure


def _draw_sweep_panel(ax: Axes, y: torch.Tensor, gamma: float, beta: float, lang: str) -> None:
    summary = batch_summary(y)
    panel = text("sweep.panel", lang, gamma=format_number(gamma, lang, None), beta=format_number(beta, lang, None))
    stats = text(
        "stats.mean_std", lang, mean=format_number(summary["mean"], lang), std=format_number(summary["std"], lang)
    )
    ax.hist(y.detach().flatten().double().numpy(), bins=_BINS, color="C0", histtype="stepfilled")
    ax.set_title(f"{panel}\n{stats}", fontsize="small")
    ax.tick_params(labelsize="x-small")
    _localize_ticks(ax, lang)


def _localize_ticks(ax: Axes, lang: str) -> None:
    # Tick labels in the reader's notation too (−2,5 in Italian), like the titles.
    formatter = FuncFormatter(lambda value, _: format_number(value, lang, digits=None))
    ax.xaxis.set_major_formatter(formatter)
    ax.yaxis.set_major_formatter(formatter)


def plot_figure1(without_bn: TrainingRun, with_bn: TrainingRun, *, lang: str = DEFAULT_LANGUAGE) -> Figure:
    """Draw the paper's Figure 1 from two runs of [train_digits][batchnorm_explained.train_digits].

    Panel (a) is the test accuracy against the training steps, with and without batch
    normalization; panels (b) and (c) follow the 15th, 50th and 85th percentiles of the input
    to one sigmoid of the last hidden layer, without and with it, on a shared vertical axis.

    Args:
        without_bn: The run without batch normalization.
        with_bn: The run with it.
        lang: Language of the labels, a code from ``languages.toml``.

    Returns:
        The figure with its three panels.

    Raises:
        ValueError: If the runs are swapped (``without_bn`` normalized or ``with_bn`` not),
            or ``lang`` is not listed.
    """
    if without_bn.batch_norm or not with_bn.batch_norm:
        raise ValueError(
            f"without_bn must be a run without batch normalization and with_bn one with it, "
            f"got batch_norm={without_bn.batch_norm} and batch_norm={with_bn.batch_norm}"
        )
    figure = Figure(figsize=(11.0, 3.4), layout="constrained")
    accuracy, *spread = figure.subplots(1, 3)
    spread[1].sharey(spread[0])
    for run, style in ((without_bn, "--"), (with_bn, "-")):
        key = "figure1.with_bn" if run.batch_norm else "figure1.without_bn"
        accuracy.plot(run.steps, run.accuracy, style, color="C0" if run.batch_norm else "C1", label=text(key, lang))
    accuracy.set_title(text("figure1.accuracy_title", lang), fontsize="medium")
    accuracy.set_ylabel(text("figure1.accuracy", lang))
    accuracy.legend(loc="lower right", fontsize="small")  # below the curves once both have risen
    for ax, run, key in ((spread[0], without_bn, "figure1.without_title"), (spread[1], with_bn, "figure1.with_title")):
        for index, percentile in enumerate(PERCENTILES):
            values = [step_values[index] for step_values in run.percentiles]
            ax.plot(run.steps, values, color=f"C{index + 2}", label=text("figure1.percentile", lang, p=percentile))
        ax.set_title(text(key, lang), fontsize="medium")
        ax.set_ylabel(text("figure1.sigmoid_input", lang))
    spread[0].legend(loc="upper right", fontsize="small")
    for ax in (accuracy, *spread):
        ax.set_xlabel(text("figure1.steps", lang))
        _localize_ticks(ax, lang)
    return figure
