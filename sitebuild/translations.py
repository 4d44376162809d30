"""The state of every translation: up to date, stale or missing, and structurally sound.

A translated page records which version of its English source it translates: the first 12
hex digits of the SHA-256 of the English file, as ``translation_of`` in its front matter
(for a notebook, in the ``jupyter`` header of the ``.py`` file). When the English file
changes, the record no longer matches and the page is *stale* until a translator updates it
and runs ``make translated PAGE=docs/<code>/<page>``. The record is a content hash, not a
date: it survives rebases, copies and clocks.

A translation must also keep its English source's structure: the same section anchors, code
blocks, formulas, links, figures and snippets, in the same order. A difference is reported
with the file, the line and what differs, and so is anything the build refuses in a page
(``sitebuild.pages``): what ``make translations CI=1`` flags is what the build would. ``scripts/translations.py`` prints it all
(``make translations``); the Translation status page shows the same data.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
import subprocess
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import languages, pages, strings
from sitebuild.macros.expand import calls
from sitebuild.paths import ROOT, relative

PAGE_SUFFIXES = (".md", ".py")
RECORD_KEY = "translation_of"
HASH_LENGTH = 12
UP_TO_DATE, STALE, MISSING = "up-to-date", "stale", "missing"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_TITLE = re.compile(r"^#\s+(.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)
_EXPLICIT_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r'<a\s+id="([^"]+)"')
_FORMULA = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ELEMENT_MACROS = {"figure": "figure", "run": "snippet"}
_RECORD = re.compile(rf"^(#\s+)?{RECORD_KEY}:\s*(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Element:
    """One structural element of a page: what it is, its text and the line it starts on."""

    kind: str
    value: str
    line: int


@dataclass
class PageStatus:
    """The state of one page in one language.

    Attributes:
        page: The page's file name inside each language's folder, e.g. ``why.md``.
        lang: The language code.
        state: ``up-to-date``, ``stale`` or ``missing``.
        problems: What the build refuses in the page (``sitebuild.pages``), then the structural
            differences from the English page, one message each.
        diff: For a stale page, the English changes since the translated version.
    """

    page: str
    lang: str
    state: str
    problems: list[str] = field(default_factory=list)
    diff: str = ""


def english_pages() -> list[str]:
    """Return the file names of the default language's pages, sorted."""
    source = languages.docs_dir(languages.DEFAULT)
    return sorted(path.name for path in source.iterdir() if path.suffix in PAGE_SUFFIXES)


def source_hash(text: str) -> str:
    """Return the version tag of an English source: the start of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def recorded_hash(text: str) -> str | None:
    """Return the ``translation_of`` record of a translated page, if it has one."""
    header = _header(text)
    match = _RECORD.search(header)
    return match.group(2) if match else None


def page_status(lang: str, page: str, with_diff: bool = False) -> PageStatus:
    """Return the state of ``page`` in language ``lang``, compared with its English source."""
    english_path = languages.docs_dir(languages.DEFAULT) / page
    path = languages.docs_dir(lang) / page
    if not path.exists():
        return PageStatus(page, lang, MISSING)
    english, translated = english_path.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
    problems = pages.problems(path) + compare(english_path, path)
    record = recorded_hash(translated)
    if record == source_hash(english):
        return PageStatus(page, lang, UP_TO_DATE, problems)
    if record is None:
        problems.insert(
            0, f"{relative(path)}:1: no `{RECORD_KEY}` record; run `make translated PAGE={relative(path)}` once it is up to date"
        )
    diff = _english_diff(english_path, record) if with_diff and record else ""
    return PageStatus(page, lang, STALE, problems, diff)


def status(langs: list[str] | None = None, with_diff: bool = False) -> list[PageStatus]:
    """Return the state of every English page in every translation (or in ``langs``)."""
    codes = langs or languages.translations()
    return [page_status(lang, page, with_diff) for lang in codes for page in english_pages()]


def record(path: Path) -> str:
    """Write the current English source's hash into translated page ``path``; return it.

    Raises:
        ValueError: If ``path`` is not a page of a translation, or its English source is missing.
    """
    path = path.resolve()
    lang = path.parent.name
    if path.parent.parent != languages.docs_dir(languages.DEFAULT).parent.resolve() or lang not in languages.translations():
        raise ValueError(f"PAGE must be a page of a translation, docs/<code>/<page>, got {path}")
    english = languages.docs_dir(languages.DEFAULT) / path.name
    if not english.exists():
        raise ValueError(f"{relative(path)} has no English source {relative(english)}")
    tag = source_hash(english.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(_with_record(text, tag, notebook=path.suffix == ".py"), encoding="utf-8")
    return tag


def structure(path: Path) -> list[Element]:
    """Return the anchors, code blocks, formulas, links, figures and snippets of a page."""
    status = path.stat()
    return list(_structure(path, status.st_mtime_ns, status.st_size))


@functools.lru_cache(maxsize=512)
def _structure(path: Path, mtime_ns: int, size: int) -> tuple[Element, ...]:
    # Keyed on the file's modification time and size: `make serve` rebuilds often, and a
    # page's structure only changes when the page does.
    if path.suffix == ".py":
        return tuple(_notebook_structure(path))
    return tuple(_markdown_structure(path.read_text(encoding="utf-8").splitlines(), start=1, skip_front_matter=True))


def compare(english_path: Path, translated_path: Path) -> list[str]:
    """Return one message per structural difference between a page and its translation.

    Each message names the translated file and line, and the English line it corresponds to.
    """
    english, translated = structure(english_path), structure(translated_path)
    problems = []
    for kind in ("anchor", "code", "formula", "link", "figure", "snippet"):
        ours = [element for element in english if element.kind == kind]
        theirs = [element for element in translated if element.kind == kind]
        matcher = difflib.SequenceMatcher(a=[e.value for e in ours], b=[e.value for e in theirs], autojunk=False)
        for operation, a0, a1, b0, b1 in matcher.get_opcodes():
            if operation == "equal":
                continue
            for offset in range(max(a1 - a0, b1 - b0)):
                mine = ours[a0 + offset] if a0 + offset < a1 else None
                other = theirs[b0 + offset] if b0 + offset < b1 else None
                problems.append(_describe(kind, mine, other, english_path, translated_path))
    return problems


def title(page: str, lang: str) -> str | None:
    """Return the title (first heading) of ``page`` in ``lang``, or of its English original if untranslated."""
    for code in (lang, languages.DEFAULT):
        path = languages.docs_dir(code) / page
        if path.exists():
            match = _TITLE.search(path.read_text(encoding="utf-8"))
            if match:
                return match.group(1)
    return None


def _describe(kind: str, english: Element | None, translated: Element | None, english_path: Path, path: Path) -> str:
    if translated is None:
        line = english.line
        return f"{relative(path)}: {kind} missing: {_short(english.value)} ({relative(english_path)}:{line})"
    if english is None:
        return f"{relative(path)}:{translated.line}: {kind} not in English: {_short(translated.value)}"
    return (
        f"{relative(path)}:{translated.line}: {kind} differs: {_short(translated.value)} "
        f"where English has {_short(english.value)} ({relative(english_path)}:{english.line})"
    )


def _markdown_structure(lines: list[str], start: int, skip_front_matter: bool = False, top_level: int = 2) -> list[Element]:
    elements: list[Element] = []
    prose: list[tuple[int, str]] = []
    index = 0
    if skip_front_matter and lines and lines[0].strip() == "---":
        index = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    fence: str | None = None
    block: list[str] = []
    block_line = 0
    for number, line in enumerate(lines[index:], start=start + index):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, block, block_line = match.group(1), [], number
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                elements.append(Element("code", _code_shape("\n".join(block)), block_line))
                fence = None
            else:
                block.append(line)
            continue
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) >= top_level:
            elements.append(Element("anchor", _anchor(heading.group(2)), number))
        prose.append((number, line))
    text = "\n".join(line for _, line in prose)
    line_of = [number for number, line in prose for _ in range(len(line) + 1)]
    for match in _FORMULA.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        elements.append(Element("formula", " ".join(value.split()), line_of[match.start()]))
    for match in _LINK.finditer(text):
        elements.append(Element("link", match.group(1), line_of[match.start()]))
    for call in calls(text):
        if call.name in _ELEMENT_MACROS:  # the figures and snippets a page shows; others are the page's own
            elements.append(Element(_ELEMENT_MACROS[call.name], call.args.strip().strip("\"'"), line_of[call.start]))
    for match in _HTML_ID.finditer(text):
        elements.append(Element("anchor", match.group(1), line_of[match.start()]))
    return sorted(elements, key=lambda element: element.line)


def _notebook_structure(path: Path) -> list[Element]:
    import jupytext

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    markers = [number for number, line in enumerate(lines, start=1) if line.startswith("# %%")]
    cells = jupytext.reads(text, fmt="py:percent").cells
    elements: list[Element] = []
    for cell, marker in zip(cells, markers, strict=False):
        if cell.cell_type == "code":
            elements.append(Element("code", _code_shape(cell.source), marker))
        elif cell.cell_type == "markdown":
            # In a notebook the title's id is linkable too (mkdocs-jupyter gives it one).
            found = _markdown_structure(cell.source.splitlines(), start=marker + 1, top_level=1)
            # A notebook heading's id comes from its text; a translation names the English
            # one with <a id="...">, which then stands for the heading's own id.
            if _HTML_ID.search(cell.source):
                found = [element for element in found if element.kind != "anchor" or element.value in _HTML_ID.findall(cell.source)]
            elements.extend(found)
    return elements


def _code_shape(source: str) -> str:
    # The code a reader runs must be the same in every language; its comments and the text
    # of its strings (printed labels, lang="it") are the translator's to translate.
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return " ".join(source.split())
    kept = ['""' if token.type == tokenize.STRING else token.string for token in tokens if token.type != tokenize.COMMENT]
    return " ".join(part for part in kept if part.strip())


def _anchor(heading: str) -> str:
    explicit = _EXPLICIT_ID.search(heading)
    if explicit:
        return explicit.group(1)
    from markdown.extensions.toc import slugify

    return slugify(re.sub(r"<[^>]+>", "", heading), "-")


def _header(text: str) -> str:
    lines = text.splitlines()
    marker = "# ---" if lines and lines[0].startswith("# ---") else "---"
    if not lines or lines[0].strip() != marker:
        return ""
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == marker), 0)
    return "\n".join(lines[1:end])


def _with_record(text: str, tag: str, notebook: bool) -> str:
    header = _header(text)
    if _RECORD.search(header):
        start = text.index(header)
        return text[:start] + _RECORD.sub(lambda m: f"{m.group(1) or ''}{RECORD_KEY}: {tag}", header, count=1) + text[start + len(header) :]
    if notebook:
        # Inside the `jupyter` mapping, so jupytext keeps it as notebook metadata.
        return text.replace("# jupyter:\n", f"# jupyter:\n#   {RECORD_KEY}: {tag}\n", 1)
    if header or text.startswith("---\n"):
        return text.replace("---\n", f"---\n{RECORD_KEY}: {tag}\n", 1)
    return f"---\n{RECORD_KEY}: {tag}\n---\n\n{text}"


def _english_diff(english_path: Path, record: str) -> str:
    source = relative(english_path)
    log = subprocess.run(["git", "log", "--format=%H", "--", source], cwd=ROOT, capture_output=True, text=True, check=False)
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{commit}:{source}"], cwd=ROOT, capture_output=True, text=True, check=False)
        if shown.returncode == 0 and source_hash(shown.stdout) == record:
            diff = difflib.unified_diff(
                shown.stdout.splitlines(),
                english_path.read_text(encoding="utf-8").splitlines(),
                f"{source} (translated, {commit[:9]})",
                f"{source} (now)",
                lineterm="",
            )
            return "\n".join(diff)
    return f"(the translated version {record} of {source} is not in the git history)"


def _short(value: str) -> str:
    flat = " ".join(value.split())
    return f"`{flat[:60]}…`" if len(flat) > 60 else f"`{flat}`"


def print_status(langs: list[str]) -> bool:
    """Print every page's state in each of ``langs`` (with the English changes of stale pages)
    and the strings each lacks; return whether a page has a problem: a structural difference, or
    anything the build refuses. A missing page is not one: it is published in English, with a
    notice, until someone translates it."""
    statuses = status(langs, with_diff=True)
    broken = False
    for lang in langs:
        mine = [entry for entry in statuses if entry.lang == lang]
        counts = {state: sum(entry.state == state for entry in mine) for state in (UP_TO_DATE, STALE, MISSING)}
        print(f"== {lang}: {counts[UP_TO_DATE]} up to date, {counts[STALE]} stale, {counts[MISSING]} missing")
        for entry in mine:
            print(f"{entry.state:>10}  docs/{lang}/{entry.page}")
            for problem in entry.problems:
                print(f"            {problem}")
            if entry.diff:
                print("\n".join(f"            | {line}" for line in entry.diff.splitlines()))
            broken |= bool(entry.problems)
        for path, keys in strings.missing(lang).items():
            print(f"   strings  {len(keys)} missing in {relative(path)} (English is used)")
            for key in keys:
                print(f"            {key}")
    return broken
