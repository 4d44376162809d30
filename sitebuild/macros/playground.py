"""``{{ playground() }}``: the Figure 1 playground, in the page's language.

Without
JavaScript the reader sees one sentence (the figure above the playground is the build's own
run). With it, ``overrides/assets/javascripts/playground.js`` waits until the playground nears
the viewport, then loads the rest: its stylesheet, ``playground-ui.js`` (the controls and the
live charts, drawn with ``chart.js``), two Web Workers (``playground-worker.js``, one network
each, training with ``playground-train.js`` and ``rng.js``) and the data file
``sitebuild/outputs/playground_data.py`` writes. The form's defaults are the build's own
Figure 1 settings (``sitebuild.outputs.training.FIGURE1``), so the first run retraces the figure.
"""

from __future__ import annotations

import html as html_lib
import json

from batchnorm_explained.locales import format_number
from batchnorm_explained.locales import text as figure_text
from sitebuild import strings
from sitebuild.macros.expand import Page
from sitebuild.outputs import playground_data
from sitebuild.outputs.training import FIGURE1

MOMENTUM = 0.1  # torch's default for the running averages
STEPS_MAX = 50_000  # the paper's length
SEED_MAX = 2**32 - 1
# The two networks' own settings at first: the figure's pair, without and with BN.
NETWORKS = ({"batch_norm": False}, {"batch_norm": True})
STRINGS = (
    "loading",
    "error",
    "ready",
    "invalid_form",
    "start",
    "pause",
    "resume",
    "network",
    "accuracy_title",
    "accuracy",
    "steps_axis",
    "spread_title",
    "sigmoid_input",
    "percentile",
    "legend_eval",
    "legend_running",
    "legend_batch",
    "legend_plain",
    "with_bn_before",
    "with_bn_after",
    "without_bn",
    "progress",
    "progress_network",
    "progress_batch",
    "paused",
    "finished",
    "reset_done",
    "accuracy_chart",
    "spread_chart",
    "chart_latest",
    "chart_empty",
    "speed",
    "invalid_positive",
    "invalid_integer",
    "invalid_momentum",
)


def playground(page: Page) -> str:
    """Return the playground's HTML: its form (hidden until the script runs), status line and charts."""
    lang, site_url = page.lang, page.url

    def t(key: str, **fields: object) -> str:
        return html_lib.escape(strings.text(f"playground.{key}", lang, **fields), quote=True)

    def number(value: float) -> str:  # as the page writes numbers: 0,1 in Italian
        return format_number(value, lang, None)

    settings = FIGURE1
    defaults = {
        "steps": settings["steps"],
        "batch_size": settings["batch_size"],
        "seed": settings["seed"],
        "momentum": MOMENTUM,
        "evaluation": "population",
        "networks": [
            {
                "batch_norm": network["batch_norm"],
                "placement": "before",
                "learning_rate": settings["learning_rate"],
                "init_std": settings["init_std"],
            }
            for network in NETWORKS
        ],
    }
    config = {
        "data": site_url(playground_data.URI),
        "ui": site_url("assets/javascripts/playground-ui.js"),
        "worker": site_url("assets/javascripts/playground-worker.js"),
        "stylesheets": [site_url("assets/stylesheets/widgets.css"), site_url("assets/stylesheets/playground.css")],
        "lang": lang,
        "decimal": figure_text("decimal_separator", lang),
        "defaults": defaults,
        "limits": {"batch_size": [2, 1400], "steps": [1, STEPS_MAX], "seed": [0, SEED_MAX]},
        "strings": {key: strings.SITE_STRINGS.template(f"playground.{key}", lang) for key in STRINGS},
    }

    def field(name: str, label: str, value: float, mode: str = "decimal") -> str:
        return f"""<div class="bn-playground__field">
<label for="bn-pg-{name}">{label}</label>
<input type="text" class="bn-widget__input" inputmode="{mode}" id="bn-pg-{name}" name="{name}" value="{html_lib.escape(number(value))}" autocomplete="off" spellcheck="false" aria-describedby="bn-pg-{name}-invalid">
<span class="bn-widget__invalid" id="bn-pg-{name}-invalid"></span>
</div>
"""

    networks = []
    for index, network in enumerate(defaults["networks"], start=1):
        checked = " checked" if network["batch_norm"] else ""
        networks.append(f"""<fieldset class="bn-playground__network bn-playground__network--{index}">
<legend>{t("network", n=index)}</legend>
<label class="bn-playground__check"><input type="checkbox" id="bn-pg-bn-{index}" name="bn-{index}"{checked}> {t("batch_norm")}</label>
<div class="bn-playground__field bn-playground__field--wide">
<label for="bn-pg-placement-{index}">{t("placement")}</label>
<select class="bn-widget__input" id="bn-pg-placement-{index}" name="placement-{index}">
<option value="before" selected>{t("before")}</option>
<option value="after">{t("after")}</option>
</select>
</div>
{field(f"lr-{index}", t("learning_rate"), network["learning_rate"])}{field(f"std-{index}", t("init_std"), network["init_std"])}</fieldset>
""")
    return f"""<div class="bn-widget bn-playground" id="bn-playground" data-config="{html_lib.escape(json.dumps(config, ensure_ascii=False), quote=True)}">
<form class="bn-playground__controls" hidden novalidate>
<div class="bn-playground__networks">
{"".join(networks)}</div>
<fieldset class="bn-playground__shared">
<legend>{t("both")}</legend>
{field("batch", t("batch_size"), defaults["batch_size"], "numeric")}{field("steps", t("steps"), defaults["steps"], "numeric")}<div class="bn-playground__field bn-playground__field--wide">
<label for="bn-pg-evaluation">{t("evaluation")}</label>
<select class="bn-widget__input" id="bn-pg-evaluation" name="evaluation">
<option value="population" selected>{t("population")}</option>
<option value="running">{t("running")}</option>
</select>
</div>
{field("momentum", t("momentum"), defaults["momentum"])}{field("seed", t("seed"), defaults["seed"], "numeric")}</fieldset>
<div class="bn-playground__buttons">
<button type="button" class="md-button md-button--primary bn-playground__start" id="bn-pg-start">{t("start")}</button>
<button type="button" class="md-button" id="bn-pg-reset">{t("reset")}</button>
<button type="button" class="md-button" id="bn-pg-defaults">{t("defaults")}</button>
</div>
</form>
<p class="bn-playground__status" aria-live="polite">{t("needs_javascript")}</p>
<p class="bn-playground__speed"></p>
<div class="bn-playground__charts" hidden>
{_panel("accuracy")}{_panel("spread-1")}{_panel("spread-2")}</div>
<script src="{site_url("assets/javascripts/playground.js")}" type="module"></script>
</div>"""


def _panel(name: str) -> str:
    # The chart's SVG and its title come from the script; the legend is HTML, under it.
    return f"""<figure class="bn-playground__panel bn-playground__panel--{name}">
<figcaption class="bn-playground__title"></figcaption>
<div class="bn-playground__plot"></div>
<ul class="bn-playground__legend"></ul>
</figure>
"""
