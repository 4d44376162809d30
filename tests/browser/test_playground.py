"""The Figure 1 playground in headless Chromium: it trains what train_digits trains, in a worker."""

from __future__ import annotations

import functools
import re

import pytest
from helpers import AXE, prefix
from playwright.sync_api import Page, expect

from batchnorm_explained import format_number, train_digits
from sitebuild import strings
from sitebuild.outputs.training import FIGURE1

pytestmark = pytest.mark.browser

TEST_IMAGES = 397
NUMBER_FIELDS = ("lr-1", "std-1", "lr-2", "std-2", "batch", "steps", "momentum", "seed")
PLAYGROUND = ".bn-playground"
STATE = f"document.querySelector('{PLAYGROUND}').dataset.state"
RUNS = f"document.querySelector('{PLAYGROUND}').bnPlayground.runs"
LAZY = ("playground-ui.js", "playground-worker.js", "playground-train.js", "rng.js", "chart.js", "widgets.css", "playground.css", ".bin")


def t(key: str, lang: str, **fields) -> str:
    return strings.text(f"playground.{key}", lang, **fields)


def open_playground(page: Page, server: str, lang: str):
    page.goto(server + prefix(lang) + "figure-1/")
    playground = page.locator(PLAYGROUND)
    playground.scroll_into_view_if_needed()
    playground.locator(".bn-playground__controls").wait_for(state="visible")
    expect(playground.locator(".bn-playground__status")).to_have_text(t("ready", lang))
    return playground


def set_fields(playground, lang: str, **values) -> None:
    for name, value in values.items():
        playground.locator(f"[name='{name}']").fill(value if isinstance(value, str) else format_number(value, lang, None))


def run_to_the_end(page: Page, playground, timeout: float = 120_000) -> list[list[dict]]:
    playground.locator("#bn-pg-start").click()
    page.wait_for_function(f"{STATE} === 'done'", timeout=timeout)
    return page.evaluate(f"{RUNS}.map(run => run.evaluations)")


@functools.cache
def library_run(batch_norm: bool, steps: int, **settings):
    every = max(1, round(steps / 50))  # the playground's 50 evaluations a run
    return train_digits(batch_norm=batch_norm, steps=steps, eval_every=every, **settings)


def assert_same_run(evaluations: list[dict], run) -> None:
    assert [entry["step"] for entry in evaluations] == list(run.steps)
    for entry, accuracy, batch_accuracy, percentiles in zip(evaluations, run.accuracy, run.batch_accuracy, run.percentiles, strict=True):
        # One test image is 1/397: the float32 sums of the browser may flip at most one.
        assert abs(entry["accuracy"] - accuracy) * TEST_IMAGES <= 1 + 1e-9, (entry["step"], entry["accuracy"], accuracy)
        assert abs(entry["batchAccuracy"] - batch_accuracy) * TEST_IMAGES <= 1 + 1e-9, entry["step"]
        assert max(abs(a - b) for a, b in zip(entry["percentiles"], percentiles, strict=True)) <= 1e-3, entry["step"]


def test_the_defaults_are_the_builds_figure_1_settings(server, page):
    playground = open_playground(page, server, "it")
    settings = FIGURE1
    for name, key in (
        ("lr-1", "learning_rate"),
        ("lr-2", "learning_rate"),
        ("std-1", "init_std"),
        ("std-2", "init_std"),
        ("batch", "batch_size"),
        ("steps", "steps"),
        ("seed", "seed"),
    ):
        expect(playground.locator(f"[name='{name}']")).to_have_value(format_number(settings[key], "it", None))
    expect(playground.locator("#bn-pg-bn-1")).not_to_be_checked()
    expect(playground.locator("#bn-pg-bn-2")).to_be_checked()
    expect(playground.locator("#bn-pg-evaluation")).to_have_value("population")


@pytest.mark.parametrize(
    ("lang", "fields", "library"),
    [
        # The figure's pair, without and with BN, for 300 steps.
        ("en", {"steps": 300}, ({"batch_norm": False}, {"batch_norm": True})),
        # BN after the sigmoid, a larger learning rate, odd mini-batches, another seed.
        (
            "it",
            {"steps": 240, "batch": 25, "seed": 3, "lr-2": "0,5", "std-1": "0,5"},
            (
                {"batch_norm": False, "init_std": 0.5, "batch_size": 25, "seed": 3},
                {"batch_norm": True, "placement": "after", "learning_rate": 0.5, "batch_size": 25, "seed": 3},
            ),
        ),
        # Running averages (momentum 0.3) for both networks with BN.
        (
            "en",
            {"steps": 200, "momentum": "0.3", "lr-2": "0.3"},
            ({"batch_norm": True, "momentum": 0.3}, {"batch_norm": True, "momentum": 0.3, "learning_rate": 0.3}),
        ),
    ],
)
def test_the_browser_trains_what_train_digits_trains(server, page, lang, fields, library):
    playground = open_playground(page, server, lang)
    for index, settings in enumerate(library, start=1):
        playground.locator(f"#bn-pg-bn-{index}").set_checked(settings["batch_norm"])
        playground.locator(f"#bn-pg-placement-{index}").select_option(settings.get("placement", "before"))
    if any("momentum" in settings for settings in library):
        playground.locator("#bn-pg-evaluation").select_option("running")
    set_fields(playground, lang, **fields)
    runs = run_to_the_end(page, playground)
    for evaluations, settings in zip(runs, library, strict=True):
        assert_same_run(evaluations, library_run(steps=fields["steps"], **settings))
    assert page.console_errors == []
    assert page.outside_requests == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_it_trains_plots_and_reports_in_the_pages_language(server, page, lang):
    playground = open_playground(page, server, lang)
    set_fields(playground, lang, steps=150)
    runs = run_to_the_end(page, playground)
    assert [len(evaluations) for evaluations in runs] == [51, 51]
    # (a): one line for network 1 (no BN), two for network 2 (its statistics and the test batch's).
    charts = playground.locator("svg.bn-playground__chart")
    assert charts.count() == 3
    lines = [chart.locator("path.bn-chart__line") for chart in charts.all()]
    assert [line.count() for line in lines] == [3, 3, 3]
    for line in lines:
        for path in line.all():
            assert path.get_attribute("d").count("L") == 50  # 51 points
    assert playground.locator("path.bn-playground__line--batch").count() == 1
    status = playground.locator(".bn-playground__status")
    last = runs[1][-1]
    percent = format_number(100 * last["accuracy"], lang, 1) + "%"
    expect(status).to_contain_text(t("finished", lang, steps="150", networks="").strip())
    expect(status).to_contain_text(percent)
    ticks = playground.locator(".bn-chart__tick").all_text_contents()
    assert "." not in "".join(ticks) if lang == "it" else "," not in "".join(ticks)
    name = charts.nth(0).get_attribute("aria-label")
    assert name.startswith(t("accuracy_chart", lang, summary="")) and percent in name
    expect(playground.locator(".bn-playground__panel--spread-2 .bn-playground__title")).to_have_text(
        t("spread_title", lang, panel="c", n=2, description=t("with_bn_before", lang))
    )
    legend = playground.locator(".bn-playground__panel--accuracy .bn-playground__legend li").all_text_contents()
    assert legend == [
        t("legend_plain", lang, n=1, description=t("without_bn", lang)),
        t("legend_eval", lang, n=2),
        t("legend_batch", lang, n=2),
    ]
    expect(playground.locator("#bn-pg-start")).to_have_text(t("start", lang))
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_pause_resume_and_reset(server, page, lang):
    playground = open_playground(page, server, lang)
    start = playground.locator("#bn-pg-start")
    start.click()
    expect(start).to_have_text(t("pause", lang))
    page.wait_for_function(f"{RUNS}.every(run => run.step > 20)")
    start.click()
    expect(start).to_have_text(t("resume", lang))
    expect(playground.locator(".bn-playground__status")).to_contain_text(t("paused", lang, step="\0", steps="", networks="").split("\0")[0])
    page.wait_for_timeout(400)  # a slice under way when the pause arrived still reports
    paused = page.evaluate(f"{RUNS}.map(run => run.step)")
    page.wait_for_timeout(1000)
    assert page.evaluate(f"{RUNS}.map(run => run.step)") == paused
    assert page.evaluate(STATE) == "paused"
    start.click()
    expect(start).to_have_text(t("pause", lang))
    page.wait_for_function(f"{RUNS}.every((run, i) => run.step > {paused}[i])")
    playground.locator("#bn-pg-reset").click()
    expect(start).to_have_text(t("start", lang))
    assert page.evaluate(STATE) == "idle"
    assert page.evaluate(RUNS) is None
    expect(playground.locator(".bn-playground__status")).to_have_text(t("reset_done", lang))
    assert playground.locator("path.bn-chart__line").count() == 0
    page.wait_for_timeout(300)
    assert playground.locator("path.bn-chart__line").count() == 0  # nothing comes back after a reset
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_keyboard_drives_every_control(server, page, lang):
    playground = open_playground(page, server, lang)
    controls = playground.locator("input, select, button")
    ids = controls.evaluate_all("nodes => nodes.map(n => n.id)")
    # Tab visits every control, in the order of the form.
    controls.first.focus()
    visited = [page.evaluate("document.activeElement.id")]
    for _ in range(len(ids) - 1):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.id"))
    assert visited == ids
    # Each kind of control answers its keys.
    playground.locator("#bn-pg-bn-1").focus()
    page.keyboard.press("Space")
    expect(playground.locator("#bn-pg-bn-1")).to_be_checked()
    for select, value in (("#bn-pg-placement-2", "after"), ("#bn-pg-evaluation", "running")):
        playground.locator(select).focus()
        page.keyboard.press("ArrowDown")
        expect(playground.locator(select)).to_have_value(value)
    for name in NUMBER_FIELDS:
        field = playground.locator(f"[name='{name}']")
        field.focus()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("7")
        expect(field).to_have_value("7")
    # Restore the build's settings with Enter; the charts now describe what Start would run.
    playground.locator("#bn-pg-defaults").focus()
    page.keyboard.press("Enter")
    expect(playground.locator("[name='steps']")).to_have_value("5000")
    expect(playground.locator("#bn-pg-bn-1")).not_to_be_checked()
    expect(playground.locator("#bn-pg-evaluation")).to_have_value("population")
    expect(playground.locator(".bn-playground__panel--spread-2 .bn-playground__title")).to_contain_text(t("with_bn_before", lang))
    # Start with Enter, pause and resume with Space, reset with Enter.
    start = playground.locator("#bn-pg-start")
    start.focus()
    page.keyboard.press("Enter")
    expect(start).to_have_text(t("pause", lang))
    page.keyboard.press("Space")
    expect(start).to_have_text(t("resume", lang))
    page.keyboard.press("Space")
    expect(start).to_have_text(t("pause", lang))
    playground.locator("#bn-pg-reset").focus()
    page.keyboard.press("Enter")
    expect(start).to_have_text(t("start", lang))
    assert page.console_errors == []


def test_the_main_thread_stays_free_while_both_networks_train(server, page):
    playground = open_playground(page, server, "en")
    page.evaluate("""() => {
        window.longTasks = [];
        new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map(e => e.duration)))
            .observe({type: "longtask"});
    }""")
    playground.locator("#bn-pg-start").click()
    page.wait_for_function(f"{RUNS}.every(run => run.step > 0)")
    # A 10 ms timer for 2 s: if the training ran on this thread, its slices would hold it.
    ticks = page.evaluate("""() => new Promise((resolve) => {
        let count = 0, last = performance.now(), worst = 0;
        const timer = setInterval(() => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
            count++;
        }, 10);
        setTimeout(() => { clearInterval(timer); resolve({count, worst}); }, 2000);
    })""")
    steps = page.evaluate(f"{RUNS}.map(run => run.step)")
    # The page scrolls and a field answers while it trains.
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"window.scrollY > {before}")
    playground.locator("[name='seed']").fill("12")
    expect(playground.locator("[name='seed']")).to_have_value("12")
    assert page.evaluate(STATE) == "running"
    assert min(steps) > 50, steps  # the workers did train meanwhile
    # The training runs in two Web Workers, not on this thread.
    assert len([worker for worker in page.workers if worker.url.endswith("/playground-worker.js")]) == 2
    # The margins are wide (the test shares a busy machine): a main thread that trained would
    # hold the timer for most of the 2 s and report long tasks for most of them.
    assert ticks["count"] >= 60, ticks
    assert ticks["worst"] < 1000, ticks
    long_tasks = page.evaluate("window.longTasks")
    assert sum(long_tasks) < 800, long_tasks


BAD_VALUES = {
    "lr-1": ("0", "invalid_positive"),
    "std-1": ("abc", "invalid_positive"),
    "lr-2": ("-0.5", "invalid_positive"),
    "std-2": ("", "invalid_positive"),
    "batch": ("1", "invalid_integer"),
    "steps": ("12.5", "invalid_integer"),
    "momentum": ("1.5", "invalid_momentum"),
    "seed": ("-1", "invalid_integer"),
}
LIMITS = {"batch": (2, 1400), "steps": (1, 50_000), "seed": (0, 2**32 - 1)}


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("name", NUMBER_FIELDS)
def test_a_bad_number_gets_a_localized_message_and_nothing_starts(server, page, lang, name):
    playground = open_playground(page, server, lang)
    value, key = BAD_VALUES[name]
    low, high = LIMITS.get(name, (0, 0))
    message = t(key, lang, min=format_number(low, lang, 0, grouped=True), max=format_number(high, lang, 0, grouped=True))
    field = playground.locator(f"[name='{name}']")
    field.fill(value.replace(".", ",") if lang == "it" else value)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(playground.locator(f"#bn-pg-{name}-invalid")).to_have_text(message)
    expect(field).to_have_accessible_description(message)
    assert field.evaluate("input => input.validationMessage") == message
    playground.locator("#bn-pg-start").click()
    expect(playground.locator(".bn-playground__status")).to_have_text(t("invalid_form", lang))
    expect(field).to_be_focused()
    assert page.evaluate(STATE) == "idle" and page.evaluate(RUNS) is None
    fixed = {"batch": "2", "steps": "2", "seed": "2", "momentum": "1"}.get(name, "0,2" if lang == "it" else "0.2")
    field.fill(fixed)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(playground.locator(f"#bn-pg-{name}-invalid")).to_be_hidden()
    assert page.console_errors == []


@pytest.mark.parametrize(("lang", "typed", "valid"), [("it", "0,5", True), ("it", "0.5", True), ("en", "0.5", True), ("en", "0,5", False)])
def test_numbers_are_read_in_the_pages_notation(server, page, lang, typed, valid):
    playground = open_playground(page, server, lang)
    field = playground.locator("[name='lr-1']")
    field.fill(typed)
    if valid:
        expect(field).not_to_have_attribute("aria-invalid", "true")
    else:
        expect(field).to_have_attribute("aria-invalid", "true")


def test_nothing_is_fetched_before_the_reader_nears_it_and_nothing_from_elsewhere(server, page):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(server + "figure-1/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in fetched if url.endswith(LAZY)], fetched
    assert any(url.endswith("assets/javascripts/playground.js") for url in fetched)
    page.locator(PLAYGROUND).scroll_into_view_if_needed()
    page.locator(".bn-playground__controls").wait_for(state="visible")
    for name in LAZY:
        assert any(url.endswith(name) for url in fetched), name
    assert page.outside_requests == []
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_missing_data_file_says_so_in_the_pages_language(server, page, lang):
    page.route("**/*.bin", lambda route: route.fulfill(status=404, body=b""))
    page.goto(server + prefix(lang) + "figure-1/")
    page.locator(PLAYGROUND).scroll_into_view_if_needed()
    expect(page.locator(".bn-playground__status")).to_have_text(t("error", lang))
    expect(page.locator(".bn-playground__controls")).to_be_hidden()


def test_without_javascript_the_figure_stays_and_the_playground_says_why(server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "it/figure-1/")
        expect(page.locator("figure.bn-figure img").first).to_be_visible()
        page.locator(PLAYGROUND).scroll_into_view_if_needed()
        expect(page.locator(".bn-playground__status")).to_have_text(t("needs_javascript", "it"))
        expect(page.locator(".bn-playground__controls")).to_be_hidden()
        expect(page.locator(".bn-playground__charts")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "it"])
def test_it_fits_a_phone(server, browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        playground = open_playground(page, server, lang)
        set_fields(playground, lang, steps=60)
        run_to_the_end(page, playground)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for control in playground.locator("input, select, button, svg, legend").all():
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, control
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "it"])
def test_axe_finds_no_violation_in_the_live_playground(server, page, lang):
    playground = open_playground(page, server, lang)
    set_fields(playground, lang, steps=60)
    run_to_the_end(page, playground)
    playground.locator("[name='seed']").fill("x")  # the invalid state too
    expect(playground.locator("[name='seed']")).to_have_attribute("aria-invalid", "true")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(".bn-playground", {resultTypes: ["violations"]})).violations.map(
            v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`)"""
    )
    assert violations == []


def test_the_playground_follows_the_dark_scheme(server, page):
    playground = open_playground(page, server, "en")
    colour = "getComputedStyle(document.querySelector('.bn-playground')).getPropertyValue('--bn-pg-net2').trim()"
    light = page.evaluate(colour)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = page.evaluate(colour)
    assert light and dark and light != dark
    assert re.fullmatch(r"#[0-9a-f]{6}", dark)
    expect(playground).to_be_visible()
