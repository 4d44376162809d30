"""The γ/β explorer of the transform page in headless Chromium: it prints what the library prints."""

from __future__ import annotations

import functools

import pytest
from helpers import AXE, prefix
from playwright.sync_api import Locator, Page, expect

from batchnorm_explained import (
    batch_norm,
    batch_summary,
    format_number,
    make_batch,
    normalize_whole,
    text,
)
from sitebuild import strings

pytestmark = pytest.mark.browser

BARS = 50  # describe_batch's hist(bins=50)


@functools.cache
def summary(mode: str, gamma: float, beta: float, lang: str) -> str:
    """The title line the library prints for the batch normalized in ``mode`` with γ, β."""
    x = make_batch(seed=0)
    y = normalize_whole(x, gamma, beta) if mode == "whole" else batch_norm(x.reshape(30, -1), gamma, beta)
    fields = {key: format_number(value, lang) for key, value in batch_summary(y).items() if key != "std"}
    return text("stats.summary", lang, **fields)


def chart_name(mode: str, gamma: float, beta: float, lang: str) -> str:
    return strings.text(
        "explorer.chart",
        lang,
        gamma=format_number(gamma, lang, None),
        beta=format_number(beta, lang, None),
        mode=strings.text(f"explorer.chart_{mode}", lang),
        summary=summary(mode, gamma, beta, lang),
    )


def open_explorer(page: Page, server: str, lang: str) -> Locator:
    page.goto(server + prefix(lang) + "transform/")
    page.locator("#explorer").scroll_into_view_if_needed()
    explorer = page.locator(".bn-explorer")
    explorer.locator(".bn-explorer__controls").wait_for(state="visible")
    return explorer


def set_parameters(explorer: Locator, gamma: float, beta: float) -> None:
    # fill() dispatches the input event a reader's typing would.
    explorer.locator("#bn-gamma").fill(str(gamma))
    explorer.locator("#bn-beta").fill(str(beta))


@pytest.mark.parametrize(
    ("lang", "gamma", "beta"),
    [
        ("en", 10, 10),
        ("en", 0.75, -12.5),
        ("it", 2.5, -3),
        ("it", -40, 150),  # beyond both sliders' ranges: the number fields take any value
    ],
)
def test_the_title_line_is_the_librarys_in_both_modes(server, page, lang, gamma, beta):
    explorer = open_explorer(page, server, lang)
    output = explorer.locator(".bn-explorer__stats output")
    expect(output).to_have_text(summary("whole", 1, 0, lang))
    set_parameters(explorer, gamma, beta)
    expect(output).to_have_text(summary("whole", gamma, beta, lang))
    # The chart's title line, on one line or two
    assert " ".join(explorer.locator(".bn-explorer__title tspan").all_text_contents()) == summary("whole", gamma, beta, lang)
    explorer.locator("input[name='bn-mode'][value='feature']").check()
    assert summary("feature", gamma, beta, lang) != summary("whole", gamma, beta, lang)
    expect(output).to_have_text(summary("feature", gamma, beta, lang))
    explorer.locator("input[name='bn-mode'][value='whole']").check()
    expect(output).to_have_text(summary("whole", gamma, beta, lang))
    assert page.console_errors == []
    assert page.outside_requests == []


def test_large_scales_print_the_librarys_last_digit_too(server, page):
    # With γ in the tens, a variance in the thousands shows float32 rounding in its last printed
    # digit: the explorer replays the library's float32 arithmetic, from the library's own
    # means and square roots shipped with the batch, so these agree as well.
    explorer = open_explorer(page, server, "en")
    output = explorer.locator(".bn-explorer__stats output")
    for mode in ("whole", "feature"):
        explorer.locator(f"input[name='bn-mode'][value='{mode}']").check()
        for gamma in (52, 77.5, 88, 98.5, 100, 250.25):
            for beta in (0, -7.25):
                set_parameters(explorer, gamma, beta)
                expect(output).to_have_text(summary(mode, gamma, beta, "en"))


def test_the_histogram_is_a_live_svg_named_after_what_it_shows(server, page):
    explorer = open_explorer(page, server, "it")
    figure = explorer.locator("figure.bn-explorer__figure")
    chart = figure.locator("svg.bn-explorer__chart")
    expect(chart).to_be_visible()
    assert figure.locator("img").count() == 0, "the static figure is still there"
    assert chart.locator("rect.bn-chart__bar").count() == BARS
    heights = chart.locator("rect.bn-chart__bar").evaluate_all("rects => rects.map(r => r.height.baseVal.value)")
    assert min(heights) >= 0 and max(heights) > 0
    expect(page.get_by_role("img", name=chart_name("whole", 1, 0, "it"), exact=True)).to_be_visible()
    set_parameters(explorer, 2.5, -3)
    explorer.locator("input[name='bn-mode'][value='feature']").check()
    expect(page.get_by_role("img", name=chart_name("feature", 2.5, -3, "it"), exact=True)).to_be_visible()
    ticks = chart.locator(".bn-chart__tick").all_text_contents()
    assert any("\N{MINUS SIGN}" in tick for tick in ticks), ticks  # the x axis runs below 0
    assert not any("-" in tick or "." in tick for tick in ticks), ticks  # Italian notation: −2,5
    expect(figure.locator("figcaption")).to_have_text(strings.text("explorer.caption", "it"))
    assert page.console_errors == []


def test_the_slider_and_the_number_field_follow_each_other(server, page):
    explorer = open_explorer(page, server, "en")
    output = explorer.locator(".bn-explorer__stats output")
    slider, number = explorer.locator("#bn-gamma-range"), explorer.locator("#bn-gamma")
    slider.focus()
    page.keyboard.press("ArrowRight")  # one step of 0.5
    expect(number).to_have_value("1.5")
    expect(output).to_have_text(summary("whole", 1.5, 0, "en"))
    number.fill("7")
    expect(slider).to_have_value("7")
    expect(output).to_have_text(summary("whole", 7, 0, "en"))
    number.fill("120")  # beyond the slider: it stops at its end, the number rules
    expect(slider).to_have_value("100")
    expect(output).to_have_text(summary("whole", 120, 0, "en"))
    beta_slider = explorer.locator("#bn-beta-range")
    beta_slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(explorer.locator("#bn-beta")).to_have_value("-0.5")
    expect(output).to_have_text(summary("whole", 120, -0.5, "en"))
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_field_that_is_not_a_number_is_marked_and_keeps_the_last_drawing(server, page, lang):
    explorer = open_explorer(page, server, lang)
    output = explorer.locator(".bn-explorer__stats output")
    number = explorer.locator("#bn-beta")
    number.fill("4")
    expect(output).to_have_text(summary("whole", 1, 4, lang))
    number.fill("")
    expect(number).to_have_attribute("aria-invalid", "true")
    assert number.evaluate("input => input.validationMessage") == strings.text("explorer.invalid", lang)
    expect(explorer.locator("#bn-beta-invalid")).to_have_text(strings.text("explorer.invalid", lang))
    expect(number).to_have_accessible_description(strings.text("explorer.invalid", lang))
    expect(output).to_have_text(summary("whole", 1, 4, lang))
    number.press("Minus")  # "-" alone is not a number either
    expect(output).to_have_text(summary("whole", 1, 4, lang))
    assert "NaN" not in explorer.locator("svg").inner_html()
    number.press("3")
    expect(number).not_to_have_attribute("aria-invalid", "true")
    expect(output).to_have_text(summary("whole", 1, -3, lang))
    expect(explorer.locator("#bn-beta-invalid")).to_be_hidden()
    number.press("Enter")  # submitting the form must not reload the page
    expect(output).to_have_text(summary("whole", 1, -3, lang))
    assert page.console_errors == []


def test_the_batch_is_fetched_only_when_the_reader_nears_the_explorer(server, page):
    fetched = []
    page.on("request", lambda request: request.url.endswith(".f32") and fetched.append(request.url))
    page.goto(server + "transform/")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.locator("#explorer").scroll_into_view_if_needed()
    page.locator(".bn-explorer__controls").wait_for(state="visible")
    assert fetched == [server + "assets/data/batch-seed0.f32"]


def test_a_batch_of_the_wrong_size_keeps_the_static_figure_and_says_so(server, page):
    page.route("**/*.f32", lambda route: route.fulfill(status=200, body=b"\0" * 400))
    page.goto(server + "it/transform/")
    page.locator("#explorer").scroll_into_view_if_needed()
    stats = page.locator(".bn-explorer__stats")
    expect(stats).to_have_text(strings.text("explorer.error", "it"))
    expect(page.locator(".bn-explorer__figure img:visible")).to_have_count(1)  # the scheme's picture
    expect(page.locator(".bn-explorer__controls")).to_be_hidden()
    assert page.console_errors == []


def test_without_javascript_the_static_figure_shows_and_the_controls_do_not(server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "transform/")
        page.locator("#explorer").scroll_into_view_if_needed()
        image = page.locator(".bn-explorer__figure .bn-scheme--light img")  # no script: the theme's first scheme
        expect(image).to_be_visible()
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        expect(page.locator(".bn-explorer__controls")).to_be_hidden()
        expect(page.locator(".bn-explorer__stats")).to_be_hidden()
        expect(page.locator(".bn-explorer__figure figcaption")).to_contain_text("γ = 1")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "it"])
def test_axe_finds_no_violation_in_the_live_explorer(server, page, lang):
    explorer = open_explorer(page, server, lang)
    explorer.locator("#bn-gamma").fill("")  # the invalid state too
    expect(explorer.locator("#bn-gamma")).to_have_attribute("aria-invalid", "true")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(".bn-explorer", {resultTypes: ["violations"]})).violations.map(
            v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`)"""
    )
    assert violations == []


def test_the_controls_fit_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server + "it/transform/")
        page.locator("#explorer").scroll_into_view_if_needed()
        page.locator(".bn-explorer__controls").wait_for(state="visible")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for control in page.locator(".bn-explorer input, .bn-explorer svg").all():
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, control
        page.locator("#bn-gamma").fill("10")
        expect(page.locator(".bn-explorer__stats output")).to_have_text(summary("whole", 10, 0, "it"))
    finally:
        context.close()
