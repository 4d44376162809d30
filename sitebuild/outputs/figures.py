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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitebuild import cache
from sitebuild.outputs import training

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

    def call_text(self) -> str:
        """Return the call with its parameters written in, as Python reads it: it runs as it is."""
        return self.call.format(**{name: repr(value) for name, value in self.parameters.items()})


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


_TRAIN = ", ".join(f"{name}={{{name}}}" for name in training.FIGURE1)  # the settings, as arguments

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
)
"""Every figure of the site, in the order the Figures page shows them."""


def names() -> list[str]:
    """Return the name of every figure, in the registry's order."""
    return [spec.name for spec in FIGURES]


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
    # elsewhere in the library redraws nothing. The training module is an input too: it
    # holds the settings Figure 1 is trained with.
    sources = [Path(__file__).read_text(encoding="utf-8"), Path(training.__file__).read_text(encoding="utf-8")]
    return cache.key(lang, *sources, code=sources[0], lang=lang, packages=("torch", "matplotlib", "numpy", "scikit-learn"))
