"""The explainer as one PDF per language (``make pdf``), printed by the Chromium the tests use.

The pages of the navigation's first section (the explainer, in reading order) are printed
from the built site, served as GitHub Pages serves it, with the site's print stylesheet
(``extra.css``: no navigation, figures across the page, each link's address after it) and
joined into one PDF per language, with a bookmark per page:
``<language's folder>/pdf/batchnorm-explained-<code>.pdf`` inside the built site, which the
deploy workflow publishes and the home page links (``{{ pdf_downloads() }}``). Formulas are
typeset already (KaTeX, at build time); figures are the light SVGs, so they stay vector.

    python scripts/make_pdf.py [site]   # what `make pdf` runs, after `make site`
"""

from __future__ import annotations

import io
from pathlib import Path

from sitebuild import languages, strings

STEM = "batchnorm-explained"
PAPER = {"format": "A4", "margin": {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}}
# Every figure on the page, the light one (the print stylesheet shows it), loaded before printing.
LOAD_FIGURES = """async () => {
  const images = [...document.querySelectorAll(".bn-scheme--light img, article img:not(.bn-figure__image)")];
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
}"""


def file_name(code: str) -> str:
    """Return where language ``code``'s PDF is published, inside that language's folder of the site."""
    return f"pdf/{STEM}-{code}.pdf"


def explainer_pages() -> list[str]:
    """Return the explainer's pages in reading order (the navigation's first section), as URLs in a language's site."""
    from sitebuild import language_build

    nav = language_build.load(languages.DEFAULT, Path("site")).nav
    ((_, section),) = nav[0].items()
    sources = [entry if isinstance(entry, str) else next(iter(entry.values())) for entry in section]
    return ["" if source == "index.md" else source.rsplit(".", 1)[0] + "/" for source in sources]


def make(site: Path, codes: list[str] | None = None) -> list[Path]:
    """Print each language's explainer from the built ``site`` into its PDF; return the PDFs written.

    Raises:
        RuntimeError: If a page of the explainer does not load.
    """
    from playwright.sync_api import sync_playwright

    from sitebuild import browser, staticserver

    pages, written = explainer_pages(), []
    with staticserver.serve(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            tab = chromium.new_page(color_scheme="light")
            tab.emulate_media(media="print")
            for code in codes or languages.codes():
                root = base + languages.site_prefix(code)
                target = site / languages.site_prefix(code) / file_name(code)
                written.append(_print_language(tab, root, pages, target, code))
        finally:
            chromium.close()
    return written


def _print_language(tab, root: str, pages: list[str], target: Path, code: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for path in pages:
        response = tab.goto(root + path, wait_until="networkidle")
        if response is None or response.status != 200:
            raise RuntimeError(f"{root + path} did not load: {response.status if response else 'no response'}")
        tab.evaluate(LOAD_FIGURES)
        title = tab.locator("article h1").first.inner_text().replace("¶", "").strip()
        writer.append(PdfReader(io.BytesIO(tab.pdf(print_background=True, **PAPER))), outline_item=title)
    writer.add_metadata({"/Title": strings.text("config.site_name", code), "/Subject": strings.text("config.site_description", code)})
    writer.page_mode = "/UseOutlines"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        writer.write(file)
    return target
