"""``{{ figure_gallery() }}``: the Figures page, every figure of the registry in the page's language.

For each entry of ``sitebuild.outputs.figures.FIGURES``, in order: a heading with the figure's
title (listed in the table of contents), the figure in one lightbox gallery (the arrow keys
move from one to the next), its caption and alt text, the library call and parameters that
drew it (with ``lang=`` the page's language), a link to the page that explains it, and
downloads as PNG and SVG in the page's colour scheme, named ``<figure>-<lang>``
(``<figure>-<lang>-dark`` for the dark scheme). A figure added to the registry appears here
with no page edited.
"""

from __future__ import annotations

import html

from batchnorm_explained.styles import SCHEMES
from sitebuild import strings, translations
from sitebuild.macros.expand import Page
from sitebuild.macros.figure import lightbox, url
from sitebuild.outputs.figures import FIGURES, FigureSpec, variant


def figure_gallery(page: Page) -> str:
    """Return the gallery's Markdown: a section per registered figure.

    Raises:
        ValueError: If a figure's explaining page is not part of the build.
    """
    return "\n\n".join(_item(spec, page) for spec in FIGURES)


def _item(spec: FigureSpec, page: Page) -> str:
    drawn, label = page.figures[spec.name], strings.section("gallery", page.lang)
    target, _, anchor = spec.page.partition("#")
    url = page.page_url(target)
    if url is None:
        raise ValueError(f"figure {spec.name!r} is explained in {spec.page!r}, which is not a page of the site")
    link = url + (f"#{anchor}" if anchor else "")
    parameters = ", ".join(f"<code>{name}={html.escape(repr(value))}</code>" for name, value in spec.parameters.items())
    explained = translations.title(target, page.lang) or target
    return f"""## {drawn["title"]} {{ #{spec.name} }}

<figure class="bn-gallery__item">
{lightbox(page, spec.name, data_gallery="figures", data_description=drawn["caption"])}
<figcaption>
<p>{html.escape(drawn["caption"])}</p>
<dl class="bn-gallery__facts">
<dt>{html.escape(label["made_by"])}</dt><dd><code>{html.escape(spec.call_text(page.lang))}</code></dd>
<dt>{html.escape(label["parameters"])}</dt><dd>{parameters}</dd>
<dt>{html.escape(label["explained"])}</dt><dd><a href="{html.escape(link)}">{html.escape(explained)}</a></dd>
<dt>{html.escape(label["download"])}</dt><dd>{"".join(_downloads(spec.name, page, scheme) for scheme in SCHEMES)}</dd>
</dl>
</figcaption>
</figure>"""


def _downloads(name: str, page: Page, scheme: str) -> str:
    # Shown in the matching colour scheme only, like the figure (extra.css).
    saved_as = f"{name}-{page.lang}{variant('wide', scheme)}"
    links = " · ".join(
        f'<a href="{url(page, name, "wide", scheme, kind)}" download="{saved_as}.{kind}">{kind.upper()}</a>' for kind in ("png", "svg")
    )
    return f'<span class="bn-scheme bn-scheme--{scheme}">{links}</span>'
