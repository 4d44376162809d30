"""The γ/β explorer on the transform page: its markup, built at site-build time in the page's language.

A page writes ``{{ explorer() }}``; the hook replaces it with ``html(...)``. Without JavaScript
the reader sees the build-time figure (the batch normalized with γ = 1, β = 0) and its
caption. ``overrides/assets/javascripts/explorer.js`` then loads the real batch the figures
show once the explorer nears the viewport (``figures.batch_data``: the float32 values, with
each mode's means and square roots as the library computes them), reveals the controls,
replaces the image by a live SVG histogram and its caption by one that fits any γ and β, and
redraws the histogram and its min / max / mean / var line as the reader moves them, with the
library's float32 arithmetic: the notebook's ``normalize_whole`` (whole batch, unbiased
variance, ε = 1e-16) or the paper's Algorithm 1 ``batch_norm`` per feature (each of the 1,024
pixel positions over the 30 images, biased variance, ε = 1e-5)."""

from __future__ import annotations

import html as html_lib
import json
from collections.abc import Callable

import figures
import project

FIGURE = "normalized-histogram"  # the static fallback, and the explorer's starting state
DATA_URI = f"assets/data/{figures.BATCH_DATA}"
# Slider range and starting value: the notebook's sweep (γ up to 100, β up to 100) and the
# identity's neighbourhood, γ = 1, β = 0. The number fields take any value.
PARAMETERS = {"gamma": (0, 100, 1), "beta": (-100, 100, 0)}


def html(lang: str, figure: dict, site_url: Callable[[str], str]) -> str:
    """Return the explorer's HTML in language ``lang``.

    Args:
        lang: The page's language code.
        figure: The manifest entry of the fallback figure (``figures.build_figures``).
        site_url: Gives the URL, relative to the page, of a path in the built site.
    """
    def t(key: str, **fields: object) -> str:
        return html_lib.escape(project.locales.text(f"explorer.{key}", lang, **fields), quote=True)

    src, data = site_url(f"figures/{FIGURE}.svg"), site_url(DATA_URI)
    config = {
        "data": data,
        "shape": list(figures.BATCH_SHAPE),
        "decimal": project.locales.text("decimal_separator", lang),
        "summary": _template("stats.summary", lang, "min", "max", "mean", "var"),
        "xlabel": project.locales.text("histogram.xlabel", lang),
        "ylabel": project.locales.text("histogram.ylabel", lang),
        "chart": _template("explorer.chart", lang, "gamma", "beta", "mode", "summary"),
        "modes": {mode: project.locales.text(f"explorer.chart_{mode}", lang) for mode in ("whole", "feature")},
        "caption": project.locales.text("explorer.caption", lang),
        "invalid": project.locales.text("explorer.invalid", lang),
        "error": project.locales.text("explorer.error", lang),
    }
    # Its stylesheet and script come with it: only the page that has an explorer loads them.
    return f"""<div class="bn-explorer" data-config="{html_lib.escape(json.dumps(config, ensure_ascii=False), quote=True)}">
<link rel="stylesheet" href="{site_url("assets/stylesheets/explorer.css")}">
<form class="bn-explorer__controls" hidden>
<fieldset class="bn-explorer__mode"><legend>{t("mode")}</legend>
<label><input type="radio" name="bn-mode" value="whole" checked> {t("whole")}</label>
<label><input type="radio" name="bn-mode" value="feature"> {t("feature")}</label>
</fieldset>
{"".join(_parameter(name, t(name), *limits) for name, limits in PARAMETERS.items())}</form>
<figure class="bn-figure bn-explorer__figure">
<img src="{src}" alt="{html_lib.escape(figure["alt"], quote=True)}" width="{figure["width"]}" height="{figure["height"]}" loading="lazy">
<figcaption>{html_lib.escape(figure["caption"])}</figcaption>
</figure>
<p class="bn-explorer__stats" hidden><output aria-live="polite"></output></p>
<script src="{site_url("assets/javascripts/explorer.js")}" type="module"></script>
</div>"""


def _parameter(name: str, label: str, low: float, high: float, start: float) -> str:
    # A slider for quick moves and a number field for any value, kept in step by the script.
    return f"""<div class="bn-explorer__param">
<label for="bn-{name}">{label}</label>
<input type="range" id="bn-{name}-range" min="{low}" max="{high}" step="0.5" value="{start}" aria-label="{label}">
<input type="number" id="bn-{name}" step="any" value="{start}" aria-describedby="bn-{name}-invalid">
<span class="bn-explorer__invalid" id="bn-{name}-invalid"></span>
</div>
"""


def _template(key: str, lang: str, *placeholders: str) -> str:
    # The string with its {placeholders} kept, for the browser to fill in.
    return project.locales.text(key, lang, **{name: "{" + name + "}" for name in placeholders})
