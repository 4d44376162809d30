"""Find broken internal links and anchors in a built site, in every language.

Every ``href`` and ``src`` of every HTML page must lead to a file of the site, and every
``#fragment`` to an element with that id on the target page. Links to other hosts are not
followed (the site's own pages, in any language, are internal). Run it on a built site:

    python scripts/check_links.py site/

It prints one line per broken link (the page, the link and what is wrong) and exits 1 if
there is any.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
# Links the theme writes for features a static site resolves at run time, never files.
IGNORED_SCHEMES = {"data", "mailto", "javascript", "tel"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        url = attributes.get(LINK_ATTRIBUTES.get(tag, ""))
        if url and not (tag == "link" and attributes.get("rel") in ("preconnect", "dns-prefetch")):
            self.links.append(url)


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Return a description of every broken internal link and anchor of the site.

    Args:
        site: The built site's folder (every language inside it).
        base_path: The URL path the site is served under (``/`` or ``/<repo>/``), which
            absolute links such as ``/it/`` start with.

    Returns:
        One ``"<page>: <link>: <problem>"`` line per broken link, sorted.
    """
    site = site.resolve()
    problems = set()
    for page in sorted(site.rglob("*.html")):
        for link in _parse(page).links:
            problem = _check(site, page, link, base_path)
            if problem:
                problems.add(f"{page.relative_to(site).as_posix()}: {link}: {problem}")
    return sorted(problems)


def _check(site: Path, page: Path, link: str, base_path: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in IGNORED_SCHEMES or parts.netloc or (parts.scheme and parts.scheme not in ("http", "https")):
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return f"leaves the site's base path {base_path}"
        target = site / unquote(parts.path[len(base_path):])
    elif parts.path:
        target = page.parent / unquote(parts.path)
    else:
        target = page
    target = target.resolve()
    if site not in target.parents and target != site:
        return "points outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return "no such file"
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target).ids:
        return f"no element with id {unquote(parts.fragment)!r} in {target.relative_to(site).as_posix()}"
    return None


def main() -> None:
    """Check the site given on the command line; exit 1 if any link is broken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site's folder")
    parser.add_argument("--base-path", default="/", help="the URL path the site is served under")
    arguments = parser.parse_args()
    problems = broken_links(arguments.site, arguments.base_path)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in arguments.site.rglob("*.html"))
    print(f"{len(problems)} broken links in {pages} pages", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
