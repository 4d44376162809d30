"""The page's scripts, deferred so that none blocks its first paint."""

from __future__ import annotations

import re

BUNDLE_SCRIPT = re.compile(r'(<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js")></script>')


def defer_scripts(page_html: str) -> str:
    """Return the page with the lightbox's script and the theme's bundle deferred.

    mkdocs-glightbox loads its script in ``<head>``, blocking the first paint of every page for
    a lightbox nobody has clicked yet. Deferred, with its start-up code as a module (modules
    run after deferred scripts, in order), it loads alongside the page instead. The theme's
    bundle blocks the parser at the end of ``<body>`` (Lighthouse counts it as
    render-blocking); deferred, it still runs before DOMContentLoaded and before the scripts
    that follow it.
    """
    page_html = page_html.replace('glightbox.min.js"></script>', 'glightbox.min.js" defer></script>', 1)
    page_html = BUNDLE_SCRIPT.sub(r"\1 defer></script>", page_html, count=1)
    return page_html.replace('<script id="init-glightbox">', '<script id="init-glightbox" type="module">', 1)
