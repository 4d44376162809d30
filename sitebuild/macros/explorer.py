"""``{{ explorer() }}``: the γ/β explorer on the transform page, in the page's language.

Without JavaScript the reader sees the build-time figure (the batch normalized with γ = 1,
β = 0) and its caption. ``overrides/assets/javascripts/explorer.js`` then loads the real
batch the figures show once the explorer nears the viewport
(``sitebuild.outputs.explorer_data``), reveals the controls, replaces the image by a live SVG
histogram and its caption by one that fits any γ and β, and redraws the histogram and its
min / max / mean / var line as the reader moves them, with the library's float32 arithmetic:
the notebook's ``normalize_whole`` (whole batch, unbiased variance, ε = 1e-16) or the paper's
Algorithm 1 ``batch_norm`` per feature (each of the 1,024 pixel positions over the 30 images,
biased variance, ε = 1e-5).
"""

from __future__ import annotations

import html
import json

from batchnorm_explained.locales import FIGURE_STRINGS
from batchnorm_explained.locales import text as figure_text
from sitebuild import strings
from sitebuild.macros.expand import Page
from sitebuild.macros.figure import lightbox
from sitebuild.outputs import explorer_data

FIGURE = "normalized-histogram"  # the static fallback, and the explorer's starting state
# Slider range and starting value: the notebook's sweep (γ up to 100, β up to 100) and the
# identity's neighbourhood, γ = 1, β = 0. The number fields take any value.
PARAMETERS = {"gamma": (0, 100, 1), "beta": (-100, 100, 0)}


def explorer(page: Page) -> str:
    """Return the explorer's HTML: its controls (hidden until the script runs) and the fallback figure."""
    lang, drawn = page.lang, page.figures[FIGURE]
    label = {key: html.escape(value) for key, value in strings.section("explorer", lang).items()}
    config = {
        "data": page.url(explorer_data.URI),
        "shape": list(explorer_data.SHAPE),
        "decimal": figure_text("decimal_separator", lang),
        "summary": FIGURE_STRINGS.template("stats.summary", lang),
        "xlabel": figure_text("histogram.xlabel", lang),
        "ylabel": figure_text("histogram.ylabel", lang),
        "chart": strings.SITE_STRINGS.template("explorer.chart", lang),
        "modes": {mode: strings.text(f"explorer.chart_{mode}", lang) for mode in ("whole", "feature")},
        "caption": strings.text("explorer.caption", lang),
        "invalid": strings.text("explorer.invalid", lang),
        "error": strings.text("explorer.error", lang),
    }
    # Its stylesheets and script come with it: only the page that has an explorer loads them.
    return f"""<div class="bn-widget bn-explorer" data-config="{html.escape(json.dumps(config, ensure_ascii=False))}">
<link rel="stylesheet" href="{page.url("assets/stylesheets/widgets.css")}">
<link rel="stylesheet" href="{page.url("assets/stylesheets/explorer.css")}">
<form class="bn-explorer__controls" hidden>
<fieldset class="bn-explorer__mode"><legend>{label["mode"]}</legend>
<label><input type="radio" name="bn-mode" value="whole" checked> {label["whole"]}</label>
<label><input type="radio" name="bn-mode" value="feature"> {label["feature"]}</label>
</fieldset>
{"".join(_parameter(name, label[name], *limits) for name, limits in PARAMETERS.items())}</form>
<figure class="bn-figure bn-explorer__figure">
{lightbox(page, FIGURE)}
<figcaption>{html.escape(drawn["caption"])}</figcaption>
</figure>
<p class="bn-explorer__stats" hidden><output aria-live="polite"></output></p>
<script src="{page.url("assets/javascripts/explorer.js")}" type="module"></script>
</div>"""


def _parameter(name: str, label: str, low: float, high: float, start: float) -> str:
    # A slider for quick moves and a number field for any value, kept in step by the script.
    return f"""<div class="bn-explorer__param">
<label for="bn-{name}">{label}</label>
<input type="range" id="bn-{name}-range" min="{low}" max="{high}" step="0.5" value="{start}" aria-label="{label}">
<input type="number" class="bn-widget__input" id="bn-{name}" step="any" value="{start}" aria-describedby="bn-{name}-invalid">
<span class="bn-widget__invalid" id="bn-{name}-invalid"></span>
</div>
"""
