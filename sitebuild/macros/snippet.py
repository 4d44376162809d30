"""``{{ run("name") }}``: a snippet's code, then what it printed when the build ran it."""

from __future__ import annotations

from sitebuild import strings
from sitebuild.macros.expand import Page, registered
from sitebuild.outputs import snippets


@registered("snippet", snippets.names)
def run(page: Page, name: str) -> str:
    """Return the Markdown of snippet ``name``: its source, then its output under a localized label.

    Raises:
        ValueError: If there is no such snippet, or its output was not prepared.
    """
    try:
        code, printed = snippets.source(name), snippets.output(name)
    except snippets.SnippetError as error:
        raise ValueError(str(error)) from None
    if printed is None:
        raise ValueError(f"the output of docs/snippets/{name}.py is not prepared: build with `make site` or `make serve`")
    label = strings.text("site.output", page.lang)
    return f'```python title="{name}.py"\n{code.rstrip()}\n```\n\n``` {{ .text .bn-output title="{label}" }}\n{printed}\n```'
