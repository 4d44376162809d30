"""`make pdf`: the explainer of each language as one PDF, in reading order, with its figures and formulas."""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from helpers import CODES, ROOT, language_root, run

from batchnorm_explained import text
from sitebuild import pdf, strings

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def printed(site, tmp_path_factory):
    """A copy of the built site, with the PDFs `make pdf` prints into it."""
    copy = shutil.copytree(site, tmp_path_factory.mktemp("pdf") / "site")
    result = run([sys.executable, "scripts/make_pdf.py", str(copy)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""  # nothing went wrong on the way, not even a dropped connection
    return copy


def titles(site, code: str) -> list[str]:
    found = []
    for url in pdf.explainer_pages():
        html = (language_root(site, code) / url / "index.html").read_text(encoding="utf-8")
        found.append(re.sub(r"<[^>]+>|¶", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1)).strip())
    return found


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_the_whole_explainer_in_reading_order(printed, code):
    from pypdf import PdfReader

    reader = PdfReader(language_root(printed, code) / pdf.file_name(code))
    chapters = titles(printed, code)
    assert len(chapters) == len(pdf.explainer_pages()) == 14  # the explainer section of mkdocs.yml's nav
    assert [item.title for item in reader.outline] == chapters  # one bookmark per page, in the navigation's order
    assert len(reader.pages) >= 2 * len(chapters)
    assert reader.metadata.title == strings.text("config.site_name", code)
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert starts == sorted(starts) and starts[0] == 0
    text_of = [page.extract_text() for page in reader.pages]
    for chapter, start in zip(chapters, starts, strict=True):
        assert chapter.split()[0] in text_of[start], chapter
    whole = "\n".join(text_of)
    # The figures are the SVGs, vector text and all: Figure 1's axis label is in the PDF as text.
    assert text("figure1.steps", code) in whole
    assert text("figure1.accuracy_title", code) in whole
    assert strings.text("site.print_source", code, url="").strip() in whole  # each page says where it lives
    assert "\\(" not in whole and "$$" not in whole  # formulas typeset, not TeX


def test_the_pdfs_are_the_files_the_home_page_links(printed):
    for code in CODES:
        home = (language_root(printed, code) / "index.html").read_text(encoding="utf-8")
        for other in CODES:
            assert pdf.file_name(other) in home
        assert (language_root(printed, code) / pdf.file_name(code)).read_bytes()[:5] == b"%PDF-"
    result = run([sys.executable, "scripts/check_links.py", str(printed)], ROOT)
    assert result.returncode == 0, result.stdout
