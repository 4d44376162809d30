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
  figures with labels in any language of [languages][batchnorm_explained.languages];
- [train_digits][batchnorm_explained.train_digits] reruns the paper's Figure 1 experiment on
  scikit-learn's digits and [plot_figure1][batchnorm_explained.plot_figure1] draws it.
"""

from .batch import make_batch
from .batch_noise import BatchNoise, batch_statistics_noise
from .experiments_plot import (
    plot_batch_noise,
    plot_learning_rate_sweep,
    plot_variance_shift,
)
from .figure1 import TrainingRun, load_digit_split, train_digits
from .figure1_plot import plot_figure1
from .folding import fold_batch_norm
from .layer import BatchNorm
from .learning_rates import LearningRateSweep, sweep_learning_rates
from .locales import (
    DEFAULT_LANGUAGE,
    Language,
    format_number,
    languages,
    missing_strings,
    text,
)
from .normalization import group_norm, instance_norm, layer_norm, rms_norm
from .normalization_plot import plot_normalization_axes
from .plotting import batch_summary, describe_batch, plot_gamma_beta_sweep
from .transform import (
    batch_norm,
    batch_norm_backward,
    batch_statistics,
    normalize_whole,
)
from .variance_shift import VarianceShift, dropout_variance_shift

__all__ = [
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
    "missing_strings",
    "normalize_whole",
    "plot_figure1",
    "plot_gamma_beta_sweep",
    "text",
    "train_digits",
]
# Beyond 2015 (issue 14): the normalization family, folding BN for inference, new experiments.
__all__ += [
    "BatchNoise", "LearningRateSweep", "VarianceShift", "batch_statistics_noise", "dropout_variance_shift",
    "fold_batch_norm", "group_norm", "instance_norm", "layer_norm", "plot_batch_noise", "plot_learning_rate_sweep",
    "plot_normalization_axes", "plot_variance_shift", "rms_norm", "sweep_learning_rates",
]
