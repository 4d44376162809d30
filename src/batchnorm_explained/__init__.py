"""Batch normalization as Ioffe & Szegedy (2015) define it, and as the seed notebook shows it.

The library behind the *Batch Normalization, explained* site:

- [make_batch][batchnorm_explained.make_batch] builds the notebook's batch of random images;
- [normalize_whole][batchnorm_explained.normalize_whole] is the notebook's whole-tensor
  transform, [batch_norm][batchnorm_explained.batch_norm] the paper's Algorithm 1 and
  [batch_norm_backward][batchnorm_explained.batch_norm_backward] its section 3 gradients;
- [BatchNorm][batchnorm_explained.BatchNorm] is a layer with running statistics
  (Algorithm 2), interchangeable with ``torch.nn.BatchNorm1d`` / ``BatchNorm2d``;
- [describe_batch][batchnorm_explained.describe_batch] and
  [plot_gamma_beta_sweep][batchnorm_explained.plot_gamma_beta_sweep] draw the notebook's
  figures with labels in any language of [languages][batchnorm_explained.languages], in a
  light or dark [figure_style][batchnorm_explained.figure_style];
- [train_digits][batchnorm_explained.train_digits] reruns the paper's Figure 1 experiment on
  scikit-learn's digits and [plot_figure1][batchnorm_explained.plot_figure1] draws it;
- after the paper: [layer_norm][batchnorm_explained.layer_norm],
  [group_norm][batchnorm_explained.group_norm],
  [instance_norm][batchnorm_explained.instance_norm] and
  [rms_norm][batchnorm_explained.rms_norm], the normalizations that came later, and
  [fold_batch_norm][batchnorm_explained.fold_batch_norm], which folds a trained BN into the
  layer before it for deployment; [sweep_learning_rates][batchnorm_explained.sweep_learning_rates],
  [batch_statistics_noise][batchnorm_explained.batch_statistics_noise] and
  [dropout_variance_shift][batchnorm_explained.dropout_variance_shift] are the experiments
  the site runs about them, each with its figure.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Each public name and the module that defines it. The modules are imported on first use
# (PEP 562), so `import batchnorm_explained.locales` (the language list and the figure
# strings, which the site build reads) costs no torch and no matplotlib.
_MODULES = {
    "make_batch": "batch",
    "BatchNoise": "batch_noise",
    "batch_statistics_noise": "batch_noise",
    "plot_batch_noise": "experiments_plot",
    "plot_learning_rate_sweep": "experiments_plot",
    "plot_variance_shift": "experiments_plot",
    "TrainingRun": "figure1",
    "load_digit_split": "figure1",
    "train_digits": "figure1",
    "plot_figure1": "figure1_plot",
    "fold_batch_norm": "folding",
    "BatchNorm": "layer",
    "LearningRateSweep": "learning_rates",
    "sweep_learning_rates": "learning_rates",
    "DEFAULT_LANGUAGE": "locales",
    "Language": "locales",
    "format_number": "locales",
    "languages": "locales",
    "text": "locales",
    "group_norm": "normalization",
    "instance_norm": "normalization",
    "layer_norm": "normalization",
    "rms_norm": "normalization",
    "plot_normalization_axes": "normalization_plot",
    "batch_summary": "plotting",
    "describe_batch": "plotting",
    "plot_gamma_beta_sweep": "plotting",
    "figure_style": "styles",
    "batch_norm": "transform",
    "batch_norm_backward": "transform",
    "batch_statistics": "transform",
    "normalize_whole": "transform",
    "VarianceShift": "variance_shift",
    "dropout_variance_shift": "variance_shift",
}

# In the order the API reference presents them: the paper's, then what came after.
__all__ = [  # noqa: RUF022
    "DEFAULT_LANGUAGE",
    "BatchNorm",
    "Language",
    "TrainingRun",
    "batch_norm",
    "batch_norm_backward",
    "batch_statistics",
    "batch_summary",
    "describe_batch",
    "format_number",
    "languages",
    "load_digit_split",
    "make_batch",
    "normalize_whole",
    "plot_figure1",
    "plot_gamma_beta_sweep",
    "figure_style",
    "text",
    "train_digits",
    # After the paper: its relatives, deployment, and the experiments the site runs.
    "layer_norm",
    "group_norm",
    "instance_norm",
    "rms_norm",
    "fold_batch_norm",
    "plot_normalization_axes",
    "LearningRateSweep",
    "sweep_learning_rates",
    "plot_learning_rate_sweep",
    "BatchNoise",
    "batch_statistics_noise",
    "plot_batch_noise",
    "VarianceShift",
    "dropout_variance_shift",
    "plot_variance_shift",
]

if TYPE_CHECKING:  # what static readers (type checkers, the API reference) see
    from .batch import make_batch
    from .batch_noise import BatchNoise, batch_statistics_noise
    from .experiments_plot import plot_batch_noise, plot_learning_rate_sweep, plot_variance_shift
    from .figure1 import TrainingRun, load_digit_split, train_digits
    from .figure1_plot import plot_figure1
    from .folding import fold_batch_norm
    from .layer import BatchNorm
    from .learning_rates import LearningRateSweep, sweep_learning_rates
    from .locales import DEFAULT_LANGUAGE, Language, format_number, languages, text
    from .normalization import group_norm, instance_norm, layer_norm, rms_norm
    from .normalization_plot import plot_normalization_axes
    from .plotting import batch_summary, describe_batch, plot_gamma_beta_sweep
    from .styles import figure_style
    from .transform import batch_norm, batch_norm_backward, batch_statistics, normalize_whole
    from .variance_shift import VarianceShift, dropout_variance_shift


def __getattr__(name: str) -> object:
    """Import the module that defines public ``name`` on first use and return the name."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    """List the public names with the module's own, as ``dir()`` of an eager package would."""
    return sorted(set(globals()) | set(__all__))
