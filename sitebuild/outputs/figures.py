"""The one registry of the site's figures, and their drawing in every language.

Each figure is drawn by the library, saved as an SVG (crisp at any screen density, and a
fraction of a PNG's weight once compressed) for the pages and as a PNG to download, and
described in a manifest with its localized title, alt text and caption (whose numbers come
from the same data as the figure). ``FIGURES`` also says which library call made each figure,
with which parameters, and which page explains it: the Figures page is built from it, and a
figure added here appears there, in every language, with no page edited.

Every figure is drawn in four variants, with nothing to add to its entry: in the light and the
dark colour scheme (``batchnorm_explained.figure_style``), each both wide, for a desktop's
column, and narrow, for a phone's (at most ``NARROW_WIDTH`` CSS pixels wide, so that it is
shown at the size it is drawn). A figure whose panels sit side by side says in ``narrow`` how
the library stacks them; any other is redrawn at the narrow width, and its text reflows. The
drawing fails, naming the figure, if a narrow variant cuts text off or has text smaller than
``MIN_TEXT_PX``.

A language's figures are one cache entry (``.cache/figures/<lang>/``), keyed on the library
modules and strings they use, this file and the plotting stack's versions: a build with
nothing changed imports neither torch nor matplotlib. Languages whose figure strings read the
same share one entry (``drawn_in``): a language added without figure strings of its own shows
the English figures, and costs no drawing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from batchnorm_explained.locales import FIGURE_STRINGS
from batchnorm_explained.styles import SCHEMES
from sitebuild import BuildError, cache, languages
from sitebuild.outputs import experiments, training

KIND = "figures"
MANIFEST = "manifest.json"
SEED = 0  # the batch every figure shows; fixed so figures and captions are reproducible
CSS_PX_PER_INCH = 96  # an SVG's width and height, as the page lays it out
PNG_DPI = 150  # the download: sharp when printed or zoomed, about 1,650 px wide for Figure 1
FIGURE1_EARLY_STEP = 500  # where the caption compares the two runs
LAYOUTS = ("wide", "narrow")
# A phone 360 px wide leaves the page's column 328 px: a narrow figure fits it at its own size.
NARROW_WIDTH = 320
NARROW_MIN_ASPECT = 1.0  # a figure narrowed by the drawing step keeps at least this height/width
MIN_TEXT_PX = 9  # the smallest text a narrow variant may have, in CSS pixels
MATHTEXT_SCRIPT_SHRINK = 0.7  # matplotlib's mathtext draws a sub- or superscript at 0.7 of its size


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
        narrow: Extra keyword arguments of ``draw`` for the narrow variant, e.g.
            ``{"columns": 1}`` to stack panels that sit side by side; empty for a figure
            that only needs redrawing at the narrow width.
    """

    name: str
    draw: Callable[..., tuple[object, dict[str, str]]]
    call: str
    parameters: dict[str, object]
    page: str
    narrow: dict[str, object] = field(default_factory=dict)

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


def _gamma_beta_sweep(lang: str, seed: int, gammas: tuple, betas: tuple, eps: float, columns: int | None = None):
    from batchnorm_explained import format_number, make_batch, plot_gamma_beta_sweep

    x = make_batch(seed=seed)
    values = {
        "gammas": ", ".join(format_number(gamma, lang, None) for gamma in gammas),
        "betas": ", ".join(format_number(beta, lang, None) for beta in betas),
        "rows": str(len(gammas)),
        "columns": str(len(betas)),
    }
    figure = plot_gamma_beta_sweep(x, lang=lang, gammas=gammas, betas=betas, eps=eps, columns=columns)
    return figure, {**_batch_fields(x, lang), **values}


def _figure1(lang: str, columns: int = 3, **settings):
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
    return plot_figure1(without_bn, with_bn, lang=lang, columns=columns), fields


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
        narrow={"columns": 1},
    ),
    FigureSpec(
        "figure-1",
        _figure1,
        f"plot_figure1(train_digits(batch_norm=False, {_TRAIN}), train_digits(batch_norm=True, {_TRAIN}))",
        training.FIGURE1,
        "figure-1.md",
        narrow={"columns": 1},
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
        narrow={"columns": 1},
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


def names() -> list[str]:
    """Return the name of every figure, in the registry's order."""
    return [spec.name for spec in FIGURES]


def drawn_in(lang: str) -> str:
    """Return the language whose figures ``lang``'s pages show: the first whose figure strings read the same.

    That is ``lang`` itself unless an earlier language's strings, each completed by the
    default language's, are the same as its own: a language without a ``locales/<code>.toml``
    shows the English figures, which are drawn once for both.
    """
    own = _strings(lang)
    return next(code for code in languages.codes() if _strings(code) == own)


def _strings(lang: str) -> dict[str, str]:
    return {**FIGURE_STRINGS.table(languages.DEFAULT), **FIGURE_STRINGS.table(lang)}


def build(lang: str) -> dict[str, dict]:
    """Draw ``lang``'s figures unless they are cached; return their manifest (see ``manifest``)."""
    lang = drawn_in(lang)
    wanted = _key(lang)
    found = cache.load(KIND, lang, wanted) or cache.save(KIND, lang, wanted, lambda folder: _draw_all(lang, folder))
    return _read_manifest(found)


def manifest(lang: str) -> dict[str, dict] | None:
    """Return ``lang``'s cached figures if they are current, else None.

    Returns:
        For each figure name: ``title``, ``alt`` and ``caption``; ``variants``, for each of
        ``variant(layout, scheme)``: ``svg`` (path), ``png`` (path, wide variants only),
        ``width`` and ``height`` (CSS pixels) and ``text_px`` (its smallest text, in CSS
        pixels at that size); and, for the wide light variant (the one previews and links
        use), ``file`` (its SVG), ``png``, ``width`` and ``height``.
    """
    lang = drawn_in(lang)
    found = cache.load(KIND, lang, _key(lang))
    return None if found is None else _read_manifest(found)


def variant(layout: str, scheme: str) -> str:
    """Return the name of a figure's variant, and the suffix of its files: ``"-narrow-dark"``, ``""``, …"""
    return ("-narrow" if layout == "narrow" else "") + ("-dark" if scheme == "dark" else "")


def _read_manifest(found: Path) -> dict[str, dict]:
    figures = json.loads((found / MANIFEST).read_text(encoding="utf-8"))
    for figure in figures.values():
        for drawn in figure["variants"].values():
            drawn.update({kind: str(found / drawn[kind]) for kind in ("svg", "png") if kind in drawn})
        figure.update({"file": figure["variants"][""]["svg"], "png": figure["variants"][""]["png"]})
    return figures


def _draw_all(lang: str, folder: Path) -> None:
    from batchnorm_explained import text

    figures = {}
    for spec in FIGURES:
        variants = {}
        for layout in LAYOUTS:
            light = None  # the light variant, whose layout the dark one takes
            for scheme in SCHEMES:
                variants[variant(layout, scheme)], fields, light = _draw(spec, lang, layout, scheme, folder, light)
        figures[spec.name] = {
            "title": text(f"figures.{spec.name}.title", lang),
            "alt": text(f"figures.{spec.name}.alt", lang, **fields),
            "caption": text(f"figures.{spec.name}.caption", lang, **fields),
            "width": variants[""]["width"],
            "height": variants[""]["height"],
            "variants": variants,
        }
    (folder / MANIFEST).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


def _draw(spec: FigureSpec, lang: str, layout: str, scheme: str, folder: Path, like=None) -> tuple[dict, dict[str, str], object]:
    # Draw and save one variant; return what the manifest records of it, the caption's values
    # and the figure. ``like``: a variant already drawn at this layout, whose layout is taken.
    import matplotlib

    from batchnorm_explained import figure_style

    stem = spec.name + variant(layout, scheme)
    with figure_style(scheme):
        figure, fields = spec.draw(lang, **{**spec.parameters, **(spec.narrow if layout == "narrow" else {})})
        width, height = figure.get_size_inches()
        limit = NARROW_WIDTH / CSS_PX_PER_INCH
        if like is not None:
            _take_layout(like, figure)
        elif layout == "narrow" and width > limit:  # constrained layout reflows it; wrapped titles wrap
            figure.set_size_inches(limit, max(height * limit / width, NARROW_MIN_ASPECT * limit))
        # Same inputs, same bytes: SVG ids come from a fixed salt, and no date is written.
        # Text stays text (selectable, and a third of the file when drawn as glyph paths).
        with matplotlib.rc_context({"svg.hashsalt": stem, "svg.fonttype": "none"}):
            figure.savefig(folder / f"{stem}.svg", format="svg", metadata={"Date": None})
        # The layout is done: keep it for the PNG and the check instead of solving it again.
        figure.set_layout_engine("none")
        drawn = {"svg": f"{stem}.svg"}
        if layout == "wide":  # the download; a phone shows the narrow SVG and downloads the wide figure
            figure.savefig(folder / f"{stem}.png", format="png", dpi=PNG_DPI)
            drawn["png"] = f"{stem}.png"
    width, height = (round(size * CSS_PX_PER_INCH) for size in figure.get_size_inches())
    # The text of both schemes is laid out alike: its place is checked once, on the light one.
    drawn.update(width=width, height=height, text_px=_smallest_text(figure, stem, check=layout == "narrow" and scheme == SCHEMES[0]))
    return drawn, fields, figure


def _take_layout(source, figure) -> None:
    # The colour schemes change colours only, so the text, and the layout solved around it, are
    # the same: the places constrained layout gave the panels and the figure's titles are copied
    # instead of solved again (a third of a variant's drawing time). The saved files are the
    # same bytes as if it had been solved (tests/builds/test_figure_variants.py).
    figure.set_size_inches(source.get_size_inches())
    figure.set_layout_engine("none")
    for solved, axes in zip(source.axes, figure.axes, strict=True):
        axes.set_position(solved.get_position(original=True), which="original")
        axes.set_position(solved.get_position(), which="active")
    for name in ("_suptitle", "_supxlabel", "_supylabel"):  # constrained layout moves these too
        if getattr(source, name) is not None:
            getattr(figure, name).set_position(getattr(source, name).get_position())


def _smallest_text(figure, stem: str, check: bool) -> float:
    # The size of the figure's smallest text in CSS pixels; checked (for a narrow variant), the
    # text must also lie inside the figure and be large enough to read on a phone.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    hidden = _hidden_ticks(figure)
    texts = [text for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip() and text not in hidden]
    smallest = min(_size(text) for text in texts) * CSS_PX_PER_INCH / 72  # points to CSS pixels
    if check:  # a second drawing, at the figure's own size
        renderer = FigureCanvasAgg(figure).get_renderer()
        figure.draw(renderer)  # places the axis labels for this renderer, as a save does
        outside = [text.get_text() for text in texts if not _inside(text.get_window_extent(renderer), figure.bbox)]
        if outside:
            raise BuildError(f"figure {stem!r} cuts off {outside[0]!r}: give its FigureSpec a narrow layout (sitebuild/outputs/figures.py)")
        if smallest < MIN_TEXT_PX:
            raise BuildError(
                f"figure {stem!r} has text of {smallest:.1f} px, below {MIN_TEXT_PX} px: give it larger text on narrow screens"
            )
    return round(smallest, 2)


def _size(text) -> float:
    # Mathtext draws sub- and superscripts smaller than the text they belong to ($\mu_B$).
    scripted = "$" in text.get_text() and any(mark in text.get_text() for mark in "_^")
    return text.get_fontsize() * (MATHTEXT_SCRIPT_SHRINK if scripted else 1.0)


def _hidden_ticks(figure) -> set:
    # An axis keeps ticks beyond its limits, with their labels: they are not drawn.
    hidden = set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 * (high - low) <= tick.get_loc() <= high + 1e-9 * (high - low):
                    hidden |= {tick.label1, tick.label2}
    return hidden


def _inside(box, frame, slack: float = 1.0) -> bool:
    return box.x0 >= frame.x0 - slack and box.y0 >= frame.y0 - slack and box.x1 <= frame.x1 + slack and box.y1 <= frame.y1 + slack


def _key(lang: str) -> str:
    # Only the library modules (and strings of this language) the figures use, so an edit
    # elsewhere in the library redraws nothing. The training and experiments modules are
    # inputs too: they hold the settings Figure 1 and the later experiments are run with.
    sources = [Path(path).read_text(encoding="utf-8") for path in (__file__, training.__file__, experiments.__file__)]
    return cache.key(lang, *sources, code=sources[0], lang=lang, packages=("torch", "matplotlib", "numpy", "scikit-learn"))
