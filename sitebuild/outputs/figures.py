"""The one registry of the site's figures, and their drawing in every language.

Each figure is drawn by the library, saved as an SVG (crisp at any screen density, and a
fraction of a PNG's weight once compressed) for the pages and as a PNG to download, and
described in a manifest with its localized title, alt text and caption (whose numbers come
from the same data as the figure). ``FIGURES`` also says which library call made each figure,
with which parameters, and which page explains it: the Figures page is built from it, and a
figure added here appears there, in every language, with no page edited.

A language's figures are one cache entry (``.cache/figures/<lang>/``), keyed on the library
modules and strings they use, this file and the plotting stack's versions: a build with
nothing changed imports neither torch nor matplotlib.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitebuild import cache
from sitebuild.outputs import experiments, training

KIND = "figures"
MANIFEST = "manifest.json"
SEED = 0  # the batch every figure shows; fixed so figures and captions are reproducible
CSS_PX_PER_INCH = 96  # an SVG's width and height, as the page lays it out
PNG_DPI = 150  # the download: sharp when printed or zoomed, about 1,650 px wide for Figure 1
FIGURE1_EARLY_STEP = 500  # where the caption compares the two runs


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the site.

    Attributes:
        name: File stem and macro argument: ``{{ figure("name") }}`` in a page.
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

    def call_text(self, lang: str | None = None) -> str:
        """Return the call with its parameters written in, as Python reads it: it runs as it is.

        Args:
            lang: The language of the figure: the call that drew it ends with ``lang='it'``.
        """
        call = self.call.format(**{name: repr(value) for name, value in self.parameters.items()})
        return call if lang is None else f"{call[:-1]}, lang={lang!r})"


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

    without_bn, with_bn = training.runs(settings)
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


def _normalization_axes(lang: str, columns: int):
    from batchnorm_explained import plot_normalization_axes

    return plot_normalization_axes(lang=lang, columns=columns), {}


def _learning_rates(lang: str, **settings):
    from batchnorm_explained import format_number, plot_learning_rate_sweep

    without_bn, with_bn = experiments.learning_rate_sweeps(settings)
    plain, bn = without_bn.largest_trainable, with_bn.largest_trainable
    if plain is None or bn is None:  # the caption compares the two: it needs both
        raise ValueError(f"a learning-rate sweep in which nothing trains: largest rates {plain} and {bn}")
    fields = {
        "steps": format_number(settings["steps"], lang, 0, grouped=True),
        "low": format_number(with_bn.learning_rates[0], lang, None),
        "high": format_number(with_bn.learning_rates[-1], lang, None),
        "plain_largest": format_number(plain, lang, None),
        "bn_largest": format_number(bn, lang, None),
        "threshold": format_number(100 * with_bn.threshold, lang, 0) + "%",
        "factor": format_number(bn / plain, lang, None),
    }
    return plot_learning_rate_sweep(without_bn, with_bn, lang=lang), fields


def _batch_noise(lang: str, **settings):
    from batchnorm_explained import format_number, plot_batch_noise

    noise = experiments.batch_noise(settings)
    fields = {
        "draws": format_number(noise.draws, lang, 0, grouped=True),
        "smallest": str(noise.batch_sizes[0]),
        "largest": str(noise.batch_sizes[-1]),
        "mean_small": format_number(noise.mean_noise[0], lang, _two_figures(noise.mean_noise[0])),
        "mean_large": format_number(noise.mean_noise[-1], lang, _two_figures(noise.mean_noise[-1])),
        "ratio": format_number(noise.mean_noise[0] / noise.mean_noise[-1], lang, 1),
    }
    return plot_batch_noise(noise, lang=lang), fields


def _variance_shift(lang: str, **settings):
    from batchnorm_explained import format_number, plot_variance_shift

    shift = experiments.variance_shift(settings)
    fields = {
        "max_rate": format_number(shift.drop_rates[-1], lang, None),
        "worst_std": format_number(shift.output_std[-1], lang, 2),
        "predicted": format_number(shift.predicted_std[-1], lang, 2),
    }
    return plot_variance_shift(shift, lang=lang), fields


def _two_figures(value: float) -> int:
    """Decimals that show two significant figures of ``value`` (0 < value < 10): 0.71, 0.089."""
    return max(1, 1 - math.floor(math.log10(value)))


def _arguments(settings: dict) -> str:
    """The settings as keyword arguments with ``{placeholders}``, for a ``FigureSpec.call``."""
    return ", ".join(f"{name}={{{name}}}" for name in settings)


_TRAIN = _arguments(training.FIGURE1)
_SWEEP = _arguments(experiments.LEARNING_RATES)

FIGURES = (
    FigureSpec(
        "batch-histogram",
        _batch_histogram,
        "describe_batch(make_batch(seed={seed}))",
        {"seed": SEED},
        "transform.md#the-notebook-example",
    ),
    FigureSpec(
        "normalized-histogram",
        _normalized_histogram,
        "describe_batch(normalize_whole(make_batch(seed={seed}), gamma={gamma}, beta={beta}, eps={eps}))",
        {"seed": SEED, "gamma": 1.0, "beta": 0.0, "eps": 1e-16},
        "transform.md#explorer",
    ),
    FigureSpec(
        "gamma-beta-sweep",
        _gamma_beta_sweep,
        "plot_gamma_beta_sweep(make_batch(seed={seed}), gammas={gammas}, betas={betas}, eps={eps})",
        {"seed": SEED, "gammas": (1, 10, 100), "betas": (0, 10, 100), "eps": 1e-16},
        "transform.md#reading-the-sweep",
    ),
    FigureSpec(
        "figure-1",
        _figure1,
        f"plot_figure1(train_digits(batch_norm=False, {_TRAIN}), train_digits(batch_norm=True, {_TRAIN}))",
        training.FIGURE1,
        "figure-1.md",
    ),
    FigureSpec(
        "learning-rates",
        _learning_rates,
        f"plot_learning_rate_sweep(sweep_learning_rates(batch_norm=False, {_SWEEP}), sweep_learning_rates(batch_norm=True, {_SWEEP}))",
        experiments.LEARNING_RATES,
        "why-it-works.md#learning-rate-experiment",
    ),
    FigureSpec(
        "normalization-axes",
        _normalization_axes,
        "plot_normalization_axes(columns={columns})",
        {"columns": 3},
        "normalization-family.md#five-normalizations",
    ),
    FigureSpec(
        "batch-noise",
        _batch_noise,
        f"plot_batch_noise(batch_statistics_noise({_arguments(experiments.BATCH_NOISE)}))",
        experiments.BATCH_NOISE,
        "in-practice.md#several-devices",
    ),
    FigureSpec(
        "variance-shift",
        _variance_shift,
        f"plot_variance_shift(dropout_variance_shift({_arguments(experiments.VARIANCE_SHIFT)}))",
        experiments.VARIANCE_SHIFT,
        "in-practice.md#variance-shift",
    ),
)
"""Every figure of the site, in the order the Figures page shows them."""


def build(lang: str) -> dict[str, dict]:
    """Draw ``lang``'s figures unless they are cached; return their manifest (see ``manifest``)."""
    wanted = _key(lang)
    found = cache.load(KIND, lang, wanted) or cache.save(KIND, lang, wanted, lambda folder: _draw_all(lang, folder))
    return _read_manifest(found)


def manifest(lang: str) -> dict[str, dict] | None:
    """Return ``lang``'s cached figures if they are current, else None.

    Returns:
        For each figure name: ``file`` (path of the SVG), ``png`` (path of the PNG),
        ``title``, ``alt``, ``caption``, ``width`` and ``height`` (in CSS pixels).
    """
    found = cache.load(KIND, lang, _key(lang))
    return None if found is None else _read_manifest(found)


def _read_manifest(found: Path) -> dict[str, dict]:
    figures = json.loads((found / MANIFEST).read_text(encoding="utf-8"))
    return {name: {**figure, "file": str(found / figure["file"]), "png": str(found / figure["png"])} for name, figure in figures.items()}


def _draw_all(lang: str, folder: Path) -> None:
    import matplotlib

    from batchnorm_explained import text

    figures = {}
    for spec in FIGURES:
        figure, fields = spec.draw(lang, **spec.parameters)
        path = folder / f"{spec.name}.svg"
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
    (folder / MANIFEST).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


def _key(lang: str) -> str:
    # Only the library modules (and strings of this language) the figures use, so an edit
    # elsewhere in the library redraws nothing. The training and experiments modules are
    # inputs too: they hold the settings Figure 1 and the later experiments are run with.
    sources = [Path(path).read_text(encoding="utf-8") for path in (__file__, training.__file__, experiments.__file__)]
    return cache.key(lang, *sources, code=sources[0], lang=lang, packages=("torch", "matplotlib", "numpy", "scikit-learn"))
