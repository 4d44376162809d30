"""``{{ run("name") }}``: a snippet's code, then what it printed when the build ran it, in the page's language.

A translated page shows the snippet's twin in its language (``sitebuild.outputs.snippets``);
without one it may run, it shows the English example under a notice.
"""

from __future__ import annotations

from sitebuild import strings
from sitebuild.macros.expand import Page, registered
from sitebuild.outputs import snippets
from sitebuild.paths import relative


@registered("snippet", snippets.names)
def run(page: Page, name: str) -> str:
    """Return the Markdown of snippet ``name``: its source, then its output under a localized label.

    Raises:
        ValueError: If there is no such snippet, or its output was not prepared.
    """
    try:
        example, printed = snippets.shown(name, page.lang), snippets.output(name, page.lang)
    except snippets.SnippetError as error:
        raise ValueError(str(error)) from None
    if printed is None:
        raise ValueError(f"the output of {relative(example.path)} is not prepared: build with `make site` or `make serve`")
    label = strings.text("site.output", page.lang)
    notice = strings.text("site.example_in_english", page.lang)
    notice = "" if example.translated else f'<div class="admonition info bn-example-notice"><p>{notice}</p></div>\n\n'
    return (
        f'{notice}```python title="{name}.py"\n{snippets.displayed(example.code)}\n```\n\n'
        f'``` {{ .text .bn-output title="{label}" }}\n{printed}\n```'
    )
