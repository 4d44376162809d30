"""Read the start tags of an HTML page: the one parser the link check, the tests and the benchmark share."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        """Keep the tag and its attributes (an attribute without a value is ``""``)."""
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def start_tags(page_html: str) -> list[tuple[str, dict[str, str]]]:
    """Return every start tag of ``page_html`` in order, as ``(tag, attributes)``."""
    parser = _StartTags()
    parser.feed(page_html)
    parser.close()
    return parser.found


def file_tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Return every start tag of the HTML file ``path`` in order, as ``(tag, attributes)``."""
    return start_tags(path.read_text(encoding="utf-8"))
