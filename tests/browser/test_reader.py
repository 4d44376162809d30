"""The site as a reader meets it, in both languages and both colour schemes (issue 15).

The colour scheme toggle and the figures that follow it, figures a phone can read, the
navigation in sections, "Edit this page", the repository, the citation, the PDFs, link
previews and printing.
"""

from __future__ import annotations

import os
from urllib.parse import urljoin

import pytest
from helpers import CODES, REPO_URL, load_config, nav_pages, page_urls, prefix
from playwright.sync_api import expect

from sitebuild import languages, strings
from sitebuild.macros.figure import NARROW_MEDIA
from sitebuild.outputs.figures import MIN_TEXT_PX

pytestmark = pytest.mark.browser

SITE_URL = os.environ.get("SITE_URL") or load_config()["site_url"]
SCHEMES = {"light": "default", "dark": "slate"}  # the system's preference, and Material's scheme for it
PHONE = {"width": 360, "height": 780}
PALETTE = "[data-md-component=palette] label:not([hidden])"
FIGURE_TEXT = """async () => {
  // The smallest text of every figure on screen, in CSS pixels as rendered: an image's SVG is
  // fetched and its text sizes scaled by the image's width on the page; the explorer's chart
  // is measured where it is drawn.
  const shown = [...document.querySelectorAll("article img")].filter((image) => image.getClientRects().length > 0);
  for (const image of shown) image.loading = "eager";
  await Promise.all(shown.map((image) => image.decode().catch(() => null)));
  const found = [];
  for (const image of shown.filter((image) => image.currentSrc.endsWith(".svg"))) {
    const svg = new DOMParser().parseFromString(await (await fetch(image.currentSrc)).text(), "image/svg+xml").documentElement;
    const scale = image.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    // A mathtext label is a text of tspans, each with its own size (a subscript smaller).
    const styled = [...svg.querySelectorAll("text, tspan")].map((text) => /font-size:\\s*([\\d.]+)px/.exec(text.getAttribute("style") || ""));
    const sizes = styled.filter(Boolean).map((match) => parseFloat(match[1]));
    found.push({ figure: image.currentSrc, texts: sizes.length, smallest: Math.min(...sizes) * scale });
  }
  for (const chart of document.querySelectorAll("svg.bn-explorer__chart")) {
    const scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
    const sizes = [...chart.querySelectorAll("text")].map((text) => parseFloat(getComputedStyle(text).fontSize));
    found.push({ figure: "explorer", texts: sizes.length, smallest: Math.min(...sizes) * scale });
  }
  return found;
}"""


@pytest.fixture
def reader(browser):
    """Opens a page as a reader whose system prefers ``scheme``, on a desktop or a phone; collects errors."""
    contexts = []

    def open_page(url: str, scheme: str = "light", viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.figure_requests = []
        page.on("request", lambda request: "/figures/" in request.url and page.figure_requests.append(request.url.rsplit("/", 1)[-1]))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for context in contexts:
        context.close()


def scheme_of(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


def visible_figures(page) -> list[str]:
    """The file each registry figure on screen shows (its light or dark, wide or narrow variant)."""
    # Shown ones only: a hidden picture's lazy image must stay unloaded.
    page.evaluate("document.querySelectorAll('.bn-figure__image').forEach((i) => { if (i.getClientRects().length) i.loading = 'eager'; })")
    page.wait_for_function(
        "[...document.querySelectorAll('.bn-figure__image')].filter((i) => i.getClientRects().length).every((i) => i.complete)"
    )
    return page.evaluate(
        "[...document.querySelectorAll('.bn-figure__image')].filter((i) => i.getClientRects().length).map((i) => i.currentSrc.split('/').pop())"
    )


@pytest.mark.parametrize("code", CODES)
def test_the_colour_scheme_toggle_has_three_states_in_the_pages_language_and_is_remembered(server, reader, code):
    labels = [strings.text(f"palette.{state}", code) for state in ("auto", "light", "dark")]
    page = reader(server + prefix(code), "light")
    toggle = page.locator(PALETTE)
    expect(toggle).to_have_attribute("title", labels[0])  # first visit: the system's scheme
    assert scheme_of(page) == "default"
    for label, scheme in (
        (labels[1], "default"),
        (labels[2], "slate"),
        (labels[0], "default"),
        (labels[1], "default"),
        (labels[2], "slate"),
    ):
        toggle.click()
        expect(toggle).to_have_attribute("title", label)
        assert scheme_of(page) == scheme
    assert all(name.endswith("-dark.svg") for name in visible_figures(page)), "the figures follow the toggle"
    page.reload()
    assert scheme_of(page) == "slate"  # remembered
    other = next(other for other in CODES if other != code)
    page.goto(server + prefix(other))  # and across languages
    assert scheme_of(page) == "slate"
    expect(page.locator(PALETTE)).to_have_attribute("title", strings.text("palette.dark", other))
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("code", CODES)
def test_the_page_shows_and_loads_only_the_figures_of_its_colour_scheme(server, reader, code, scheme):
    page = reader(server + prefix(code) + "figures/", scheme)
    assert scheme_of(page) == SCHEMES[scheme]  # automatic: the system's preference
    for _ in range(20):  # a reader scrolling to the end: every figure on the way loads
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    requested = [name for name in page.figure_requests if name.endswith(".svg")]
    shown = visible_figures(page)
    assert len(requested) >= 4
    assert len(shown) >= 4 and all(name.endswith("-dark.svg") == (scheme == "dark") for name in shown), shown
    assert all(name.endswith("-dark.svg") == (scheme == "dark") for name in requested), requested  # the other never loads
    assert not any("-narrow" in name for name in shown)  # a desktop's column takes the wide figures
    downloads = page.locator(".bn-gallery__facts a[download]:visible")
    names = downloads.evaluate_all("links => links.map((link) => link.getAttribute('download'))")
    assert names and all(name.endswith(f"-{code}-dark.png" if scheme == "dark" else f"-{code}.png") for name in names[::2]), names
    page.locator(".bn-gallery__item a.bn-lightbox").first.click()
    slide = page.locator(".glightbox-container .gslide.current img")
    slide.wait_for(state="visible")
    assert slide.get_attribute("src").endswith("-dark.svg") == (scheme == "dark")
    assert page.console_errors == []


@pytest.mark.parametrize("code", CODES)
def test_the_explorer_follows_the_colour_scheme(server, reader, code):
    page = reader(server + prefix(code) + "transform/", "dark")
    page.locator("#explorer").scroll_into_view_if_needed()
    bar = page.locator(".bn-explorer__chart .bn-chart__bar").first
    bar.wait_for(state="attached")
    fill = "el => getComputedStyle(el).fill"
    dark = bar.evaluate(fill)
    assert dark == "rgb(90, 169, 230)"  # the dark figures' first colour
    page.locator(PALETTE).click()  # automatic → light
    assert scheme_of(page) == "default"
    assert bar.evaluate(fill) != dark
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("code", CODES)
def test_at_360_px_figure_text_is_at_least_9_px_and_nothing_overflows(server, reader, code, scheme):
    page = reader(server + prefix(code), scheme, PHONE)
    measured = set()
    for url in page_urls():
        page.goto(server + prefix(code) + url)
        page.wait_for_load_state("networkidle")
        if page.locator(".bn-explorer").count():  # the live chart replaces the figure once near
            page.locator("#explorer").scroll_into_view_if_needed()
            page.locator("svg.bn-explorer__chart").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url}: {overflow} px wider than the screen"
        for figure in page.evaluate(FIGURE_TEXT):
            assert figure["texts"] > 0, figure
            assert figure["smallest"] >= MIN_TEXT_PX, f"{url}: {figure}"
            measured.add(figure["figure"].rsplit("/", 1)[-1])
        shown = visible_figures(page)
        assert all("-narrow" in name and name.endswith("-dark.svg") == (scheme == "dark") for name in shown), (url, shown)
    assert {"batch-histogram-narrow", "gamma-beta-sweep-narrow", "figure-1-narrow", "explorer"} <= {
        name.removesuffix(".svg").removesuffix("-dark") for name in measured
    }
    assert any(name.startswith("output-") for name in measured)  # the notebook's figures too
    assert page.evaluate(f"matchMedia({NARROW_MEDIA!r}).matches")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("code", CODES)
def test_the_navigation_the_edit_link_the_citation_and_the_previews(server, reader, code, scheme):
    page = reader(server + prefix(code), scheme)
    # Three sections, in mkdocs.yml's order, titled in the page's language; the site's name once.
    sections = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item--section")
    titles = [title.strip() for title in sections.locator(":scope > label, :scope > .md-nav__link").all_inner_texts()]
    assert titles == [strings.text(f"nav.{key}", code) for key in ("explainer", "hands_on", "about")]
    links = page.locator(".md-nav--primary .md-nav__item--section a.md-nav__link").evaluate_all("links => links.map((a) => a.href)")
    expected = [server + prefix(code) + url for url in page_urls()]
    assert list(dict.fromkeys(link.split("#")[0] for link in links)) == expected  # the page's own sections link it again
    labels = page.locator(".md-nav--primary .md-nav__link").all_inner_texts()
    assert sum(label.strip() == strings.text("config.site_name", code) for label in labels) <= 1
    assert strings.text("nav.home", code) in [label.strip() for label in labels]
    # The repository in the header, and the page's source to edit.
    expect(page.locator(".md-header a.md-source")).to_have_attribute("href", REPO_URL)
    edit = page.locator("a[rel=edit]")
    expect(edit).to_have_text(strings.text("site.edit", code))
    expect(edit).to_have_attribute("href", f"{REPO_URL}/edit/main/docs/{code}/index.md")
    # The citation, the PDFs, the link previews.
    expect(page.locator("#cite-this-site + p + .highlight code")).to_contain_text(
        f"title    = {{{strings.text('config.site_name', code)}}}"
    )
    pdfs = page.locator("a[data-bn-pdf]").evaluate_all("links => links.map((a) => a.href)")
    assert pdfs == [urljoin(server, languages.site_prefix(other) + f"pdf/batchnorm-explained-{other}.pdf") for other in CODES]
    previews = dict(
        page.locator("meta[property^='og:'], meta[name^='twitter:']").evaluate_all(
            "tags => tags.map((tag) => [tag.getAttribute('property') || tag.getAttribute('name'), tag.content])"
        )
    )
    assert previews["og:locale"] == strings.text("site.locale", code)
    assert previews["og:image"].endswith(f"{languages.site_prefix(code)}figures/batch-histogram.png")
    assert previews["twitter:card"] == "summary_large_image"
    page.goto(server + prefix(code) + "why/")
    expect(page.locator("a[rel=edit]")).to_have_attribute("href", f"{REPO_URL}/edit/main/docs/{code}/{nav_pages()[1]}")
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("code", CODES)
def test_printing_shows_the_content_alone_with_light_figures_and_where_links_lead(server, reader, code, scheme):
    page = reader(server + prefix(code) + "transform/", scheme)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", "a[rel=edit]"):
        expect(page.locator(chrome).first).to_be_hidden()
    published = SITE_URL + languages.site_prefix(code)  # links name the published site, not this server
    expect(page.locator(".bn-print-only")).to_have_text(strings.text("site.print_source", code, url=published + "transform/"))
    link = page.locator("article p a[data-bn-href]").first
    target = urljoin(published + "transform/", link.get_attribute("href"))
    assert link.get_attribute("data-bn-href") == target
    assert link.evaluate("a => getComputedStyle(a, '::after').content") == f'" ({target})"'
    expect(page.locator(".bn-explorer__controls")).to_be_hidden()
    shown = page.locator(".bn-figure .bn-figure__image:visible")
    assert shown.count() >= 1
    assert not any(name.endswith("-dark.svg") for name in shown.evaluate_all("images => images.map((i) => i.getAttribute('src'))"))
    width = page.evaluate(
        "[document.querySelector('.bn-figure .bn-figure__image:not([hidden])').closest('figure').getBoundingClientRect().width, document.querySelector('article').getBoundingClientRect().width]"
    )
    assert width[0] >= 0.95 * width[1]  # figures across the page
