"""The one place that lists and builds the site's figures, in every language.

Each figure is drawn by the library, saved as an SVG (crisp at any screen density, and a
fraction of a PNG's weight once compressed) for the pages and as a PNG to download, and
described in a manifest with its localized alt text and caption (whose numbers come from the
same data as the figure). The registry ``FIGURES`` also says which library function made each
figure, with which parameters, and which page explains it: the Figures page is built from it.
The Figure 1 training runs are cached on their own (``.cache/figure1/``), so redrawing the
figure in another language, or after a change to its labels, does not retrain.
Outputs are cached under ``.cache/figures/<lang>/``, keyed on the library modules and strings
the figures use, this file and the plotting stack's versions: a build with nothing changed imports neither torch
nor matplotlib.

Run ``python scripts/figures.py --lang it`` to build one language's figures by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import project

SEED = 0  # the batch every figure shows; fixed so figures and captions are reproducible
MANIFEST = "manifest.json"
CSS_PX_PER_INCH = 96  # an SVG's width and height, as the page lays it out
PNG_DPI = 150  # the download: sharp when printed or zoomed, about 1,650 px wide for Figure 1
FIGURE1 = {"steps": 5000, "batch_size": 60, "learning_rate": 0.1, "init_std": 0.1, "seed": 0}
TRAINING_PATH = project.CACHE_DIR / "figure1" / "runs.json"
FIGURE1_EARLY_STEP = 500  # where the caption compares the two runs


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the site.

    Attributes:
        name: File stem and placeholder name: ``{{ figure("name") }}`` in a page.
        draw: Function of a language code and the parameters, returning the matplotlib
            Figure and the values for the ``{placeholders}`` of its alt text and caption.
        call: The library call that draws it, with ``{name}`` where each parameter goes.
        parameters: The arguments it is drawn with (seed, γ, β, …), passed to ``draw`` as
            keywords and listed on the Figures page.
        page: The page (and section) that explains it, relative to a language's docs folder.
    """

    name: str
    draw: Callable[..., tuple[object, dict[str, str]]]
    call: str
    parameters: dict[str, object]
    page: str

    def call_text(self) -> str:
        """Return the call with its parameters written in, as Python reads it: it runs as it is."""
        return self.call.format(**{name: repr(value) for name, value in self.parameters.items()})


GAMMAS = (1, 10, 100)  # the seed notebook's sweep
BETAS = (0, 10, 100)


def _batch_fields(x, lang: str) -> dict[str, str]:
    from batchnorm_explained import batch_summary, format_number

    count, height, width = x.shape
    fields = {key: format_number(value, lang) for key, value in batch_summary(x).items()}
    return {**fields, "count": str(count), "height": str(height), "width": str(width)}


def _batch_histogram(lang: str, seed: int):
    from batchnorm_explained import describe_batch, make_batch

    x = make_batch(seed=seed)
    return describe_batch(x, lang=lang), _batch_fields(x, lang)


def _normalized_histogram(lang: str, seed: int, gamma: float, beta: float, eps: float):
    from batchnorm_explained import describe_batch, make_batch, normalize_whole

    y = normalize_whole(make_batch(seed=seed), gamma=gamma, beta=beta, eps=eps)
    return describe_batch(y, lang=lang), _batch_fields(y, lang)


def _gamma_beta_sweep(lang: str, seed: int, gammas: tuple, betas: tuple, eps: float):
    from batchnorm_explained import format_number, make_batch, plot_gamma_beta_sweep

    x = make_batch(seed=seed)
    values = {
        "gammas": ", ".join(format_number(gamma, lang, None) for gamma in gammas),
        "betas": ", ".join(format_number(beta, lang, None) for beta in betas),
        "rows": str(len(gammas)),
        "columns": str(len(betas)),
    }
    figure = plot_gamma_beta_sweep(x, lang=lang, gammas=gammas, betas=betas, eps=eps)
    return figure, {**_batch_fields(x, lang), **values}


def _figure1(lang: str, **settings):
    from batchnorm_explained import format_number, plot_figure1

    without_bn, with_bn = training_runs(settings)
    early = without_bn.steps.index(FIGURE1_EARLY_STEP)

    def percent(value: float) -> str:
        return format_number(100 * value, lang, 1) + "%"

    fields = {
        "steps": format_number(settings["steps"], lang, 0, grouped=True),
        "early": str(FIGURE1_EARLY_STEP),
        "bn_early": percent(with_bn.accuracy[early]),
        "plain_early": percent(without_bn.accuracy[early]),
        "bn_end": percent(with_bn.accuracy[-1]),
        "plain_end": percent(without_bn.accuracy[-1]),
    }
    return plot_figure1(without_bn, with_bn, lang=lang), fields


_TRAIN = ", ".join(f"{name}={{{name}}}" for name in FIGURE1)  # the settings, as arguments

FIGURES = (
    FigureSpec(
        "batch-histogram", _batch_histogram, "describe_batch(make_batch(seed={seed}))",
        {"seed": SEED}, "transform.md#the-notebook-example",
    ),
    FigureSpec(
        "normalized-histogram", _normalized_histogram,
        "describe_batch(normalize_whole(make_batch(seed={seed}), gamma={gamma}, beta={beta}, eps={eps}))",
        {"seed": SEED, "gamma": 1.0, "beta": 0.0, "eps": 1e-16}, "transform.md#explorer",
    ),
    FigureSpec(
        "gamma-beta-sweep", _gamma_beta_sweep,
        "plot_gamma_beta_sweep(make_batch(seed={seed}), gammas={gammas}, betas={betas}, eps={eps})",
        {"seed": SEED, "gammas": GAMMAS, "betas": BETAS, "eps": 1e-16}, "transform.md#reading-the-sweep",
    ),
    FigureSpec(
        "figure-1", _figure1,
        f"plot_figure1(train_digits(batch_norm=False, {_TRAIN}), train_digits(batch_norm=True, {_TRAIN}))",
        FIGURE1, "figure-1.md",
    ),
)


def training_runs(settings: dict | None = None):
    """Return the Figure 1 runs ``(without_bn, with_bn)``, trained once and then read from the cache.

    The cache is keyed on the library modules the training uses, the settings and the
    versions of NumPy and scikit-learn (the data set ships with it), not on the language or
    the plotting code. A damaged cache file counts as missing.

    Args:
        settings: Arguments of ``train_digits`` (``FIGURE1`` by default).
    """
    settings = FIGURE1 if settings is None else settings
    cached = _cached_training(settings)
    if cached is None:
        with project.exclusive(TRAINING_PATH.parent):  # prepare.py may be training already
            cached = _cached_training(settings)
            if cached is None:
                cached = {"key": _training_key(settings), "runs": [dataclasses.asdict(run) for run in _train(settings)]}
                # Written whole or not at all: a build stopped midway leaves no half a file.
                partial = TRAINING_PATH.with_suffix(".partial")
                partial.write_text(json.dumps(cached), encoding="utf-8")
                os.replace(partial, TRAINING_PATH)
    from batchnorm_explained import TrainingRun

    return tuple(
        TrainingRun(**{**run, "steps": tuple(run["steps"]), "accuracy": tuple(run["accuracy"]),
                       "percentiles": tuple(tuple(values) for values in run["percentiles"]),
                       "batch_accuracy": tuple(run.get("batch_accuracy", ()))})
        for run in cached["runs"]
    )


def _train(settings: dict) -> list:
    from batchnorm_explained import train_digits

    return [train_digits(batch_norm=batch_norm, **settings) for batch_norm in (False, True)]


def training_is_current(settings: dict | None = None) -> bool:
    """Whether the cached Figure 1 runs were trained by the current code and settings."""
    return _cached_training(FIGURE1 if settings is None else settings) is not None


def _cached_training(settings: dict) -> dict | None:
    try:
        cached = json.loads(TRAINING_PATH.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return cached if cached.get("key") == _training_key(settings) else None


def _training_key(settings: dict) -> str:
    code = "from batchnorm_explained import figure1"
    digest = hashlib.sha256(project.dependency_digest(code, project.locales.DEFAULT_LANGUAGE).encode())
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for package in ("numpy", "scikit-learn"):
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


BATCH_DATA = f"batch-seed{SEED}.f32"  # the batch every figure shows, for the explorer
BATCH_SHAPE = (30, 32, 32)  # make_batch's defaults: (image, row, column)


def output_dir(lang: str) -> Path:
    """Return the cache folder holding language ``lang``'s figures and manifest."""
    return project.CACHE_DIR / "figures" / lang


def is_current(lang: str) -> bool:
    """Whether ``lang``'s cached figures were made from the current inputs."""
    manifest_path = output_dir(lang) / MANIFEST
    return manifest_path.exists() and json.loads(manifest_path.read_text(encoding="utf-8")).get("key") == _cache_key(lang)


def build_figures(lang: str) -> dict[str, dict[str, str]]:
    """Make sure ``lang``'s figures are up to date and return their manifest.

    Args:
        lang: A language code from the language list.

    Returns:
        For each figure name: ``file`` (path of the SVG), ``png`` (path of the PNG), ``alt``,
        ``caption``, ``width`` and ``height`` (in pixels).
    """
    out = output_dir(lang)
    key = _cache_key(lang)
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    if manifest.get("key") != key:
        manifest = {"key": key, "figures": _draw_all(lang, out)}
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return {
        name: {**figure, "file": str(out / figure["file"]), "png": str(out / figure["png"])}
        for name, figure in manifest["figures"].items()
    }


def batch_data(lang: str) -> Path:
    """Return the file holding the batch every figure shows (``build_figures`` makes it).

    ``make_batch(seed=SEED)``'s values as float32, little-endian, in C order (image, row,
    column): 4 bytes a value, the shape of ``make_batch``'s defaults.
    """
    return output_dir(lang) / BATCH_DATA


def _draw_all(lang: str, out: Path) -> dict[str, dict[str, str]]:
    import matplotlib

    from batchnorm_explained import text

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    _export_batch(out / BATCH_DATA)
    figures = {}
    for spec in FIGURES:
        figure, fields = spec.draw(lang, **spec.parameters)
        path = out / f"{spec.name}.svg"
        # Same inputs, same bytes: SVG ids come from a fixed salt, and no date is written.
        # Text stays text (selectable, and a third of the file when drawn as glyph paths).
        with matplotlib.rc_context({"svg.hashsalt": spec.name, "svg.fonttype": "none"}):
            figure.savefig(path, format="svg", metadata={"Date": None})
        # The layout is done: keep it for the PNG instead of solving it a second time.
        figure.set_layout_engine("none")
        figure.savefig(path.with_suffix(".png"), format="png", dpi=PNG_DPI)
        width, height = (round(size * CSS_PX_PER_INCH) for size in figure.get_size_inches())
        figures[spec.name] = {
            "file": path.name,
            "png": path.with_suffix(".png").name,
            "title": text(f"figures.{spec.name}.title", lang),
            "alt": text(f"figures.{spec.name}.alt", lang, **fields),
            "caption": text(f"figures.{spec.name}.caption", lang, **fields),
            "width": width,
            "height": height,
        }
    return figures


def _export_batch(path: Path) -> None:
    # The values of make_batch(seed=SEED) exactly as the library makes them, then each mode's
    # statistics exactly as the library computes them (all float32, little-endian):
    #   N·H·W values (C order: image, row, column);
    #   the notebook's mean and √(var + ε) of the whole batch (normalize_whole);
    #   H·W means, then H·W values of √(σ²_B + ε), one per pixel position (Algorithm 1).
    # The explorer redoes the float32 arithmetic after them, so what it prints is the
    # library's number; torch's reductions and square root cannot be replayed exactly in JavaScript.
    import torch

    from batchnorm_explained import batch_statistics, make_batch

    x = make_batch(seed=SEED)
    features = x.reshape(len(x), -1)
    mean_b, var_b = batch_statistics(features)
    parts = [
        x.flatten(),
        torch.stack([x.mean(), torch.sqrt(x.var() + explorer_eps("whole"))]),
        mean_b,
        torch.sqrt(var_b + explorer_eps("feature")),
    ]
    path.write_bytes(torch.cat(parts).numpy().astype("<f4").tobytes())


def explorer_eps(mode: str) -> float:
    """Return the ε of the explorer's mode: ``normalize_whole``'s default or ``batch_norm``'s."""
    import inspect

    from batchnorm_explained import batch_norm, normalize_whole

    function = normalize_whole if mode == "whole" else batch_norm
    return inspect.signature(function).parameters["eps"].default


def _cache_key(lang: str) -> str:
    digest = hashlib.sha256()
    digest.update(lang.encode())
    # Only the library modules (and strings of this language) the figures use, so an edit
    # elsewhere in the library redraws nothing.
    source = Path(__file__).read_text(encoding="utf-8")
    digest.update(project.dependency_digest(source, lang).encode())
    digest.update(source.encode())
    for package in ("torch", "matplotlib", "numpy", "scikit-learn"):
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def main() -> None:
    """Build the figures of the languages given on the command line and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=project.language_codes(), help="default: all")
    for lang in parser.parse_args().lang or project.language_codes():
        for name, figure in build_figures(lang).items():
            print(f"{lang}: {name}: {figure['file']} ({figure['width']}×{figure['height']})")


if __name__ == "__main__":
    main()
