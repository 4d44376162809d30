"""What a page may hold, checked for every page before its macros are expanded.

Pages are data, not code: a pull request that touches only pages runs nothing but the
project's snippets, and publishes nothing that runs code or loads anything from another
host. ``problems`` reads a page's source (a Markdown page, or a notebook's header and text
cells) and returns one message per problem, each naming the file and the line; the build
fails on any (``check``) and ``make translations CI=1`` reports the same ones. A page may hold:

- front matter of YAML ``key: value`` lines, closed by a line ``---``;
- macro calls ``{{ name("argument") }}`` of the macro table, whose figure or snippet is a
  registered one (``sitebuild.macros.expand.refused``), and no other ``{{`` or ``}}`` outside code;
- formulas whose ``\\(``, ``\\[`` or ``$$`` is closed before the paragraph ends;
- raw HTML of the ``TAGS`` below, with their ``ATTRIBUTES`` only: a link (``href``) leads to a
  page, an anchor, an ``http(s)`` address or ``mailto:``; an image (``src``) is a file of the
  site. Markdown links, images and attribute lists (``{ … }``) follow the same rules.

A line ``::: module`` (mkdocstrings' syntax, which loads and may import that module) is
refused: the API reference's pages call ``{{ api("topic") }}`` instead.

An allowlist: anything it does not name (``<script>``, ``<iframe>``, ``<style>``, ``on…``
attributes, ``style``, ``srcset``, ``javascript:`` or ``data:`` addresses, …) is refused,
whatever new way of running or loading something it offers. Code a page shows (fenced blocks
and inline code) is not checked: Markdown escapes it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sitebuild import BuildError, macros
from sitebuild.macros.expand import CALL, calls, mask_code, refused
from sitebuild.paths import relative

_BLOCKS = {"p", "br", "hr", "div", "span", "blockquote", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6"}
_PHRASES = {"a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "pre", "q", "s", "samp", "small", "strong"}
_MORE = {"sub", "sup", "u", "var", "img", "figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
TAGS = frozenset(_BLOCKS | _PHRASES | _MORE | _TABLES)
"""The HTML elements a page may use: text, lists, tables, figures, links and images."""
ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "markdown"})
"""The attributes any of them may have (``markdown`` lets Markdown work inside an element)."""
TAG_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "details": {"open"},
}
"""The attributes that only some elements may have."""
LINK_SCHEMES = ("http", "https", "mailto")
"""Where a link may lead besides the site itself (a relative address or an anchor)."""
GUIDE = "the Translate page lists what a page may hold"

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][\w+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^\s)>]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:\s*<?([^\s>]+)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]+?)[ \t]*\}")
_ATTR_TOKEN = re.compile(r"[#.][\w-]+|([\w-]+)=(?:\"[^\"]*\"|'[^']*'|[^\s\"']+)")
_MATHS = re.compile(r"\\\\|\$\$|\\\(|\\\)|\\\[|\\\]|\n[ \t]*\n")
_CLOSER = {"$$": "$$", "\\(": "\\)", "\\[": "\\]"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_AUTODOC = re.compile(r"^[ \t]*(?:#{1,6} *)?:::", re.MULTILINE)  # mkdocstrings' own pattern, indented too
_AUTODOC_REASON = '`:::` asks mkdocstrings to load a module, which a page may not; a reference page calls {{ api("topic") }}'
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # a browser ignores them inside a scheme: "java\tscript:"


class PageError(BuildError):
    """A page holds what a page may not; the message has one line per problem, each with file and line."""


@dataclass(frozen=True)
class _Text:
    """Part of a page as one text, with the file's line number of each of its lines."""

    text: str
    numbers: tuple[int, ...]

    def line(self, offset: int) -> int:
        return self.numbers[self.text.count("\n", 0, offset)]


def check(path: Path) -> None:
    """Raise ``PageError`` if page ``path`` (Markdown, or a notebook in jupytext's percent format) has a problem."""
    found = problems(path)
    if found:
        raise PageError("\n".join(found))


def problems(path: Path) -> list[str]:
    """Return one message per problem of page ``path``, ``docs/it/why.md:12: <what is wrong>``, in line order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".py":
        header, parts, markdown = _notebook(lines), _notebook_text_cells(lines), False
    else:
        header, parts, markdown = _front_matter(lines), [_Text("\n".join(lines), tuple(range(1, len(lines) + 1)))], True
    found = header[1] + [problem for part in parts for problem in _content(part, markdown)]
    if header[0] is not None:
        found += _yaml(header[0])
    return [f"{relative(path)}:{line}: {message}" for line, message in sorted(set(found))]


def line_of(path: Path, fragment: str | re.Pattern) -> int | None:
    """Return the line of file ``path`` where ``fragment`` first appears outside code, or None.

    A string is looked for by its first line; a pattern is searched as it is.
    """
    text = path.read_text(encoding="utf-8")
    shown = mask_code(text, elements=False)
    if isinstance(fragment, re.Pattern):
        found = fragment.search(shown)
        offset = found.start() if found else -1
    else:
        wanted = next((line.strip() for line in fragment.splitlines() if line.strip()), "")
        offset = shown.find(wanted) if wanted else -1
    return None if offset < 0 else text.count("\n", 0, offset) + 1


def where(path: Path, *fragments: str | re.Pattern) -> str:
    """Return ``docs/it/why.md:12`` for the line of ``path`` holding the first of ``fragments`` found, or the file alone."""
    line = next((found for fragment in fragments if (found := line_of(path, fragment)) is not None), None)
    return relative(path) + ("" if line is None else f":{line}")


def _front_matter(lines: list[str]) -> tuple[_Text | None, list[tuple[int, str]]]:
    # As MkDocs reads it: a first line `---`, then YAML up to a line `---` or `...`.
    if not lines or lines[0].strip() != "---":
        return None, []
    end = next((index for index in range(1, len(lines)) if lines[index].strip() in ("---", "...")), None)
    if end is None:
        return None, [(1, "the front matter opened by `---` is never closed by a line `---`, so the page would show it as text")]
    return _Text("\n".join(lines[1:end]), tuple(range(2, end + 1))), []


def _notebook(lines: list[str]) -> tuple[_Text | None, list[tuple[int, str]]]:
    # jupytext's header: `# ---`, commented YAML, `# ---`.
    if not lines or lines[0].strip() != "# ---":
        return None, []
    end = next((index for index in range(1, len(lines)) if lines[index].strip() == "# ---"), None)
    if end is None:
        return None, [(1, "the notebook's header opened by `# ---` is never closed by a line `# ---`")]
    return _Text("\n".join(_uncomment(line) for line in lines[1:end]), tuple(range(2, end + 1))), []


def _notebook_text_cells(lines: list[str]) -> list[_Text]:
    cells, current = [], None
    for number, line in enumerate(lines, start=1):
        if line.startswith("# %%"):
            current = [] if "[markdown]" in line else None
            if current is not None:
                cells.append(current)
        elif current is not None:
            current.append((number, _uncomment(line)))
    return [_Text("\n".join(text for _, text in cell), tuple(number for number, _ in cell)) for cell in cells if cell]


def _uncomment(line: str) -> str:
    return line[2:] if line.startswith("# ") else line[1:] if line.startswith("#") else line


def _yaml(header: _Text) -> list[tuple[int, str]]:
    try:
        data = yaml.safe_load(header.text)
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = header.numbers[min(mark.line, len(header.numbers) - 1)] if mark and header.numbers else header.numbers[0] - 1
        reason = ": ".join(str(part) for part in (getattr(error, "context", None), getattr(error, "problem", None)) if part)
        return [(line, f"the front matter is not valid YAML ({reason or error}), so the page would lose its title and description")]
    if data is not None and not isinstance(data, dict):
        return [(header.numbers[0] if header.numbers else 1, "the front matter must be `key: value` lines")]
    return []


def _content(part: _Text, calls_macros: bool) -> list[tuple[int, str]]:
    # Markdown escapes fenced blocks and inline code; <code> and <pre> hold HTML, which runs.
    shown = _COMMENT.sub(_blank, mask_code(part.text, elements=False))
    formulas, found = _formulas(part, shown)
    shown = _blank_spans(shown, formulas)
    found += _macro_problems(part, _blank_spans(mask_code(part.text), formulas), calls_macros)
    shown = _blank_spans(shown, [match.span() for match in CALL.finditer(shown)])
    found += _html_problems(part, shown)
    found += _link_problems(part, shown)
    if calls_macros:  # attribute lists and ::: are Markdown's extensions; a notebook's Markdown has none
        found += _attribute_list_problems(part, shown)
        found += [(part.line(match.start()), _AUTODOC_REASON) for match in _AUTODOC.finditer(shown)]
    return found


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + _blank(text[start:end]) + text[end:]
    return text


def _blank(text: str | re.Match) -> str:
    # Spaces for every character but newlines: offsets and lines stay the original's.
    return re.sub(r"[^\n]", " ", text if isinstance(text, str) else text.group())


def _macro_problems(part: _Text, masked: str, calls_macros: bool) -> list[tuple[int, str]]:
    # ``masked``: the text with its code and formulas blanked, where a brace is the page's own.
    found, spans = [], []
    for call in calls(part.text):
        spans.append((call.start, call.end))
        reason = refused(call, macros.MACROS) if calls_macros else "a notebook's text cannot call macros"
        if reason is not None:
            found.append((part.line(call.start), f"{call.text}: {reason}"))
    for match in re.finditer(r"\{\{[^{}\n]*\}\}|\{\{|\}\}", masked):
        if not any(start <= match.start() < end for start, end in spans):
            found.append((part.line(match.start()), f"`{match.group()}` is not a macro call, so the page would show it as it is"))
    return found


def _formulas(part: _Text, shown: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    spans, found, opened = [], [], None
    for match in _MATHS.finditer(shown):
        token = match.group()
        if token == "\\\\":
            continue
        if opened is None:
            opened = match if token in _CLOSER else None
        elif token == _CLOSER[opened.group()]:
            spans.append((opened.start(), match.end()))
            opened = None
        elif token.startswith("\n"):  # a formula ends within its paragraph
            found.append(_unclosed(part, opened))
            opened = None
    if opened is not None:
        found.append(_unclosed(part, opened))
    return spans, found


def _unclosed(part: _Text, opened: re.Match) -> tuple[int, str]:
    closer = _CLOSER[opened.group()]
    return part.line(opened.start()), f"`{opened.group()}` opens a formula that is not closed by `{closer}` in its paragraph"


def _html_problems(part: _Text, shown: str) -> list[tuple[int, str]]:
    found = []
    for match in _TAG.finditer(shown):
        if _AUTOLINK.fullmatch(match.group()):
            url = match.group()[1:-1]
            if "@" not in url or ":" in url:
                found += [(part.line(match.start()), reason) for reason in _url_problems("link", url, "link")]
            continue
        tag, attributes = match.group(2).lower(), match.group(3)
        if match.group(1):
            continue  # a closing tag does nothing of its own
        if tag not in TAGS:
            found.append((part.line(match.start()), f"`<{tag}>` is not HTML a page may use ({_why_tag(tag)}); {GUIDE}"))
            continue
        for attribute in _ATTRIBUTE.finditer(attributes):
            name, value = attribute.group(1).lower(), html.unescape((attribute.group(2) or "").strip("\"'"))
            found += [(part.line(match.start(3) + attribute.start()), reason) for reason in _attribute_problems(tag, name, value)]
    return found


def _why_tag(tag: str) -> str:
    if tag in {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "portal", "noscript", "template"}:
        return "it runs code or loads another document"
    if tag in {"link", "style", "meta", "base", "svg", "math", "picture", "source", "video", "audio", "track", "image"}:
        return "it loads or styles something"
    if tag in {"form", "input", "button", "select", "textarea", "dialog"}:
        return "it is a form or a control"
    return "it is not one of the elements of text, lists, tables, figures, links and images"


def _attribute_problems(tag: str, name: str, value: str) -> list[str]:
    if name.startswith("on"):
        return [f"`{name}` on `<{tag}>` is an event handler: it runs code; {GUIDE}"]
    if name not in ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set()):
        return [f"`{name}` is not an attribute a page may give `<{tag}>`; {GUIDE}"]
    if name == "href":
        return _url_problems("link", value, f"`<{tag} href>`")
    if name == "src":
        return _url_problems("image", value, f"`<{tag} src>`")
    return []


def _url_problems(kind: str, url: str, what: str) -> list[str]:
    flat = _INVISIBLE.sub("", html.unescape(url))
    scheme = _SCHEME.match(flat)
    if kind == "image" and (scheme or flat.startswith(("//", "\\\\"))):
        return [f"{what} must be a file of the site, not `{url}`: a page loads nothing from another host and no `data:` address"]
    if kind == "link" and scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return [f"{what} leads to `{url}`: a link leads to a page, an anchor, an http(s) address or mailto:, never `{scheme.group(1)}:`"]
    if kind == "link" and flat.startswith("//") and not urlsplit(flat).netloc:
        return [f"{what} leads to `{url}`, which is not an address"]
    return []


def _link_problems(part: _Text, shown: str) -> list[tuple[int, str]]:
    found = []
    for match in _LINK.finditer(shown):
        kind = "image" if match.group(1) else "link"
        what = "a Markdown image" if match.group(1) else "a Markdown link"
        found += [(part.line(match.start()), reason) for reason in _url_problems(kind, match.group(2), what)]
    # An image may take its address from a reference: `![alt][label]`, `![label][]`, `![label]`.
    images = {(label or alt).lower() for alt, label in re.findall(r"!\[([^\]]*)\](?:\[([^\]]*)\])?", shown)}
    for match in _REFERENCE.finditer(shown):
        kind = "image" if match.group(1).lower() in images else "link"
        what = "an image reference" if kind == "image" else "a link reference"
        found += [(part.line(match.start()), reason) for reason in _url_problems(kind, match.group(2), what)]
    return found


def _attribute_list_problems(part: _Text, shown: str) -> list[tuple[int, str]]:
    found = []
    allowed = ATTRIBUTES.union(*TAG_ATTRIBUTES.values()) - {"href", "src"}
    for match in _ATTR_LIST.finditer(shown):
        if _ATTR_TOKEN.sub("", match.group(1)).strip():
            continue  # braces in the text, not an attribute list
        for name in filter(None, (token.group(1) for token in _ATTR_TOKEN.finditer(match.group(1)))):
            if name.lower().startswith("on"):
                found.append((part.line(match.start()), f"`{name}` in `{match.group()}` is an event handler: it runs code; {GUIDE}"))
            elif name.lower() not in allowed:
                found.append((part.line(match.start()), f"`{name}` in `{match.group()}` is not an attribute a page may set; {GUIDE}"))
    return found
