"""The one place that lists and builds the site's figures, in every language.

Each figure is drawn by the library, saved as an SVG (crisp at any screen density, and a
fraction of a PNG's weight once compressed) and described in a manifest with its
localized alt text and caption (whose numbers come from the same data as the figure).
Outputs are cached under ``.cache/figures/<lang>/``, keyed on the library modules and strings
the figures use, this file and the plotting stack's versions: a build with nothing changed imports neither torch
nor matplotlib.

Run ``python scripts/figures.py --lang it`` to build one language's figures by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import project

SEED = 0  # the batch every figure shows; fixed so figures and captions are reproducible
MANIFEST = "manifest.json"
CSS_PX_PER_INCH = 96  # an SVG's width and height, as the page lays it out


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the site.

    Attributes:
        name: File stem and placeholder name: ``{{ figure("name") }}`` in a page.
        draw: Function of a language code returning the matplotlib Figure and the
            values for the ``{placeholders}`` of its alt text and caption.
    """

    name: str
    draw: Callable[[str], tuple[object, dict[str, str]]]


GAMMAS = (1, 10, 100)  # the seed notebook's sweep
BETAS = (0, 10, 100)


def _batch_fields(x, lang: str) -> dict[str, str]:
    from batchnorm_explained import batch_summary, format_number

    count, height, width = x.shape
    fields = {key: format_number(value, lang) for key, value in batch_summary(x).items()}
    return {**fields, "count": str(count), "height": str(height), "width": str(width)}


def _batch_histogram(lang: str):
    from batchnorm_explained import describe_batch, make_batch

    x = make_batch(seed=SEED)
    return describe_batch(x, lang=lang), _batch_fields(x, lang)


def _gamma_beta_sweep(lang: str):
    from batchnorm_explained import format_number, make_batch, plot_gamma_beta_sweep

    x = make_batch(seed=SEED)
    values = {
        "gammas": ", ".join(format_number(gamma, lang, None) for gamma in GAMMAS),
        "betas": ", ".join(format_number(beta, lang, None) for beta in BETAS),
        "rows": str(len(GAMMAS)),
        "columns": str(len(BETAS)),
    }
    figure = plot_gamma_beta_sweep(x, lang=lang, gammas=GAMMAS, betas=BETAS)
    return figure, {**_batch_fields(x, lang), **values}


FIGURES = (
    FigureSpec("batch-histogram", _batch_histogram),
    FigureSpec("gamma-beta-sweep", _gamma_beta_sweep),
)


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
        For each figure name: ``file`` (path of the SVG), ``alt``, ``caption``, ``width`` and
        ``height`` (in pixels).
    """
    out = output_dir(lang)
    key = _cache_key(lang)
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    if manifest.get("key") != key:
        manifest = {"key": key, "figures": _draw_all(lang, out)}
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return {name: {**figure, "file": str(out / figure["file"])} for name, figure in manifest["figures"].items()}


def _draw_all(lang: str, out: Path) -> dict[str, dict[str, str]]:
    import matplotlib

    from batchnorm_explained import text

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    figures = {}
    for spec in FIGURES:
        figure, fields = spec.draw(lang)
        path = out / f"{spec.name}.svg"
        # Same inputs, same bytes: SVG ids come from a fixed salt, and no date is written.
        # Text stays text (selectable, and a third of the file when drawn as glyph paths).
        with matplotlib.rc_context({"svg.hashsalt": spec.name, "svg.fonttype": "none"}):
            figure.savefig(path, format="svg", metadata={"Date": None})
        width, height = (round(size * CSS_PX_PER_INCH) for size in figure.get_size_inches())
        figures[spec.name] = {
            "file": path.name,
            "alt": text(f"figures.{spec.name}.alt", lang, **fields),
            "caption": text(f"figures.{spec.name}.caption", lang, **fields),
            "width": width,
            "height": height,
        }
    return figures


def _cache_key(lang: str) -> str:
    digest = hashlib.sha256()
    digest.update(lang.encode())
    # Only the library modules (and strings of this language) the figures use, so an edit
    # elsewhere in the library redraws nothing.
    source = Path(__file__).read_text(encoding="utf-8")
    digest.update(project.dependency_digest(source, lang).encode())
    digest.update(source.encode())
    for package in ("torch", "matplotlib", "numpy"):
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
