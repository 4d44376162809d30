"""What the build does to each page's HTML after MkDocs renders it, before it is written.

- ``maths``: formulas typeset by KaTeX at build time;
- ``notebook``: a notebook's figures as files, with alt text and copy buttons in the page's language;
- ``unused_css``: JupyterLab's inlined stylesheet pruned to what the page uses;
- ``scripts``: scripts deferred;
- ``tags``: the start-tag reader the link check and the tests use.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild import pages
from sitebuild.html import maths, notebook, scripts, unused_css
from sitebuild.paths import ROOT


def postprocess(
    page_html: str, katex: maths.Katex, source: str, notebook_folder: Path | None = None, labels: dict[str, str] | None = None
) -> str:
    """Return a rendered page ready to publish.

    Args:
        page_html: The page as MkDocs rendered it (its search text already indexed).
        katex: The language build's formula renderer.
        source: The page's source as messages name it (``docs/it/why.md``).
        notebook_folder: For a notebook page, its folder in the built site, where its
            figures are written.
        labels: For a notebook page, the ``site`` interface strings of its language: the
            alt text of the figures its cells drew, its copy buttons' labels.

    Raises:
        maths.FormulaError: If a formula does not typeset; the message names ``source`` and
            the formula's line.
    """
    page_html = scripts.defer_scripts(page_html)
    try:
        if notebook_folder is None:
            return maths.render_arithmatex(page_html, katex)
        labels = labels or {}
        page_html = notebook.outputs_as_files(maths.render_dollars(page_html, katex), notebook_folder, labels["notebook_figure_alt"])
        page_html = notebook.localize(page_html, labels["notebook_copy"], labels["notebook_copied"])
    except maths.FormulaError as error:
        where = pages.where(ROOT / source, maths.written(error.tex), error.tex)
        raise maths.FormulaError(f"{where}: {error}", error.tex) from None
    return unused_css.prune_page(page_html)
