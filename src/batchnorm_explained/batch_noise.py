"""How noisy the mini-batch statistics μ_B and σ²_B are, as the batch on one device shrinks.

Algorithm 1 normalizes with the mean and variance of the mini-batch, which are estimates of
the population's: with m values, the standard deviation of μ_B is σ/√m, and σ²_B is as noisy
and, divided by m, biased low by the factor (m − 1)/m. At the paper's 32 or 60 examples this
noise is mild (and even regularizes, section 3.4); at 2 to 8 examples per device it is what
makes batch normalization fail, and what SyncBatchNorm (statistics over every device's
batch), ghost batch normalization (Hoffer, Hubara & Soudry 2017, arXiv:1705.08741) and group
normalization (Wu & He 2018, arXiv:1803.08494, Figure 1) respond to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _checks
from .figure1 import _Network, _positive, _seed, load_digit_split

__all__ = ["BATCH_SIZES", "BatchNoise", "batch_statistics_noise"]

BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128)


@dataclass(frozen=True)
class BatchNoise:
    """How much μ_B and σ²_B vary from one random mini-batch to the next, for each batch size.

    Each value is averaged over the ``units`` features followed; the standard deviations are
    in units of the population's own σ (for μ_B) and σ² (for σ²_B), so that 1/√m is the
    reference for both.

    Attributes:
        batch_sizes: The mini-batch sizes m, in increasing order.
        mean_noise: Standard deviation of μ_B over the draws, divided by σ.
        var_noise: Standard deviation of σ²_B over the draws, divided by σ².
        var_bias: Mean of σ²_B over the draws, divided by σ²: about (m − 1)/m, the bias
            that Algorithm 2 corrects with the factor m/(m − 1).
        draws: Random mini-batches drawn for each batch size.
        units: How many features were followed.
    """

    batch_sizes: tuple[int, ...]
    mean_noise: tuple[float, ...]
    var_noise: tuple[float, ...]
    var_bias: tuple[float, ...]
    draws: int
    units: int


def batch_statistics_noise(
    batch_sizes: Sequence[int] = BATCH_SIZES,
    *,
    draws: int = 1000,
    units: int = 10,
    init_std: float = 0.1,
    seed: int = 0,
) -> BatchNoise:
    """Measure the spread of μ_B and σ²_B over random mini-batches of each size.

    The population is the 1,400 training digits' inputs Wu to the first hidden layer of the
    section 4.1 network, with the initial weights ``train_digits(seed=seed,
    init_std=init_std)`` starts from: the values its first batch normalization sees. For each
    size m, ``draws`` mini-batches are drawn at random (with replacement, as ``train_digits``
    draws them) and their mean μ_B and biased variance σ²_B (Algorithm 1) computed.

    Args:
        batch_sizes: The mini-batch sizes m to try, each at least 2 (sorted before use).
        draws: Mini-batches drawn for each size.
        units: How many of the layer's 100 units to follow (the first ones).
        init_std: Standard deviation of the Gaussian initial weights.
        seed: Seed of the data split, the weights and the draws.

    Returns:
        The spread of μ_B and σ²_B at each batch size.

    Raises:
        TypeError: If an argument is not a number, or not an integer where one is needed.
        ValueError: If ``batch_sizes`` is empty or holds a size below 2, ``draws`` is below
            2, ``units`` is not from 1 to 100, ``init_std`` is not positive, or the draws
            would need more memory than the machine has.

    Examples:
        >>> noise = batch_statistics_noise((4, 64), draws=400)
        >>> [round(value * m ** 0.5, 1) for value, m in zip(noise.mean_noise, noise.batch_sizes)]
        [1.0, 1.0]
    """
    sizes = tuple(sorted(_checks.integer("batch_sizes", size) for size in batch_sizes))
    if not sizes or sizes[0] < 2:
        raise ValueError(f"batch_sizes must be integers >= 2 (a variance needs two values), got {batch_sizes!r}")
    draws = _checks.positive_int("draws", draws)
    if draws < 2:
        raise ValueError(f"draws must be at least 2 to have a spread, got {draws}")
    units = _checks.positive_int("units", units)
    # The largest size's draws as float64, and their deviations from the mean.
    _checks.fits_in_memory(f"batch_statistics_noise(batch_sizes={sizes}, draws={draws}, units={units})", 16 * draws * sizes[-1] * units)
    x_train = load_digit_split(_seed(seed))[0]
    rng = np.random.default_rng(seed)  # the generator train_digits draws its weights from
    network = _Network(x_train.shape[1], rng, _positive("init_std", init_std), batch_norm=True, eps=0.0)
    weights = network.weights[0]  # (64, 100), W of the first hidden layer
    if units > weights.shape[1]:
        raise ValueError(f"units must be from 1 to {weights.shape[1]}, got {units}")
    population = x_train.astype(np.float64) @ weights[:, :units].astype(np.float64)  # (1400, units)
    sigma2 = population.var(axis=0)  # σ² of each unit over the population, (units,)

    mean_noise, var_noise, var_bias = [], [], []
    for m in sizes:
        batches = population[rng.integers(0, len(population), (draws, m))]  # (draws, m, units)
        mu_b = batches.mean(axis=1)  # Algorithm 1: μ_B = (1/m) Σ x_i, (draws, units)
        var_b = ((batches - mu_b[:, None, :]) ** 2).mean(axis=1)  # σ²_B = (1/m) Σ (x_i − μ_B)²
        mean_noise.append(float(np.mean(mu_b.std(axis=0) / np.sqrt(sigma2))))
        var_noise.append(float(np.mean(var_b.std(axis=0) / sigma2)))
        var_bias.append(float(np.mean(var_b.mean(axis=0) / sigma2)))
    return BatchNoise(sizes, tuple(mean_noise), tuple(var_noise), tuple(var_bias), draws, units)
