"""The Figures page: every figure the build makes, straight from the registry in ``figures.py``.

A page writes ``{{ figure_gallery() }}``; the hook replaces it with ``html(...)``: for each
entry of ``figures.FIGURES``, in order, a heading with the figure's title, the figure in a
lightbox gallery (arrow keys move
from one to the next), its caption and alt text in the page's language, the library call and
parameters that drew it, a link to the page that explains it, and downloads as PNG and SVG.
A figure added to the registry appears here with no edit to the page.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

import figures
import project

HEADING = re.compile(r"^#\s+(.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)


def html(
    lang: str, manifest: dict[str, dict], site_url: Callable[[str], str], page_url: Callable[[str], str | None]
) -> str:
    """Return the gallery's Markdown in language ``lang``: a section per figure.

    Args:
        lang: The page's language code.
        manifest: This language's figures (``figures.build_figures``).
        site_url: Gives the URL, relative to the gallery page, of a path in the built site.
        page_url: Gives the URL, relative to the gallery page, of a page of this language's
            build from its source path, or ``None`` if the build has no such page.

    Raises:
        ValueError: If a figure's explaining page is not part of the build.
    """
    return "\n\n".join(_item(spec, manifest[spec.name], lang, site_url, page_url) for spec in figures.FIGURES)


def _item(spec: figures.FigureSpec, figure: dict, lang: str, site_url, page_url) -> str:
    def t(key: str) -> str:
        return html_lib.escape(project.locales.text(f"gallery.{key}", lang))

    def attr(value: str) -> str:
        return html_lib.escape(value, quote=True)

    svg, png = site_url(f"figures/{spec.name}.svg"), site_url(f"figures/{spec.name}.png")
    target, _, anchor = spec.page.partition("#")
    url = page_url(target)
    if url is None:
        raise ValueError(f"figure {spec.name!r} is explained in {spec.page!r}, which is not a page of the site")
    link = url + (f"#{anchor}" if anchor else "")
    parameters = ", ".join(f"<code>{name}={html_lib.escape(_value(value))}</code>" for name, value in spec.parameters.items())
    # A heading per figure: the table of contents lists them, and a link can point at one.
    heading = figure["title"]  # from the manifest, in this language, as build_figures wrote it
    return f"""## {heading} {{ #{spec.name} }}

<figure class="bn-gallery__item">
<img src="{svg}" alt="{attr(figure["alt"])}" width="{figure["width"]}" height="{figure["height"]}" loading="lazy" data-gallery="figures" data-description="{attr(figure["caption"])}">
<figcaption>
<p>{html_lib.escape(figure["caption"])}</p>
<dl class="bn-gallery__facts">
<dt>{t("made_by")}</dt><dd><code>{html_lib.escape(spec.call_text())}</code></dd>
<dt>{t("parameters")}</dt><dd>{parameters}</dd>
<dt>{t("explained")}</dt><dd><a href="{attr(link)}">{html_lib.escape(_title(target, lang))}</a></dd>
<dt>{t("download")}</dt><dd><a href="{png}" download="{spec.name}-{lang}.png">PNG</a> · <a href="{svg}" download="{spec.name}-{lang}.svg">SVG</a></dd>
</dl>
</figcaption>
</figure>"""


def _value(value: object) -> str:
    # As Python would write the argument: (1, 10, 100), 0.1, 1e-16.
    return repr(value)


def _title(source: str, lang: str) -> str:
    # The explaining page's own title (its first heading), in this language if translated.
    for folder in (lang, project.locales.DEFAULT_LANGUAGE):
        path = project.DOCS_DIR / folder / source
        if path.exists():
            match = HEADING.search(path.read_text(encoding="utf-8"))
            if match:
                return match.group(1)
    return source
