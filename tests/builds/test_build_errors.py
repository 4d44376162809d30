"""A page, an example or a formula that is wrong fails the build, naming the file and the line."""

from __future__ import annotations

import html
import re

import jupytext
import pytest
from helpers import build_english_with, build_over_previous_site, build_site, copy_project, line_of, previous_site_untouched


def test_a_failing_example_fails_the_build_naming_file_and_cell_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "it" / "example.py").open("a", encoding="utf-8") as notebook:
        notebook.write('\n# %%\nx = 1\nraise RuntimeError("esempio rotto")\n')
    result = build_over_previous_site(project, tmp_path / "site")

    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = line_of(project / "docs" / "it" / "example.py", "x = 1")
    cells = len(jupytext.read(project / "docs" / "it" / "example.py").cells)
    assert f"[notebooks] ERROR   -  docs/it/example.py: cell {cells} (line {line}) raised RuntimeError: esempio rotto" in output
    assert '[notebooks]     raise RuntimeError("esempio rotto")' in output  # the failing cell's source
    assert "Build failed in notebooks" in output
    assert previous_site_untouched(tmp_path / "site")


def test_a_failing_snippet_fails_the_build_naming_the_page_line_and_snippet_line_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "snippets" / "broken.py").write_text('x = 1\nraise ValueError("frammento rotto")\n', encoding="utf-8")
    with (project / "docs" / "it" / "index.md").open("a", encoding="utf-8") as page:
        page.write('\n{{ run("broken") }}\n')
    result = build_over_previous_site(project, tmp_path / "site")

    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = line_of(project / "docs" / "it" / "index.md", '{{ run("broken") }}')
    assert f'docs/it/index.md:{line}: {{{{ run("broken") }}}}: docs/snippets/broken.py, line 2 raised ValueError: frammento rotto' in output
    assert 'raise ValueError("frammento rotto")' in output
    assert previous_site_untouched(tmp_path / "site")


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ('{{ figure("no-such-figure") }}', "unknown figure 'no-such-figure'"),
        ('{{ run("no_such_snippet") }}', "unknown snippet 'no_such_snippet'"),
        (
            "{{ figure_galery() }}",
            "unknown macro 'figure_galery'; the macros are api, benchmark_results, citation, explorer, figure, figure_gallery, glossary, pdf_downloads, playground, run, translation_status",
        ),
        ("{{ figure(batch_histogram) }}", 'arguments must be Python literals, such as "name", got (batch_histogram)'),
        ('{{ benchmark_results("everything") }}', "unknown benchmark part 'everything'"),
        ('{{ explorer("now") }}', "too many positional arguments"),
    ],
)
def test_a_wrong_macro_call_fails_the_build_naming_file_line_and_call(tmp_path, addition, message):
    output = build_english_with(tmp_path, "why.md", f"Some text.\n\n{addition}")
    line = line_of(tmp_path / "project" / "docs" / "en" / "why.md", addition)
    assert f"ERROR   -  docs/en/why.md:{line}: {addition}: {message}" in output


def test_a_macro_call_a_page_shows_as_code_is_left_as_it_is(tmp_path):
    # A guide shows the syntax in code; only calls in the page's text are expanded.
    shown = '`{{ figure_galery() }}` and\n\n```\n{{ run("anything") }}\n```\n\n<code>{{ nothing(&quot;x&quot;) }}</code>'
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "en" / "why.md").open("a", encoding="utf-8") as file:
        file.write(f"\n{shown}\n")
    result = build_site(project, tmp_path / "out", "--language", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    text = html.unescape(re.sub(r"<[^>]+>", "", (tmp_path / "out" / "why" / "index.html").read_text(encoding="utf-8")))
    assert "{{ figure_galery() }} and" in text and '{{ run("anything") }}' in text and '{{ nothing("x") }}' in text


def test_broken_links_fail_the_build_naming_the_page_and_the_line(tmp_path):
    output = build_english_with(tmp_path, "why.md", "A [broken link](no-such-page.md).\n\nAn [anchor](transform.md#no-such-anchor).")
    page = tmp_path / "project" / "docs" / "en" / "why.md"
    link, anchor = line_of(page, "no-such-page.md"), line_of(page, "no-such-anchor")
    assert f"docs/en/why.md:{link}: Doc file 'why.md' contains a link 'no-such-page.md', but the target is not found" in output
    assert f"docs/en/why.md:{anchor}: Doc file 'why.md' contains a link 'transform.md#no-such-anchor', but the doc" in output


def test_an_invalid_formula_fails_the_build_naming_the_page_and_the_line(tmp_path):
    output = build_english_with(tmp_path, "why.md", "A broken formula: \\(\\frac{1}\\).")
    line = line_of(tmp_path / "project" / "docs" / "en" / "why.md", "A broken formula")
    assert re.search(rf"docs/en/why\.md:{line}: KaTeX parse error: .* in inline formula '\\\\frac\{{1\}}'", output)


def test_a_page_holding_what_a_page_may_not_fails_the_build_naming_every_line_and_runs_nothing(tmp_path):
    # The bad cases of a translator's pull request, all in one page: the build names each.
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside.py"  # a Python file that a page names: it must never run
    outside.write_text(
        "from pathlib import Path\nPath(__file__).with_name('ran').write_text('it ran')\nprint('secret')\n", encoding="utf-8"
    )
    cases = [
        '{{ run("../../../outside") }}',
        '{{ run("../it/example") }}',
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://example.com/embed"></iframe>',
        '<img src="https://example.com/x.png" alt="x">',
        '<p onmouseover="alert(1)">x</p>',
        "{{ figure_galery() }}",
        "{{ figure_gallery }}",
        "An unclosed $$ x^2 + y",
    ]
    page = project / "docs" / "it" / "why.md"
    source = page.read_text(encoding="utf-8").replace("description:", "title: [unclosed\ndescription:", 1)
    page.write_text(source + "\n" + "\n\n".join(cases) + "\n", encoding="utf-8")
    result = build_over_previous_site(project, tmp_path / "site")

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/it/why.md:{line_of(page, 'title: [unclosed')}: the front matter is not valid YAML" in output
    for case in cases:
        assert f"docs/it/why.md:{line_of(page, case)}: " in output, case
    assert not (tmp_path / "ran").exists() and "secret" not in output
    assert not list(tmp_path.rglob("outside.json")) and not list(tmp_path.rglob("example.json"))
    assert previous_site_untouched(tmp_path / "site")


def test_a_macro_added_to_the_table_can_be_called_from_any_page(tmp_path):
    # Adding a macro touches one place: the table. Here a function written in the table itself.
    project = copy_project(tmp_path / "project")
    table = project / "sitebuild" / "macros" / "__init__.py"
    source = table.read_text(encoding="utf-8")
    table.write_text(
        source.replace("MACROS = {\n", 'MACROS = {\n    "shout": lambda page, word: f"{word.upper()} ({page.lang})",\n', 1),
        encoding="utf-8",
    )
    with (project / "docs" / "en" / "why.md").open("a", encoding="utf-8") as file:
        file.write('\n{{ shout("hello") }}\n')
    result = build_site(project, tmp_path / "out", "--language", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<p>HELLO (en)</p>" in (tmp_path / "out" / "why" / "index.html").read_text(encoding="utf-8")
