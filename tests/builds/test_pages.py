"""What a page may hold: each bad case of a translator's pull request is refused, naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CODES, ROOT

from sitebuild import languages, pages, translations

BAD_LINES = [
    # (a line of a page, what the problem message says)
    ("Text $$ x^2 + y", "`$$` opens a formula that is not closed by `$$` in its paragraph"),
    ("An inline \\( x^2 + y", "`\\(` opens a formula that is not closed by `\\)` in its paragraph"),
    ("\\[ x^2", "`\\[` opens a formula that is not closed by `\\]` in its paragraph"),
    ("<script>alert(1)</script>", "`<script>` is not HTML a page may use (it runs code or loads another document)"),
    ('<a href="javascript:alert(1)">x</a>', "`<a href>` leads to `javascript:alert(1)`"),
    ('<a href="java&#115;cript:alert(1)">x</a>', "never `javascript:`"),
    ('<a href=" JaVa\tScRiPt:alert(1)">x</a>', "never `JaVaScRiPt:`"),
    ('<iframe src="https://example.com/embed"></iframe>', "`<iframe>` is not HTML a page may use"),
    ('<object data="x.swf"></object>', "`<object>` is not HTML a page may use"),
    ('<embed src="x.swf">', "`<embed>` is not HTML a page may use"),
    ('<img src="https://example.com/x.png" alt="x">', "`<img src>` must be a file of the site, not `https://example.com/x.png`"),
    ('<img src="//example.com/x.png" alt="x">', "`<img src>` must be a file of the site"),
    ('<img src="data:image/png;base64,AAAA" alt="x">', "`<img src>` must be a file of the site, not `data:image/png;base64,AAAA`"),
    ('<img src="x.png" srcset="https://example.com/x2.png 2x" alt="x">', "`srcset` is not an attribute a page may give `<img>`"),
    ('<link rel="stylesheet" href="https://example.com/x.css">', "`<link>` is not HTML a page may use (it loads or styles something)"),
    ("<style>p { background: url(https://example.com/x.png) }</style>", "`<style>` is not HTML a page may use"),
    ('<span style="background: url(https://example.com/x.png)">x</span>', "`style` is not an attribute a page may give `<span>`"),
    ('<p onclick="alert(1)">x</p>', "`onclick` on `<p>` is an event handler: it runs code"),
    ('<img src="x.png" alt="x" onerror="alert(1)">', "`onerror` on `<img>` is an event handler"),
    ("<pre><script>alert(1)</script></pre>", "`<script>` is not HTML a page may use"),
    ("<svg><script>alert(1)</script></svg>", "`<svg>` is not HTML a page may use"),
    ("[a link](javascript:alert(1))", "a Markdown link leads to `javascript:alert(1`"),
    ("![an image](https://example.com/x.png)", "a Markdown image must be a file of the site, not `https://example.com/x.png`"),
    ("[ref]: javascript:alert(1)", "a link reference leads to `javascript:alert(1)`"),
    ('A paragraph { onclick="alert(1)" }', '`onclick` in `{ onclick="alert(1)" }` is an event handler'),
    ('[x](why.md){ href="javascript:alert(1)" }', '`href` in `{ href="javascript:alert(1)" }` is not an attribute a page may set'),
    (
        "{{ figure_galery() }}",
        "{{ figure_galery() }}: unknown macro 'figure_galery'; the macros are api, benchmark_results, citation, explorer",
    ),
    ('{{ run("../../../outside") }}', "{{ run(\"../../../outside\") }}: unknown snippet '../../../outside'; the snippets are"),
    ('{{ run("../it/example") }}', "unknown snippet '../it/example'"),
    ('{{ figure("../../x") }}', "unknown figure '../../x'; the figures are batch-histogram"),
    ("{{ figure_gallery }}", "`{{ figure_gallery }}` is not a macro call, so the page would show it as it is"),
    ('{{ figure("batch-histogram" }}', "is not a macro call, so the page would show it as it is"),
    ('{{ api("optimizers") }}', "unknown topic 'optimizers'; the topics are batch-norm, normalizations, figure-1"),
    # mkdocstrings would load (and may import) any module a page names, with any options.
    ("::: os", "`:::` asks mkdocstrings to load a module, which a page may not"),
    ("    ::: batchnorm_explained.make_batch", "`:::` asks mkdocstrings to load a module"),
    ("## ::: batchnorm_explained", "`:::` asks mkdocstrings to load a module"),
]

GOOD_LINES = [
    '<a href="https://example.com/">x</a> <a href="why.md#the-batch">y</a> <a href="mailto:a@b.c">z</a> <a id="the-batch"></a>',
    '<img src="../figures/batch-histogram.svg" alt="x" width="10" height="10" loading="lazy">',
    '<div class="x" markdown>**bold**</div> <abbr title="Batch Normalization">BN</abbr> <sub>1</sub>',
    '<details open><summary>More</summary>text</details> <table><tr><th scope="col">a</th></tr></table>',
    "## Il batch { #the-batch }",
    "Sets {1, 2} and braces {x} are text, as is a < b > c.",
    "`<script>` and `{{ figure_galery() }}` in inline code are shown, not run.",
    "<code>{{ nothing(&quot;x&quot;) }}</code>",
    "A formula \\(\\frac{a}{b}\\) and \\(x_{i=1}\\) and \\[ \\frac{1}{\\sqrt{m}} \\]",
    "$$\n\\sum_{i=1}^{m} x_i\n$$",
    "<https://example.com/> and <!-- a comment with <script> in it -->",
    '{{ figure("batch-histogram") }} and {{ run("backprop_check") }} and {{ explorer() }}',
    '{{ api("batch-norm") }}',
    "Three colons ::: inside a sentence are text.",
]


def page(tmp_path: Path, body: str, front: str = "description: A page.\n") -> Path:
    path = tmp_path / "docs" / "it" / "why.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n# Perché\n\nSome text.\n\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("line", "message"), BAD_LINES)
def test_a_bad_line_is_refused_naming_file_and_line(tmp_path, line, message):
    path = page(tmp_path, line)
    found = pages.problems(path)
    assert any(problem.startswith(f"{path}:9: ") and message in problem for problem in found), found
    with pytest.raises(pages.PageError, match="9: "):
        pages.check(path)


def test_every_bad_case_of_a_page_is_named_at_once_in_line_order(tmp_path):
    path = page(tmp_path, "\n\n".join(line for line, _ in BAD_LINES))
    found = pages.problems(path)
    lines = [int(problem.split(":")[1]) for problem in found]
    assert lines == sorted(lines)
    assert {9 + 2 * index for index in range(len(BAD_LINES))} <= set(lines)


@pytest.mark.parametrize("line", GOOD_LINES)
def test_text_links_images_tables_and_macros_are_allowed(tmp_path, line):
    assert pages.problems(page(tmp_path, line)) == []


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("title: [unclosed\ndescription: x\n", 2, "the front matter is not valid YAML (while parsing a flow sequence"),
        ("description: x\n  - indented: y\n", 3, "the front matter is not valid YAML"),
        ("just a sentence\n", 2, "the front matter must be `key: value` lines"),
    ],
)
def test_front_matter_that_does_not_parse_is_refused(tmp_path, front, line, message):
    found = pages.problems(page(tmp_path, "", front))
    assert len(found) == 1 and f"why.md:{line}: {message}" in found[0], found


def test_front_matter_that_is_never_closed_is_refused(tmp_path):
    path = tmp_path / "why.md"
    path.write_text("---\ndescription: x\n\n# Title\n", encoding="utf-8")
    assert pages.problems(path) == [
        f"{path}:1: the front matter opened by `---` is never closed by a line `---`, so the page would show it as text"
    ]


def test_an_image_that_takes_its_address_from_a_reference_is_checked_as_an_image(tmp_path):
    path = page(tmp_path, "![a figure][fig] and [a link][site]\n\n[fig]: https://example.com/x.png\n[site]: https://example.com/")
    assert [problem.split(": ", 2)[1:] for problem in pages.problems(path)] == [
        [
            "an image reference must be a file of the site, not `https://example.com/x.png`",
            "a page loads nothing from another host and no `data:` address",
        ]
    ]


def test_code_a_page_shows_is_not_checked(tmp_path):
    shown = "```html\n<script>alert(1)</script> {{ nope }} $$\n```\n\n    ~~~\n    <iframe>\n    ~~~"
    assert pages.problems(page(tmp_path, shown)) == []


def test_a_notebooks_header_and_text_cells_are_checked_not_its_code(tmp_path):
    notebook = tmp_path / "example.py"
    notebook.write_text(
        "# ---\n# jupyter:\n#   description: [x\n# ---\n\n# %% [markdown]\n# # Title\n#\n# <script>alert(1)</script>\n"
        "#\n# $$ x\n\n# %%\nhtml = '<script>fine in code</script>'\n\n# %% [markdown]\n# {{ run(\"x\") }}\n",
        encoding="utf-8",
    )
    found = pages.problems(notebook)
    assert [problem.split(": ", 1)[0] for problem in found] == [f"{notebook}:{line}" for line in (3, 9, 11, 17)], found
    assert "not valid YAML" in found[0] and "`<script>`" in found[1] and "`$$`" in found[2] and "cannot call macros" in found[3]


def test_every_page_of_the_site_holds_only_what_a_page_may():
    sources = [path for code in CODES for path in sorted(languages.docs_dir(code).iterdir()) if path.suffix in (".md", ".py")]
    assert sources
    assert [problem for path in sources for problem in pages.problems(path)] == []


def test_make_translations_flags_what_the_build_refuses(tmp_path, monkeypatch):
    # `make translations CI=1` and the build agree: a page the build refuses is a problem there too.
    english, italian = tmp_path / "en", tmp_path / "it"
    for folder in (english, italian):
        folder.mkdir()
        (folder / "why.md").write_text((ROOT / "docs" / folder.name / "why.md").read_text(encoding="utf-8"), encoding="utf-8")
    with (italian / "why.md").open("a", encoding="utf-8") as file:
        file.write('\n<iframe src="https://example.com/embed"></iframe>\n')
    monkeypatch.setattr(languages, "docs_dir", lambda code: tmp_path / code)
    status = translations.page_status("it", "why.md")
    assert [problem for problem in status.problems if "`<iframe>` is not HTML a page may use" in problem] == pages.problems(
        italian / "why.md"
    )


def test_where_names_the_line_of_a_fragment_outside_code(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# T\n\n`\\frac{1}` in code\n\nA formula \\(\\frac{1}\\).\n", encoding="utf-8")
    assert pages.where(path, "\\frac{1}") == f"{path}:5"
    assert pages.where(path, "absent") == str(path)
