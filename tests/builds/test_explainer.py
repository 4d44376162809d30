"""The explainer's pages: the same sections, figures, formulas and executed code in every language."""

from __future__ import annotations

import contextlib
import html
import io
import re
from pathlib import Path

import jupytext
import pytest
from helpers import CODES, ROOT, language_root, page_urls

from batchnorm_explained.locales import text as locale_text
from sitebuild.macros.expand import arguments, calls
from sitebuild.outputs import snippets

pytestmark = pytest.mark.site

PAGES = page_urls()
MARKDOWN_PAGES = [page for page in PAGES if (ROOT / "docs" / "en" / f"{page.rstrip('/') or 'index'}.md").exists()]
ARITHMATEX = re.compile(r'<(?:span|div) class="arithmatex">(.*?)</(?:span|div)>', re.DOTALL)
NOTEBOOK_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
HEADING_ID = re.compile(r'<h([23]) id="([^"]+)"')
FIGURE_SRC = re.compile(r'<img[^>]* src="((?:\.\./)*figures/[^"]+)"')
OUTPUT_BLOCK = re.compile(r'<div class="bn-output highlight"><span class="filename">[^<]*</span><pre>.*?<code>(.*?)</code>', re.DOTALL)


def page_html(site: Path, code: str, page: str) -> str:
    return (language_root(site, code) / page / "index.html").read_text(encoding="utf-8")


def structure(page: str) -> dict[str, list[str]]:
    """The parts of a built page that every translation must keep as they are."""
    return {
        "anchors": [f"h{level}#{anchor}" for level, anchor in HEADING_ID.findall(page)],
        "formulas": ARITHMATEX.findall(page),
        "figures": FIGURE_SRC.findall(page),
        "outputs": OUTPUT_BLOCK.findall(page),
    }


def test_the_explainer_covers_the_papers_sections():
    assert {
        "why/",
        "transform/",
        "backpropagation/",
        "inference/",
        "convolutions/",
        "notebook-vs-paper/",
        "results/",
        "after/",
        "glossary/",
    } <= set(MARKDOWN_PAGES)


@pytest.mark.parametrize("page", MARKDOWN_PAGES)
def test_each_translation_has_the_same_sections_figures_formulas_and_outputs(site, page):
    english = structure(page_html(site, "en", page))
    assert english["anchors"], "a page without sections"
    for code in CODES[1:]:
        translated = structure(page_html(site, code, page))
        for part in ("anchors", "formulas", "figures"):
            assert translated[part] == english[part], f"{code}/{page}: {part} differ"
        # Each example prints in the page's language: other words, the same numbers.
        assert len(translated["outputs"]) == len(english["outputs"]), f"{code}/{page}: outputs differ"
        for ours, theirs in zip(english["outputs"], translated["outputs"], strict=True):
            mine, other = printed_numbers(ours), printed_numbers(theirs)
            assert len(mine) == len(other), f"{code}/{page}: {theirs[:60]}"
            for number, translated_number in zip(mine, other, strict=True):
                # A number printed alike in both (a tensor, a list, as Python prints it) is the same.
                assert translated_number == number or as_python(translated_number, code) == as_python(number, "en"), (
                    number,
                    translated_number,
                )


NUMBER = re.compile(r"[−+-]?\d+(?:[.,]\d+)*(?:e[+−-]\d+)?")


def printed_numbers(output: str) -> list[str]:
    """The numbers an example printed, as written."""
    return NUMBER.findall(html.unescape(re.sub(r"<[^>]+>", "", output)))


def as_python(number: str, code: str) -> str:
    """A number as Python writes it: 0,207 and 30.720 in Italian are 0.207 and 30720."""
    number = number.replace("−", "-")
    if locale_text("decimal_separator", code) == ",":
        return number.replace(".", "").replace(",", ".")
    return number.replace(",", "")


def test_the_notebook_has_the_same_formulas_in_every_language():
    def formulas(code: str) -> list[str]:
        cells = jupytext.read(ROOT / "docs" / code / "example.py").cells
        text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
        return [display or inline for display, inline in NOTEBOOK_MATH.findall(text)]

    assert formulas("en")
    for code in CODES[1:]:
        assert formulas(code) == formulas("en"), code


def snippet_output(name: str, code: str = "en") -> str:
    """Run a snippet (a language's twin) here, in the test's process, as a reader would run it."""
    printed = io.StringIO()
    path = snippets.path(name, code)
    with contextlib.redirect_stdout(printed):
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), {"__name__": "__main__"})
    return printed.getvalue().rstrip("\n")


def used_snippets() -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for page in MARKDOWN_PAGES:
        source = (ROOT / "docs" / "en" / f"{page.rstrip('/') or 'index'}.md").read_text(encoding="utf-8")
        for call in calls(source):  # outside code: a guide may show the syntax
            if call.name == "run":
                uses.setdefault(arguments(call)[0], []).append(page)
    return uses


def test_every_snippet_is_shown_on_some_page():
    shown = set(used_snippets())
    assert shown, "no page runs a snippet"
    assert sorted(path.stem for path in (ROOT / "docs" / "snippets").glob("*.py")) == sorted(shown)


@pytest.mark.parametrize("name", sorted(used_snippets()))
def test_pages_show_each_snippets_code_and_the_output_the_build_computed(site, name):
    for page in used_snippets()[name]:
        for code_lang in CODES:
            # Each language's pages show its twin (docs/snippets/<lang>/<name>.py), without its record line.
            code = snippets.displayed(snippets.path(name, code_lang).read_text(encoding="utf-8"))
            expected = snippet_output(name, code_lang)
            assert expected, f"{name} prints nothing"
            built = page_html(site, code_lang, page)
            assert f'<span class="filename">{name}.py</span>' in built
            outputs = [html.unescape(re.sub(r"<[^>]+>", "", block)).rstrip("\n") for block in OUTPUT_BLOCK.findall(built)]
            assert expected in outputs, f"{code_lang}/{page}"
            text = html.unescape(re.sub(r"<[^>]+>", "", built))
            assert all(line in text for line in code.splitlines()), f"{code_lang}/{page}: the snippet's code"
            assert "translation_of" not in text
            assert 'class="admonition info bn-example-notice"' not in built  # every example is translated


def page_text(site: Path, code: str, page: str) -> str:
    """The text of a page's article as a reader sees it (tags dropped, entities decoded)."""
    article = re.search(r"<article[^>]*>(.*)</article>", page_html(site, code, page), re.DOTALL).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


# The numbers of PAPER_NOTES.md a reader must find, on the page that discusses them, written
# the way each language writes numbers. Each entry: (page, English pattern, Italian pattern).
KEY_NUMBERS = [
    ("", r"14 times fewer", r"14 volte"),
    ("results/", r"14 times fewer", r"14 volte"),
    ("results/", r"4\.9% on the validation", r"4,9% sul validation"),
    ("results/", r"4\.82% on the test", r"4,82% sul server di test"),
    ("results/", r"Inception \| 31\.0·10⁶ \| 72\.2%", r"Inception \| 31,0·10⁶ \| 72,2%"),
    ("results/", r"BN-x5 \(learning rate 0\.0075\) \| 2\.1·10⁶ \| 73\.0%", r"BN-x5 \(learning rate 0,0075\) \| 2,1·10⁶ \| 73,0%"),
    ("results/", r"50,000 training steps with 60 examples per mini-batch", r"50\.000 passi di addestramento con 60 esempi per mini-batch"),
    ("results/", r"15th, 50th and 85th percentiles", r"15°, il 50° e l'85° percentile"),
]


@pytest.mark.parametrize(("page", "english", "italian"), KEY_NUMBERS)
def test_the_papers_key_numbers_are_on_their_page_in_both_languages(site, page, english, italian):
    for code, pattern in (("en", english), ("it", italian)):
        text = page_text(site, code, page)
        # Table cells read as "a | b | c", as they do in the Markdown source.
        rows = re.findall(r"<tr>(.*?)</tr>", page_html(site, code, page), re.DOTALL)
        cells = [
            " | ".join(
                " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
                for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL)
            )
            for row in rows
        ]
        assert re.search(pattern, text + "\n" + "\n".join(cells)), f"{code}/{page}: {pattern}"


def test_the_population_variance_carries_the_m_over_m_minus_1_factor_in_both_languages(site):
    for code in CODES:
        formulas = structure(page_html(site, code, "inference/"))["formulas"]
        assert any(r"\frac{m}{m-1}" in formula.replace(" ", "") for formula in formulas), code
