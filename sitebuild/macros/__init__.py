"""Page macros: the one table of what a page may call, ``{{ name(arguments) }}``.

A page of any language calls a macro to show what the build made: a figure, a snippet's code
and output, the γ/β explorer, the Figure 1 playground, the Figures gallery, the glossary's
table, the translation status, the benchmark results, the site's BibTeX entry, the links to
its PDFs or a topic of the API reference. The call is replaced by Markdown or HTML in the page's language
(``sitebuild.macros.expand``). Adding a macro is adding a line to ``MACROS``: a function that
takes the calling page (``Page``) and the call's arguments and returns the replacement.
"""

from __future__ import annotations

from sitebuild import languages
from sitebuild.macros.api import api
from sitebuild.macros.benchmark import benchmark_results
from sitebuild.macros.citation import citation, pdf_downloads
from sitebuild.macros.expand import MacroError, Page, arguments, calls, expand
from sitebuild.macros.explorer import explorer
from sitebuild.macros.figure import figure
from sitebuild.macros.gallery import figure_gallery
from sitebuild.macros.glossary import glossary
from sitebuild.macros.playground import playground
from sitebuild.macros.snippet import run
from sitebuild.macros.status import translation_status
from sitebuild.paths import relative

MACROS = {
    "figure": figure,
    "run": run,
    "explorer": explorer,
    "playground": playground,
    "figure_gallery": figure_gallery,
    "glossary": glossary,
    "translation_status": translation_status,
    "benchmark_results": benchmark_results,
    "citation": citation,
    "pdf_downloads": pdf_downloads,
    "api": api,
}

__all__ = ["MACROS", "MacroError", "Page", "expand_page", "uses"]


def expand_page(markdown: str, page: Page, source: str) -> str:
    """Return a page's Markdown with its macro calls expanded.

    Args:
        markdown: The page's Markdown, as MkDocs hands it over (front matter removed).
        page: The page.
        source: The page's whole source file, whose lines the error messages count.

    Raises:
        MacroError: If a call is wrong; the message names the file and line.
    """
    # MkDocs strips the front matter (and the blank lines after it) from the source's start.
    before = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    return expand(markdown, page, MACROS, first_line=before.count("\n") + 1)


def uses(name: str, argument: str) -> list[tuple[str, str]]:
    """Return where any language's page calls macro ``name`` with ``argument`` first.

    Returns:
        ``(file:line, call)`` pairs, e.g. ``("docs/it/why.md:40", '{{ run("why_saturation") }}')``.
    """
    found = []
    for code in languages.codes():
        for path in sorted(languages.docs_dir(code).glob("*.md")):
            for call in calls(path.read_text(encoding="utf-8")):
                if call.name == name and _first_argument(call) == argument:
                    found.append((f"{relative(path)}:{call.line}", call.text))
    return found


def _first_argument(call) -> object:
    try:
        return next(iter(arguments(call)), None)
    except ValueError:
        return None  # a call the page's own build reports
