"""The paper's Figure 1, drawn from two runs of the experiment in ``figure1.py``.

A module of its own so that the figures and notebooks that draw histograms do not depend on
the experiment's code, and a change to the experiment does not redraw them.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from . import _checks
from .figure1 import PERCENTILES, TrainingRun
from .locales import DEFAULT_LANGUAGE, text
from .plotting import localize_ticks

__all__ = ["plot_figure1"]


def plot_figure1(without_bn: TrainingRun, with_bn: TrainingRun, *, lang: str = DEFAULT_LANGUAGE, columns: int = 3) -> Figure:
    """Draw the paper's Figure 1 from two runs of [train_digits][batchnorm_explained.train_digits].

    Panel (a) is the test accuracy against the training steps, with and without batch
    normalization; panels (b) and (c) follow the 15th, 50th and 85th percentiles of the input
    to one sigmoid of the last hidden layer, without and with it, on a shared vertical axis.

    Args:
        without_bn: The run without batch normalization.
        with_bn: The run with it.
        lang: Language of the labels, a code from ``languages.toml``.
        columns: Panels per row: 3, side by side as in the paper, or 1, stacked for a
            phone's screen (2 puts panel (c) under the other two).

    Returns:
        The figure with its three panels.

    Raises:
        TypeError: If ``columns`` is not an integer.
        ValueError: If the runs are swapped (``without_bn`` normalized or ``with_bn`` not),
            ``columns`` is not from 1 to 3, or ``lang`` is not listed.
    """
    if without_bn.batch_norm or not with_bn.batch_norm:
        raise ValueError(
            f"without_bn must be a run without batch normalization and with_bn one with it, "
            f"got batch_norm={without_bn.batch_norm} and batch_norm={with_bn.batch_norm}"
        )
    columns = _checks.positive_int("columns", columns)
    if columns > 3:
        raise ValueError(f"columns must be from 1 to 3, got {columns}")
    rows = -(-3 // columns)
    size = (11.0, 3.4) if columns == 3 else (3.3 * columns, 2.5 * rows + 0.4)
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).flatten()
    for ax in axes[3:]:
        ax.remove()
    accuracy, *spread = axes[:3]
    spread[1].sharey(spread[0])
    for run, style in ((without_bn, "--"), (with_bn, "-")):
        key = "figure1.with_bn" if run.batch_norm else "figure1.without_bn"
        accuracy.plot(run.steps, run.accuracy, style, color="C0" if run.batch_norm else "C1", label=text(key, lang))
    accuracy.set_title(text("figure1.accuracy_title", lang), fontsize="medium")
    accuracy.set_ylabel(text("figure1.accuracy", lang))
    if columns > 1:
        # Under the panels: at the left of (a) the legend would hide the curve without BN,
        # which spends its first steps at the bottom, and at the top its last ones.
        figure.legend(*accuracy.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize="small")
    else:
        # Stacked, the figure's foot is two panels away from (a): the legend goes in (a), in the
        # lower right corner, which both curves have left by then.
        accuracy.legend(loc="lower right", fontsize="small")
    for ax, run, key in ((spread[0], without_bn, "figure1.without_title"), (spread[1], with_bn, "figure1.with_title")):
        for index, percentile in enumerate(PERCENTILES):
            values = [step_values[index] for step_values in run.percentiles]
            ax.plot(run.steps, values, color=f"C{index + 2}", label=text("figure1.percentile", lang, p=percentile))
        ax.set_title(text(key, lang), fontsize="medium")
        ax.set_ylabel(text("figure1.sigmoid_input", lang))
    spread[0].legend(loc="upper right", fontsize="small")
    for ax in (accuracy, *spread):
        ax.set_xlabel(text("figure1.steps", lang))
        localize_ticks(ax, lang)
    return figure
