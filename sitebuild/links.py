"""Find broken internal links and anchors in a built site, in every language.

Every ``href`` and ``src`` of every HTML page must lead to a file of the site, and every
``#fragment`` to an element with that id on the target page. Links to other hosts are not
followed (the site's own pages, in any language, are internal).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitebuild.html.tags import file_tags

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
# Links the theme writes for features a static site resolves at run time, never files.
IGNORED_SCHEMES = {"data", "mailto", "javascript", "tel"}
# Files `make pdf` adds to a site after it is built (sitebuild.pdf): a link to one is checked
# once it is there.
ADDED_LATER = re.compile(r"(^|/)pdf/[^/]+\.pdf$")


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
        for link in _links(page):
            problem = _check(site, page, link, base_path)
            if problem:
                problems.add(f"{page.relative_to(site).as_posix()}: {link}: {problem}")
    return sorted(problems)


@cache
def _links(page: Path) -> list[str]:
    found = []
    for tag, attributes in _tags(page):
        url = attributes.get(LINK_ATTRIBUTES.get(tag, ""))
        if url and not (tag == "link" and attributes.get("rel") in ("preconnect", "dns-prefetch")):
            found.append(url)
    return found


@cache
def _ids(page: Path) -> set[str]:
    ids = {attributes["id"] for _, attributes in _tags(page) if attributes.get("id")}
    return ids | {attributes["name"] for tag, attributes in _tags(page) if tag == "a" and attributes.get("name")}


@cache
def _tags(page: Path) -> list[tuple[str, dict[str, str]]]:
    return file_tags(page)


def _check(site: Path, page: Path, link: str, base_path: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in IGNORED_SCHEMES or parts.netloc or (parts.scheme and parts.scheme not in ("http", "https")):
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return f"leaves the site's base path {base_path}"
        target = site / unquote(parts.path[len(base_path) :])
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
        return None if ADDED_LATER.search(target.relative_to(site).as_posix()) else "no such file"
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
        return f"no element with id {unquote(parts.fragment)!r} in {target.relative_to(site).as_posix()}"
    return None
