"""The notebook's figures: a batch's histogram and the 3×3 γ/β sweep, in any listed language.

Functions build a ``matplotlib.figure.Figure`` directly (not through pyplot), return it and
never call ``show()``: the caller decides whether to display or save it, and no global
figure is left behind.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import _checks
from .locales import DEFAULT_LANGUAGE, format_number, text
from .transform import normalize_whole

__all__ = ["batch_summary", "describe_batch", "plot_gamma_beta_sweep"]

_BINS = 50
MAX_SWEEP_PANELS = 100
"""The most panels a γ/β sweep may draw (10 × 10): each is a histogram, and a figure of thousands takes minutes."""


def batch_summary(x: torch.Tensor) -> dict[str, float]:
    """Return the numbers the notebook prints about a batch.

    Args:
        x: Floating-point tensor with at least two elements.

    Returns:
        ``min``, ``max``, ``mean``, ``var`` (unbiased, as the notebook's ``A.var()``) and
        ``std`` (its square root) of all the values in ``x``.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor.
        ValueError: If ``x`` has fewer than two elements, or a NaN or infinite one.
    """
    x = _checks.finite_values("x", _checks.float_tensor("x", x))
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
        ValueError: If ``x`` has fewer than two elements or a NaN or infinite one, or
            ``lang`` is not listed.
    """
    stats = {key: format_number(value, lang) for key, value in batch_summary(x).items()}
    if ax is None:
        ax = Figure(figsize=(6.4, 4.0), layout="constrained").add_subplot()
    ax.hist(x.detach().flatten().double().numpy(), bins=_BINS, color="C0", histtype="stepfilled")
    # Wrapped at the figure's edges: on a figure narrow enough for a phone it takes two lines.
    ax.set_title(text("stats.summary", lang, **stats), fontsize="medium", wrap=True)
    localize_ticks(ax, lang)
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
    columns: int | None = None,
) -> Figure:
    """Normalize ``x`` as a whole for every (γ, β) pair and draw the histograms in a grid.

    Each panel applies [normalize_whole][batchnorm_explained.normalize_whole] (the
    notebook's transform); by default rows vary γ and columns vary β. Every panel keeps the
    shape of the input's histogram, moved to mean β and stretched to standard deviation γ.

    Args:
        x: Floating-point tensor with at least two elements.
        lang: Language of the labels, a code from ``languages.toml``.
        gammas: Scales γ, one row each.
        betas: Shifts β, one column each.
        eps: Passed to ``normalize_whole``.
        columns: Panels per row, filled row by row in the order (γ₁, β₁), (γ₁, β₂), …; by
            default ``len(betas)``, the grid. ``1`` stacks the panels in one column, with
            larger text, for a phone's screen.

    Returns:
        The figure with ``len(gammas) × len(betas)`` panels.

    Raises:
        TypeError: If ``x`` is not a floating-point tensor, a γ/β is not a number or
            ``columns`` is not an integer.
        ValueError: If ``gammas`` or ``betas`` is empty, they make more than
            ``MAX_SWEEP_PANELS`` (100) panels, a γ/β is not finite, ``eps`` is negative,
            ``columns`` is not positive or ``lang`` is not listed, or ``x`` is refused by
            ``normalize_whole``.
    """
    for name, values in (("gammas", gammas), ("betas", betas)):
        if len(values) == 0:
            raise ValueError(f"{name} must hold at least one value, got {values!r}")
    panels = f"len(gammas) × len(betas) = {len(gammas)} × {len(betas)}"
    _checks.at_most(panels, len(gammas) * len(betas), MAX_SWEEP_PANELS, "MAX_SWEEP_PANELS panels, e.g. 10 × 10")
    pairs = [(gamma, beta) for gamma in gammas for beta in betas]
    columns = len(betas) if columns is None else _checks.positive_int("columns", columns)
    rows = -(-len(pairs) // columns)
    # The grid is read side by side, so its text is small; a single column is read on a
    # phone, at the size it is drawn, so its text is larger and its panels lower.
    stacked = columns == 1
    size = (3.3, 2.1 * rows + 0.3) if stacked else (3.4 * columns, 2.6 * rows)
    figure = Figure(figsize=size, layout="constrained")
    if stacked:  # room between one panel's ticks and the next panel's title
        figure.get_layout_engine().set(h_pad=0.1)
    axes = figure.subplots(rows, columns, squeeze=False).flatten()
    for ax, (gamma, beta) in zip(axes, pairs, strict=False):
        y = normalize_whole(x, gamma=gamma, beta=beta, eps=eps)
        _draw_sweep_panel(ax, y, gamma, beta, lang, "small" if stacked else "x-small")
    for ax in axes[len(pairs) :]:
        ax.remove()
    figure.suptitle(text("sweep.title", lang), wrap=True)
    return figure


def _draw_sweep_panel(ax: Axes, y: torch.Tensor, gamma: float, beta: float, lang: str, ticks: str) -> None:
    summary = batch_summary(y)
    panel = text("sweep.panel", lang, gamma=format_number(gamma, lang, None), beta=format_number(beta, lang, None))
    stats = text("stats.mean_std", lang, mean=format_number(summary["mean"], lang), std=format_number(summary["std"], lang))
    ax.hist(y.detach().flatten().double().numpy(), bins=_BINS, color="C0", histtype="stepfilled")
    ax.set_title(f"{panel}\n{stats}", fontsize="small")
    ax.tick_params(labelsize=ticks)
    localize_ticks(ax, lang)


def localize_ticks(ax: Axes, lang: str) -> None:
    """Label ``ax``'s ticks in the notation of ``lang`` (−2,5 in Italian), like the titles."""
    # Matplotlib labels the same ticks again at every layout pass and every save: each value
    # is formatted once per figure (a figure's language does not change while it is drawn).
    label = functools.lru_cache(maxsize=None)(lambda value: format_number(value, lang, digits=None))
    formatter = FuncFormatter(lambda value, _: label(value))
    ax.xaxis.set_major_formatter(formatter)
    ax.yaxis.set_major_formatter(formatter)
