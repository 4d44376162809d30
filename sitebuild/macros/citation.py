"""``{{ citation() }}`` and ``{{ pdf_downloads() }}``: how to cite the site, and the explainer as PDFs.

The BibTeX entry is made from ``CITATION.cff`` (the one place the project says how to cite
it: authors, version, date), with the title and address of the page's language. Each
language's PDF is made by ``make pdf`` after the site is built (``sitebuild.pdf``).
"""

from __future__ import annotations

import html

from sitebuild import languages, pdf, strings
from sitebuild.macros.expand import Page
from sitebuild.paths import ROOT

CITATION = ROOT / "CITATION.cff"


def citation(page: Page) -> str:
    """Return the site's BibTeX entry, in the page's language, as a fenced code block."""
    import yaml

    cff = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    authors = " and ".join(_author(author) for author in cff["authors"])
    fields = {
        "title": strings.text("config.site_name", page.lang),
        "author": authors,
        "year": str(cff["date-released"])[:4],
        "version": str(cff["version"]),
        "url": page.site_url,
        "language": strings.text("site.bibtex_language", page.lang),
    }
    width = max(len(name) for name in fields)
    lines = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields.items() if value)
    return f"```bibtex\n@misc{{batchnorm-explained,\n{lines}\n}}\n```"


def pdf_downloads(page: Page) -> str:
    """Return links to the explainer's PDF in every language, each named in its own language."""
    links = []
    for alternate in languages.alternates(page.lang):
        own = pdf.file_name(alternate["lang"])
        # From this page up to its language's root, then over to the other language's root.
        href = page.url(own)[: -len(own)] + alternate["link"] + own
        label = html.escape(f"{alternate['name']} (PDF)")
        links.append(
            f'<a href="{href}" hreflang="{alternate["lang"]}" lang="{alternate["lang"]}" type="application/pdf" data-bn-pdf>{label}</a>'
        )
    return " · ".join(links)


def _author(author: dict) -> str:
    # A person is "Family, Given"; an entity (a name) is braced so BibTeX keeps it whole.
    if "name" in author:
        return "{" + author["name"] + "}"
    return f"{author['family-names']}, {author['given-names']}"
