"""The experiments after the paper that the figures draw, each computed once for every language.

Three library experiments, each a cache entry of its own (``.cache/experiments/<name>/``),
keyed on its settings, the library modules its function imports and the versions of the
packages it runs on:

- ``learning-rates``: the largest learning rate the Figure 1 network trains at, with and
  without batch normalization (``sweep_learning_rates``, twice: about two seconds of CPU);
- ``batch-noise``: the spread of μ_B and σ²_B against the batch size (``batch_statistics_noise``);
- ``variance-shift``: Dropout before batch normalization (``dropout_variance_shift``).

The training task computes them (``compute_all``), beside the Figure 1 runs: it has the
digits and scikit-learn loaded already, which the figures process then never needs. The
figures of every language only read them, waiting at the lock if the training process is
still computing one: drawing a figure in another language, or with other labels, computes
nothing again.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from sitebuild import cache

KIND, RESULTS = "experiments", "results.json"

LEARNING_RATES = {"steps": 200, "init_std": 1.0, "threshold": 0.5, "seed": 0}
"""The arguments of ``sweep_learning_rates`` besides ``batch_norm`` (its grid is the library's)."""
BATCH_NOISE = {"draws": 1000, "units": 10, "init_std": 0.1, "seed": 0}
"""The arguments of ``batch_statistics_noise`` (its batch sizes are the library's)."""
VARIANCE_SHIFT = {"features": 16, "batch_size": 64, "batches": 100, "seed": 0}
"""The arguments of ``dropout_variance_shift`` (its drop rates are the library's)."""


@dataclass(frozen=True)
class _Experiment:
    function: str  # the library function that runs it
    result: str  # the library dataclass it returns
    packages: tuple[str, ...]  # the distributions whose versions its results depend on


_EXPERIMENTS = {
    "learning-rates": _Experiment("sweep_learning_rates", "LearningRateSweep", ("numpy", "scikit-learn")),
    "batch-noise": _Experiment("batch_statistics_noise", "BatchNoise", ("numpy", "scikit-learn")),
    "variance-shift": _Experiment("dropout_variance_shift", "VarianceShift", ("torch",)),
}


def compute_all() -> None:
    """Compute every experiment that is not cached (the training task calls this)."""
    batch_noise()
    variance_shift()
    learning_rate_sweeps()  # the long one last: the figures that need the others can go on


def is_current() -> bool:
    """Whether every experiment is cached for the current code and settings."""
    calls = {
        "learning-rates": _sweep_calls(LEARNING_RATES),
        "batch-noise": [BATCH_NOISE],
        "variance-shift": [VARIANCE_SHIFT],
    }
    return all(cache.load(KIND, name, _key(name, arguments)) is not None for name, arguments in calls.items())


def learning_rate_sweeps(settings: dict | None = None) -> tuple:
    """Return the ``LearningRateSweep`` pair ``(without_bn, with_bn)``, computing it unless cached.

    Args:
        settings: Arguments of ``sweep_learning_rates`` besides ``batch_norm``
            (``LEARNING_RATES`` by default).
    """
    return tuple(_results("learning-rates", _sweep_calls(LEARNING_RATES if settings is None else settings)))


def batch_noise(settings: dict | None = None):
    """Return the ``BatchNoise`` of ``batch_statistics_noise(**settings)`` (``BATCH_NOISE`` by default)."""
    return _results("batch-noise", [BATCH_NOISE if settings is None else settings])[0]


def variance_shift(settings: dict | None = None):
    """Return the ``VarianceShift`` of ``dropout_variance_shift(**settings)`` (``VARIANCE_SHIFT`` by default)."""
    return _results("variance-shift", [VARIANCE_SHIFT if settings is None else settings])[0]


def _sweep_calls(settings: dict) -> list[dict]:
    return [{"batch_norm": batch_norm, **settings} for batch_norm in (False, True)]


def _results(name: str, calls: list[dict]) -> list:
    """Return the results of calling experiment ``name``'s function with each of ``calls``, cached."""
    import batchnorm_explained

    experiment = _EXPERIMENTS[name]
    function, result_type = (getattr(batchnorm_explained, attribute) for attribute in (experiment.function, experiment.result))

    def write(folder: Path) -> None:
        results = [dataclasses.asdict(function(**arguments)) for arguments in calls]
        (folder / RESULTS).write_text(json.dumps(results), encoding="utf-8")

    wanted = _key(name, calls)
    found = cache.load(KIND, name, wanted)
    if found is None:
        with cache.lock(KIND):  # another process computing it: wait, then find it in the cache
            found = cache.load(KIND, name, wanted) or cache.save(KIND, name, wanted, write)
    stored = json.loads((found / RESULTS).read_text(encoding="utf-8"))
    # JSON has no tuples: the results' sequences come back as the tuples they were.
    return [
        result_type(**{field: tuple(value) if isinstance(value, list) else value for field, value in result.items()}) for result in stored
    ]


def _key(name: str, calls: list[dict]) -> str:
    experiment = _EXPERIMENTS[name]
    code = f"from batchnorm_explained import {experiment.function}"
    return cache.key(experiment.function, json.dumps(calls, sort_keys=True), code=code, packages=experiment.packages)
