"""The Figure 1 runs: both networks of the paper's section 4.1, trained once per version of their inputs.

The runs are cached on their own (``.cache/training/figure1/``), keyed on the library modules
the training uses, its settings and the versions of NumPy and scikit-learn (the data set
ships with it): redrawing Figure 1 in another language, or with other labels, does not retrain.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from sitebuild import cache

KIND, NAME, RUNS = "training", "figure1", "runs.json"
FIGURE1 = {"steps": 5000, "batch_size": 60, "learning_rate": 0.1, "init_std": 0.1, "seed": 0}
"""The arguments of ``train_digits`` the site trains with (the Figure 1 page's table states them)."""


def runs(settings: dict | None = None) -> tuple:
    """Return the Figure 1 runs ``(without_bn, with_bn)``, training them if they are not cached.

    Args:
        settings: Arguments of ``train_digits`` (``FIGURE1`` by default).
    """
    settings = FIGURE1 if settings is None else settings
    wanted = _key(settings)
    found = cache.load(KIND, NAME, wanted)
    if found is None:
        with cache.lock(KIND):  # the figures process waits here for the training process
            found = cache.load(KIND, NAME, wanted) or cache.save(KIND, NAME, wanted, lambda folder: _train(settings, folder))
    from batchnorm_explained import TrainingRun

    return tuple(
        TrainingRun(**{field: _frozen(value) for field, value in run.items()})
        for run in json.loads((found / RUNS).read_text(encoding="utf-8"))
    )


def _frozen(value):
    # JSON gives lists where TrainingRun holds tuples (of tuples, for the percentiles).
    return tuple(_frozen(item) for item in value) if isinstance(value, list) else value


def is_current(settings: dict | None = None) -> bool:
    """Whether the cached runs were trained by the current code and settings."""
    return cache.load(KIND, NAME, _key(FIGURE1 if settings is None else settings)) is not None


def _train(settings: dict, folder: Path) -> None:
    from batchnorm_explained import train_digits

    trained = [dataclasses.asdict(train_digits(batch_norm=batch_norm, **settings)) for batch_norm in (False, True)]
    (folder / RUNS).write_text(json.dumps(trained), encoding="utf-8")


def _key(settings: dict) -> str:
    return cache.key(
        json.dumps(settings, sort_keys=True), code="from batchnorm_explained import figure1", packages=("numpy", "scikit-learn")
    )
