"""``{{ api("topic") }}``: one topic's part of the API reference, generated from the docstrings.

``TOPICS`` is the one place that says which public names of ``batchnorm_explained`` each
reference page documents, and in what order; every language's page calls the macro with its
topic, so a translation documents the same names as the English page. Each name is rendered
by mkdocstrings as an object of its own (``::: batchnorm_explained.<name>``), with its own
heading and table of contents entry, and keeps the anchor ``#batchnorm_explained.<name>`` that
the explainer's links use. The package's docstring stays off these pages: it introduces the
whole library, which the reference's overview does in the page's language.

A page cannot write ``:::`` itself (``sitebuild.pages``): only this macro asks mkdocstrings to
load a module, and only this package.
"""

from __future__ import annotations

from sitebuild.macros.expand import Page, registered

PACKAGE = "batchnorm_explained"
TOPICS = {
    "batch-norm": (
        "make_batch",
        "normalize_whole",
        "batch_summary",
        "batch_statistics",
        "batch_norm",
        "batch_norm_backward",
        "BatchNorm",
        "fold_batch_norm",
    ),
    "normalizations": ("layer_norm", "instance_norm", "group_norm", "rms_norm", "plot_normalization_axes"),
    "figure-1": ("load_digit_split", "train_digits", "TrainingRun", "plot_figure1"),
    "experiments": (
        "sweep_learning_rates",
        "LearningRateSweep",
        "plot_learning_rate_sweep",
        "batch_statistics_noise",
        "BatchNoise",
        "plot_batch_noise",
        "dropout_variance_shift",
        "VarianceShift",
        "plot_variance_shift",
    ),
    "figures": (
        "describe_batch",
        "plot_gamma_beta_sweep",
        "figure_style",
        "languages",
        "Language",
        "DEFAULT_LANGUAGE",
        "text",
        "format_number",
    ),
}
"""Each reference page's topic and the public names it documents, in the page's order."""


@registered("topic", lambda: list(TOPICS))
def api(page: Page, topic: str) -> str:
    """Return the mkdocstrings blocks that document ``topic``'s names, one object per name."""
    return "\n\n".join(f"::: {PACKAGE}.{name}" for name in TOPICS[topic])
