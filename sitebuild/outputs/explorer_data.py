"""The batch the γ/β explorer redraws in the reader's browser, with the library's own statistics.

One file for every language (``.cache/explorer/batch/``): ``make_batch(seed=SEED)``'s values
as float32, little-endian, in C order (image, row, column), then each mode's statistics as
the library computes them:

- N·H·W values;
- the notebook's mean and √(var + ε) of the whole batch (``normalize_whole``);
- H·W means, then H·W values of √(σ²_B + ε), one per pixel position (Algorithm 1).

The explorer redoes the float32 arithmetic after them, so what it prints is the library's
number: torch's reductions and square root cannot be replayed exactly in JavaScript.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from sitebuild import cache

KIND, NAME = "explorer", "batch"
SEED = 0  # the batch every figure shows
FILE = f"batch-seed{SEED}.f32"
SHAPE = (30, 32, 32)  # make_batch's defaults: (image, row, column)
URI = f"assets/data/{FILE}"  # where the site publishes it


def path() -> Path:
    """Return the cached data file, making it if its inputs changed."""
    wanted = _key()
    return (cache.load(KIND, NAME, wanted) or cache.save(KIND, NAME, wanted, _export)) / FILE


def cached() -> Path | None:
    """Return the cached data file if it is current, else None (the build reads it)."""
    found = cache.load(KIND, NAME, _key())
    return None if found is None else found / FILE


def eps(mode: str) -> float:
    """Return the ε of the explorer's mode: ``normalize_whole``'s default or ``batch_norm``'s."""
    from batchnorm_explained import batch_norm, normalize_whole

    function = normalize_whole if mode == "whole" else batch_norm
    return inspect.signature(function).parameters["eps"].default


def _export(folder: Path) -> None:
    import torch

    from batchnorm_explained import batch_statistics, make_batch

    x = make_batch(seed=SEED)
    mean_b, var_b = batch_statistics(x.reshape(len(x), -1))
    parts = [
        x.flatten(),
        torch.stack([x.mean(), torch.sqrt(x.var() + eps("whole"))]),
        mean_b,
        torch.sqrt(var_b + eps("feature")),
    ]
    (folder / FILE).write_bytes(torch.cat(parts).numpy().astype("<f4").tobytes())


def _key() -> str:
    return cache.key(
        Path(__file__).read_bytes(),
        code="from batchnorm_explained import make_batch, batch_statistics, batch_norm, normalize_whole",
        packages=("torch",),
    )
