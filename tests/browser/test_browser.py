"""The built site in a real headless Chromium: pages, formulas, figures, language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from helpers import AXE, CODES, page_urls, prefix

pytestmark = pytest.mark.browser

PAGES = page_urls()


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_renders_formulas_and_images_and_stays_local(server, page, code, path):
    response = page.goto(server + prefix(code) + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == code
    broken = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
    assert broken == []
    raw = page.evaluate("""[...document.querySelectorAll('.arithmatex')].filter(e => !e.querySelector('.katex')).length""")
    assert raw == 0, "a formula was left for KaTeX to render"
    # The article's text as read, without the code it shows (the translator's guide shows the delimiters).
    text = page.evaluate(
        "(() => { const a = document.querySelector('article').cloneNode(true); a.querySelectorAll('code, pre, script, style').forEach(e => e.remove()); return a.innerText; })()"
    )
    assert "\\(" not in text and "\\[" not in text and "$$" not in text
    assert page.console_errors == []
    assert page.outside_requests == []


def test_home_formulas_are_rendered_by_katex(server, page):
    page.goto(server)
    assert page.locator("article .katex").count() >= 4
    assert page.locator("article .katex-display").count() == 1


def test_notebook_shows_its_executed_figures(server, page):
    page.goto(server + "it/example/")
    figures = page.locator("article [data-mime-type='image/svg+xml'] img")
    assert figures.count() == 2
    loaded = figures.evaluate_all("imgs => imgs.map(i => [new URL(i.src).pathname, i.naturalWidth])")
    assert all(path.startswith("/it/example/output-") and path.endswith(".svg") and width > 500 for path, width in loaded)


@pytest.mark.parametrize(
    ("start", "language", "expected"),
    [
        ("", "Italiano", "it/"),
        ("example/", "Italiano", "it/example/"),
        ("it/reference/", "English", "reference/"),
        ("it/example/#the-batch", "English", "example/#the-batch"),
        ("reference-batch-norm/#batchnorm_explained.batch_norm", "Italiano", "it/reference-batch-norm/#batchnorm_explained.batch_norm"),
    ],
)
def test_the_language_switcher_keeps_the_reader_on_the_same_page_and_section(server, page, start, language, expected):
    page.goto(server + start)
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name=language, exact=True).click()
    page.wait_for_url(server + expected)
    fragment = urlsplit(expected).fragment
    if fragment:
        assert page.locator(f"[id='{fragment}']").count() >= 1
    assert page.console_errors == []


def test_clicking_a_figure_opens_it_in_the_lightbox(server, page):
    page.goto(server + "it/")
    page.locator("figure.bn-figure a.bn-lightbox").first.click()
    lightbox = page.locator(".glightbox-container .gslide.current img")
    lightbox.wait_for(state="visible")
    assert lightbox.get_attribute("src").endswith("figures/batch-histogram.svg")


@pytest.mark.parametrize(("code", "query"), [("it", "addestramento"), ("en", "training")])
def test_search_loads_its_languages_stemmer_and_finds_its_own_pages_only(server, page, code, query):
    stemmers = []
    page.on("request", lambda request: "/lunr/min/lunr." in request.url and stemmers.append(request.url))
    page.goto(server + prefix(code))
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="visible")
    paths = results.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert paths
    assert all(path.startswith("/it/") == (code == "it") for path in paths), paths
    assert any(url.endswith("lunr.it.min.js") for url in stemmers) == (code == "it")


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_accessibility_violation_in_either_colour_scheme(server, page, code, path):
    found = {}
    for scheme, material in (("light", "default"), ("dark", "slate")):
        # The automatic colour scheme follows the system's, the page does not need loading again.
        page.emulate_media(color_scheme=scheme)
        if not found:
            page.goto(server + prefix(code) + path)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(path=str(AXE))
        page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=material)
        page.evaluate(
            "document.querySelectorAll('img[loading=lazy]').forEach((image) => { if (image.getClientRects().length) image.loading = 'eager'; })"
        )
        found[scheme] = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
                v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`)"""
        )
    assert found == {"light": [], "dark": []}


@pytest.mark.parametrize(
    ("missing", "lands_on", "title"),
    [("no-such-page/", "no-such-page/", "Page not found"), ("it/no-such-page/", "it/404.html", "Pagina non trovata")],
)
def test_a_missing_address_shows_the_not_found_page_in_its_folders_language(server, page, missing, lands_on, title):
    page.goto(server + missing)
    page.wait_for_url(server + lands_on)
    assert page.locator("article h1").inner_text() == title
    assert page.evaluate("document.documentElement.lang") == ("it" if missing.startswith("it/") else "en")
    page.locator("article a").first.click()  # back to that language's home page
    page.wait_for_url(server + ("it/" if missing.startswith("it/") else ""))


@pytest.mark.parametrize("code", CODES)
def test_the_figures_page_is_a_lightbox_gallery_the_arrow_keys_move_through(server, page, code):
    page.goto(server + prefix(code) + "figures/")
    thumbnails = page.locator(".bn-gallery__item a.bn-lightbox")
    names = [urlsplit(href).path.rsplit("/", 1)[-1] for href in thumbnails.evaluate_all("links => links.map(a => a.href)")]
    assert len(names) >= 4
    thumbnails.first.click()
    current = page.locator(".glightbox-container .gslide.current img")
    current.wait_for(state="visible")
    seen = [current.get_attribute("src").rsplit("/", 1)[-1]]
    for _ in names[1:]:
        page.keyboard.press("ArrowRight")
        page.wait_for_function("src => !document.querySelector('.gslide.current img').src.endsWith(src)", arg=seen[-1])
        seen.append(page.locator(".glightbox-container .gslide.current img").get_attribute("src").rsplit("/", 1)[-1])
    assert seen == names
    description = page.locator(".glightbox-container .gslide.current .gslide-desc").inner_text()
    assert description.strip()  # the caption, in the page's language
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")
    assert page.console_errors == []
