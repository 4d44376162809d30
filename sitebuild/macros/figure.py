"""``{{ figure("name") }}``: a figure of the registry, with its alt text and caption in the page's language.

A figure is shown as two ``<picture>`` elements, one per colour scheme, and the stylesheet
(``extra.css``) hides the one that does not match the page's: Material's palette toggle sets
``data-md-color-scheme`` on ``<body>``, which ``prefers-color-scheme`` in a ``<source>`` cannot
follow. Each picture serves its narrow variant below ``NARROW_MEDIA``. The images load lazily,
so the hidden picture is never downloaded. Both sit in one link that opens the figure in the
lightbox (``overrides/assets/javascripts/figures.js`` points it at the variant on screen).
"""

from __future__ import annotations

import html

from batchnorm_explained.styles import SCHEMES
from sitebuild.macros.expand import Page, registered
from sitebuild.outputs import figures
from sitebuild.outputs.figures import variant

# Below Material's phone breakpoint the page's column is narrower than on any larger screen
# (about 690 px at most above it), and a wide figure would shrink below its desktop size.
NARROW_MEDIA = "(max-width: 44.984375em)"


@registered("figure", figures.names)
def figure(page: Page, name: str) -> str:
    """Return the HTML of figure ``name``: both schemes' pictures, sized and lazily loaded, and its caption.

    ``name`` is one of the registry's (``@registered`` has the call refused otherwise).
    """
    caption = html.escape(page.figures[name]["caption"], quote=False)
    return f'<figure class="bn-figure">\n{lightbox(page, name)}\n<figcaption>{caption}</figcaption>\n</figure>'


def lightbox(page: Page, name: str, **attributes: str) -> str:
    """Return figure ``name``'s two pictures in the link that opens it in the lightbox.

    Args:
        page: The page the figure is shown on.
        name: A figure of the registry.
        **attributes: More attributes of the link (``data_gallery="figures"`` is written
            ``data-gallery="figures"``).
    """
    links = {
        f"data-bn-{scheme}{'-narrow' if layout == 'narrow' else ''}": url(page, name, layout, scheme)
        for scheme in SCHEMES
        for layout in ("wide", "narrow")
    }
    extra = {key.replace("_", "-"): value for key, value in attributes.items()}
    written = "".join(f' {key}="{html.escape(value)}"' for key, value in {**links, **extra}.items())
    pictures = "\n".join(picture(page, name, scheme) for scheme in SCHEMES)
    return f'<a class="bn-lightbox" href="{url(page, name, "wide", SCHEMES[0])}"{written}>\n{pictures}\n</a>'


def picture(page: Page, name: str, scheme: str) -> str:
    """Return the ``<picture>`` of figure ``name`` in colour scheme ``scheme``: wide, narrow below ``NARROW_MEDIA``."""
    drawn = page.figures[name]
    wide, narrow = (drawn["variants"][variant(layout, scheme)] for layout in ("wide", "narrow"))
    return (
        f'<picture class="bn-scheme bn-scheme--{scheme}">'
        f'<source media="{NARROW_MEDIA}" srcset="{url(page, name, "narrow", scheme)}" width="{narrow["width"]}" height="{narrow["height"]}">'
        f'<img class="bn-figure__image" src="{url(page, name, "wide", scheme)}" alt="{html.escape(drawn["alt"])}"'
        f' width="{wide["width"]}" height="{wide["height"]}" loading="lazy" decoding="async">'
        f"</picture>"
    )


def url(page: Page, name: str, layout: str, scheme: str, kind: str = "svg") -> str:
    """Return the URL of a variant of figure ``name`` from ``page``: ``../figures/figure-1-narrow-dark.svg``."""
    return page.url(f"figures/{name}{variant(layout, scheme)}.{kind}")
