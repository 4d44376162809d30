"""``{{ figure("name") }}``: a figure of the registry, with its alt text and caption in the page's language."""

from __future__ import annotations

import posixpath

from sitebuild.macros.expand import Page, registered
from sitebuild.outputs import figures


@registered("figure", figures.names)
def figure(page: Page, name: str) -> str:
    """Return the Markdown of figure ``name``: the SVG, sized and lazily loaded, and its caption.

    ``name`` is one of the registry's (``@registered`` has the call refused otherwise).
    """
    drawn = page.figures[name]
    src = posixpath.relpath(f"figures/{name}.svg", posixpath.dirname(page.src_uri) or ".")
    alt = drawn["alt"].replace("[", "\\[").replace("]", "\\]")
    return (
        f'<figure class="bn-figure" markdown="span">\n'
        f'  ![{alt}]({src}){{ width="{drawn["width"]}" height="{drawn["height"]}" loading="lazy" }}\n'
        f"  <figcaption>{drawn['caption']}</figcaption>\n"
        f"</figure>"
    )
