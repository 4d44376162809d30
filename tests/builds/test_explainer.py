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
EXERCISE = re.compile(r'<details class="(question|success)"')
# The pages that explain something, in reading order: each ends with its exercises.
EXPLAINER_PAGES = [
    "why/",
    "transform/",
    "backpropagation/",
    "inference/",
    "convolutions/",
    "notebook-vs-paper/",
    "results/",
    "figure-1/",
    "why-it-works/",
    "normalization-family/",
    "in-practice/",
]


def page_html(site: Path, code: str, page: str) -> str:
    return (language_root(site, code) / page / "index.html").read_text(encoding="utf-8")


def structure(page: str) -> dict[str, list[str]]:
    """The parts of a built page that every translation must keep as they are."""
    return {
        "anchors": [f"h{level}#{anchor}" for level, anchor in HEADING_ID.findall(page)],
        "formulas": ARITHMATEX.findall(page),
        "figures": FIGURE_SRC.findall(page),
        "outputs": OUTPUT_BLOCK.findall(page),
        "exercises": EXERCISE.findall(page),
    }


def test_the_explainer_covers_the_papers_sections_and_what_came_after():
    assert {*EXPLAINER_PAGES, "after/", "glossary/"} <= set(MARKDOWN_PAGES)


@pytest.mark.parametrize("page", EXPLAINER_PAGES)
def test_each_explainer_page_ends_with_two_to_four_exercises_with_folded_solutions(site, page):
    for code in CODES:
        built = page_html(site, code, page)
        assert HEADING_ID.findall(built)[-1] == ("2", "exercises"), f"{code}/{page}: the exercises are not the last section"
        exercises = built[built.index('id="exercises"') :]
        # Each exercise is open (the question), and holds one closed solution.
        assert 2 <= exercises.count('<details class="question" open="open">') <= 4, f"{code}/{page}"
        assert EXERCISE.findall(exercises) == ["question", "success"] * (len(EXERCISE.findall(exercises)) // 2), f"{code}/{page}"
        assert '<details class="success" open' not in exercises, f"{code}/{page}: a solution is unfolded"


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
    # The later papers' numbers, on the pages that cite them.
    ("normalization-family/", r"24\.1%, close to batch normalization's 23\.6%", r"24,1%, vicino al 23,6%"),
    ("normalization-family/", r"rises to 34\.7%", r"sale al 34,7%"),
    ("normalization-family/", r"10\.6 percentage points lower", r"10,6 punti percentuali"),
    ("normalization-family/", r"by 7% to 64%", r"tra il 7% e il 64%"),
    ("in-practice/", r"77\.42% test accuracy without Dropout and 68\.55%", r"77,42% senza dropout e il 68,55%"),
    ("in-practice/", r"8,192 images per step", r"8\.192 immagini per passo"),
    ("results/", r"a speed-up of 2\.3", r"un'accelerazione di 2,3"),
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


def output_of(site: Path, code: str, page: str, name: str) -> str:
    """What snippet ``name`` printed on ``page``: the output block that follows its code."""
    built = page_html(site, code, page)
    after = built[built.index(f'<span class="filename">{name}.py</span>') :]
    return html.unescape(re.sub(r"<[^>]+>", "", OUTPUT_BLOCK.search(after).group(1)))


def numbers(text: str, code: str) -> list[float]:
    """The numbers of an example's output in language ``code``: 1,2e−07 and −0,88 in Italian, 1.2e−07 in English."""
    return [float(as_python(number, code)) for number in NUMBER.findall(text)]


def test_the_learning_rate_experiment_the_page_describes_is_the_one_the_build_ran(site):
    from sitebuild.outputs import experiments

    without_bn, with_bn = experiments.learning_rate_sweeps()  # cached by the build
    factor = with_bn.largest_trainable / without_bn.largest_trainable
    assert factor > 3  # "30 times larger": on this grid, more than one step of the grid apart
    assert f"learning rates {factor:g} times larger" in page_text(site, "en", "why-it-works/")
    assert f"tassi di apprendimento {factor:g} volte più alti" in page_text(site, "it", "why-it-works/")
    # Both sweeps fail at the top of the grid, as the page says.
    assert not without_bn.trains[-1] and not with_bn.trains[-1]


@pytest.mark.parametrize("code", CODES)
def test_the_folded_layer_matches_the_two_layers_to_float32_rounding_on_the_page(site, code):
    printed = output_of(site, code, "in-practice/", "practice_fold")
    size, to_layers, to_torch = (numbers(line, code)[-1] for line in printed.splitlines()[:3])
    assert size > 1 and to_layers < 1e-5 * size and to_torch < 1e-5 * size


@pytest.mark.parametrize("code", CODES)
def test_what_the_pages_say_of_their_snippets_outputs_holds(site, code):
    # Each claim of the prose about a snippet's output, checked on the output the page shows.
    effective = [
        numbers(line, code)[-1] for line in output_of(site, code, "why-it-works/", "works_effective_lr").splitlines() if "lr/" in line
    ]
    start, no_decay, decay = effective[0], effective[1:5], effective[5:]
    assert no_decay == sorted(no_decay, reverse=True) and start / no_decay[-1] > 3  # "falls several times over"
    assert abs(decay[-1] - decay[-2]) < 0.02  # "the length settles, and the effective learning rate with it"
    predicted = numbers(output_of(site, code, "why-it-works/", "exercise_works_equilibrium").splitlines()[1], code)
    assert abs(predicted[0] - 1.19) < 0.03 and abs(predicted[-1] - decay[-1]) < 0.01  # "the prediction matches"

    tuned = output_of(site, code, "in-practice/", "practice_fine_tuning").splitlines()
    on_a, before = numbers(tuned[0], code)[-2:]
    after_tuning = numbers(tuned[1], code)[1]
    recomputed = numbers(tuned[3], code)[-1]
    assert before < after_tuning < on_a - 5 and recomputed == on_a  # "better but still far"; "back to the level on A"
    assert {"en": "running_mean unchanged: True", "it": "running_mean invariata: True"}[code] in tuned[2]

    # Each line: "class 0 <mean>, class 1 <mean>", shuffled then sorted, in training then at inference.
    means = [numbers(line, code)[1::2] for line in output_of(site, code, "in-practice/", "practice_sorted_batches").splitlines()]
    assert means[2] == [0.0, 0.0]  # sorted: the feature no longer tells the classes apart in training
    assert means[3][1] > 1.5 * means[1][1]  # at inference it does, on another scale

    # "largest |block(x) − x|", "‖∂ℓ/∂γ‖" and the first convolution's gradient, with γ = 0.
    identity, gamma_gradient, inner_gradient = numbers(output_of(site, code, "in-practice/", "practice_zero_gamma").splitlines()[1], code)
    assert identity == 0.0 and gamma_gradient > 0 and inner_gradient == 0.0

    spreads = numbers(output_of(site, code, "figure-1/", "exercise_figure1_signal").splitlines()[0], code)
    assert round(spreads[1], 1) == 0.2 and spreads[3] < 0.02  # "about 0.2", then "barely depend on the image"
