"""The state of every translation: up to date, stale or missing, and structurally sound.

Three kinds of file are translated: the pages (``docs/<code>/<page>``), the twins of the
executed examples (``docs/snippets/<code>/<name>.py``, of ``docs/snippets/<name>.py``) and the
terminology (``docs/terminology/<code>.toml``, of ``docs/terminology/en.toml``: the glossary's
terms and meanings). Each records which version of its English source it translates: the
first 12 hex digits of the SHA-256 of the English file, as ``translation_of`` in a page's
front matter (for a notebook, in the ``jupyter`` header of the ``.py`` file), or in a first
comment line ``# translation_of: …`` of a twin or a terminology file. When the English file
changes, the record no longer matches and the translation is *stale* until a translator
updates it and runs ``make translated PAGE=<file>``. The record is a content hash, not a
date: it survives rebases, copies and clocks.

A translation must also keep its English source's structure: a page the same section
anchors, code blocks, formulas, links, figures and snippets, in the same order; a twin the
same code (``sitebuild.translated_code``); a terminology file a term and a meaning for every
English term. A difference is reported with the file, the line and what differs, and so is
anything the build refuses in a page (``sitebuild.pages``): what ``make translations CI=1``
flags is what the build would. ``scripts/translations.py`` prints it all (``make
translations``), with the avoided terms and the typography of every translated text
(``sitebuild.terminology``); the Translation status page shows the same data.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import languages, pages, strings, translated_code
from sitebuild.macros.expand import calls
from sitebuild.paths import ROOT, SNIPPETS_DIR, TERMINOLOGY_DIR, relative

PAGE_SUFFIXES = (".md", ".py")
RECORD_KEY = "translation_of"
HASH_LENGTH = 12
UP_TO_DATE, STALE, MISSING = "up-to-date", "stale", "missing"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_TITLE = re.compile(r"^#\s+(.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)
_NOTEBOOK_TITLE = re.compile(r"^# #\s+(.+?)\s*$", re.MULTILINE)  # a notebook's first Markdown heading
_EXPLICIT_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r'<a\s+id="([^"]+)"')
_FORMULA = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ELEMENT_MACROS = {"figure": "figure", "run": "snippet"}
_RECORD = re.compile(rf"^(#\s+)?{RECORD_KEY}:\s*(\S+)\s*$", re.MULTILINE)
_COMMENT_RECORD = re.compile(rf"\A# {RECORD_KEY}: (\S+)\n")  # a twin's or a terminology file's first line
SNIPPET_PREFIX, TERMINOLOGY = "snippets/", "terminology.toml"  # their keys, beside the pages' file names


@dataclass(frozen=True)
class Element:
    """One structural element of a page: what it is, its text and the line it starts on.

    For a code block, ``value`` is its shape (``sitebuild.translated_code.shape``) and
    ``source`` the code itself, which messages quote.
    """

    kind: str
    value: str
    line: int
    source: str = field(default="", compare=False)


@dataclass
class PageStatus:
    """The state of one page in one language.

    Attributes:
        page: The page's file name inside each language's folder, e.g. ``why.md``; for an
            example's twin ``snippets/<name>.py``, for the terminology ``terminology.toml``.
        lang: The language code.
        state: ``up-to-date``, ``stale`` or ``missing``.
        problems: What the build refuses in the page (``sitebuild.pages``), then the structural
            differences from the English page, one message each.
        diff: For a stale page, the English changes since the translated version.
        path: The translated file, as messages name it (``docs/snippets/it/why_saturation.py``).
    """

    page: str
    lang: str
    state: str
    problems: list[str] = field(default_factory=list)
    diff: str = ""
    path: str = ""


def english_pages() -> list[str]:
    """Return the file names of the default language's pages, sorted."""
    source = languages.docs_dir(languages.DEFAULT)
    return sorted(path.name for path in source.iterdir() if path.suffix in PAGE_SUFFIXES)


def source_hash(text: str) -> str:
    """Return the version tag of an English source: the start of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def recorded_hash(text: str) -> str | None:
    """Return the ``translation_of`` record of a translated file, if it has one."""
    first = _COMMENT_RECORD.match(text)
    if first:
        return first.group(1)
    match = _RECORD.search(_header(text))
    return match.group(2) if match else None


def sources(lang: str) -> list[tuple[str, Path, Path]]:
    """Return every file ``lang`` translates: ``(key, English source, translation)``, pages first."""
    found = [(page, languages.docs_dir(languages.DEFAULT) / page, languages.docs_dir(lang) / page) for page in english_pages()]
    found += [(f"{SNIPPET_PREFIX}{path.name}", path, SNIPPETS_DIR / lang / path.name) for path in sorted(SNIPPETS_DIR.glob("*.py"))]
    english = TERMINOLOGY_DIR / f"{languages.DEFAULT}.toml"
    if english.exists():
        found.append((TERMINOLOGY, english, TERMINOLOGY_DIR / f"{lang}.toml"))
    return found


def page_status(lang: str, page: str, with_diff: bool = False, with_problems: bool = True) -> PageStatus:
    """Return the state of ``page`` (a key of ``sources``) in language ``lang``, compared with its English source.

    Args:
        lang: A translation's code.
        page: A key of ``sources``.
        with_diff: For a stale page, include the English changes since its translation.
        with_problems: Check the translation against its English source (what
            ``make translations`` reports); the build, which needs the state only, skips it.
    """
    _, english_path, path = next(entry for entry in sources(lang) if entry[0] == page)
    if not path.exists():
        return PageStatus(page, lang, MISSING, path=relative(path))
    english, translated = english_path.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
    problems = _problems(page, english_path, path, lang) if with_problems else []
    record = recorded_hash(translated)
    if record == source_hash(english):
        return PageStatus(page, lang, UP_TO_DATE, problems, path=relative(path))
    if record is None:
        problems.insert(
            0, f"{relative(path)}:1: no `{RECORD_KEY}` record; run `make translated PAGE={relative(path)}` once it is up to date"
        )
    diff = _english_diff(english_path, record) if with_diff and record else ""
    return PageStatus(page, lang, STALE, problems, diff, path=relative(path))


def status(langs: list[str] | None = None, with_diff: bool = False) -> list[PageStatus]:
    """Return the state of every translated file (pages, twins, terminology) in every translation (or in ``langs``)."""
    codes = langs or languages.translations()
    return [page_status(lang, key, with_diff) for lang in codes for key, _, _ in sources(lang)]


def record(path: Path) -> str:
    """Write the current English source's hash into translated file ``path``; return it.

    Raises:
        ValueError: If ``path`` is not a translated page, twin or terminology file, or its
            English source is missing.
    """
    path = path.resolve()
    found = [entry for lang in languages.translations() for entry in sources(lang) if entry[2].resolve() == path]
    if not found:
        raise ValueError(
            "PAGE must be a translated page, docs/<code>/<page>, an example's twin, docs/snippets/<code>/<name>.py, "
            f"or a terminology file, docs/terminology/<code>.toml; got {path}"
        )
    key, english, _ = found[0]
    if not english.exists():
        raise ValueError(f"{relative(path)} has no English source {relative(english)}")
    if not path.exists():
        raise ValueError(f"{relative(path)} does not exist: copy {relative(english)} there and translate it first")
    tag = source_hash(english.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    if key.startswith(SNIPPET_PREFIX) or key == TERMINOLOGY:
        path.write_text(f"# {RECORD_KEY}: {tag}\n" + _COMMENT_RECORD.sub("", text, count=1), encoding="utf-8")
    else:
        path.write_text(_with_record(text, tag, notebook=path.suffix == ".py"), encoding="utf-8")
    return tag


def _problems(key: str, english_path: Path, path: Path, lang: str) -> list[str]:
    if key.startswith(SNIPPET_PREFIX):
        english = english_path.read_text(encoding="utf-8")
        found = translated_code.difference(english, path.read_text(encoding="utf-8"), lang)
        if found is None:
            return []
        where = f" ({relative(english_path)}:{found.english_line})" if found.english_line else ""
        return [f"{relative(path)}:{found.line}: {found.message}{where}"]
    if key == TERMINOLOGY:
        from sitebuild import terminology

        return terminology.compare(english_path, path)
    return pages.problems(path) + compare(english_path, path)


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
            match = (_NOTEBOOK_TITLE if path.suffix == ".py" else _TITLE).search(path.read_text(encoding="utf-8"))
            if match:
                return match.group(1)
    return None


def _describe(kind: str, english: Element | None, translated: Element | None, english_path: Path, path: Path) -> str:
    if translated is None:
        line = english.line
        return f"{relative(path)}: {kind} missing: {_short(english.value)} ({relative(english_path)}:{line})"
    if english is None:
        return f"{relative(path)}:{translated.line}: {kind} not in English: {_short(translated.source or translated.value)}"
    if kind == "code":
        return _describe_code(english, translated, english_path, path)
    return (
        f"{relative(path)}:{translated.line}: {kind} differs: {_short(translated.value)} "
        f"where English has {_short(english.value)} ({relative(english_path)}:{english.line})"
    )


def _describe_code(english: Element, translated: Element, english_path: Path, path: Path) -> str:
    # The line inside the block where the code itself differs, quoted from both files. A
    # block's first line is the fence (a notebook cell's, its `# %%` marker).
    executed = path.suffix == ".py"
    found = translated_code.difference(english.source, translated.source, path.parent.name if executed else None, executed=executed)
    if found is None or not found.line:
        return (
            f"{relative(path)}:{translated.line}: code differs: {_short(translated.source)} "
            f"where English has {_short(english.source)} ({relative(english_path)}:{english.line})"
        )
    where = f"{relative(path)}:{translated.line + found.line}: {found.message}: {_short(translated.source.splitlines()[found.line - 1])}"
    if not found.english_line:
        return f"{where} ({relative(english_path)}:{english.line})"
    theirs = english.source.splitlines()[found.english_line - 1]
    return f"{where} where English has {_short(theirs)} ({relative(english_path)}:{english.line + found.english_line})"


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
                code = "\n".join(block)
                elements.append(Element("code", translated_code.shape(code, executed=False), block_line, code))
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
            # The build executes these: the strict rule of sitebuild.translated_code.
            elements.append(Element("code", translated_code.shape(cell.source, lang=path.parent.name), marker, cell.source))
        elif cell.cell_type == "markdown":
            # In a notebook the title's id is linkable too (mkdocs-jupyter gives it one).
            found = _markdown_structure(cell.source.splitlines(), start=marker + 1, top_level=1)
            # A notebook heading's id comes from its text; a translation names the English
            # one with <a id="...">, which then stands for the heading's own id.
            if _HTML_ID.search(cell.source):
                found = [element for element in found if element.kind != "anchor" or element.value in _HTML_ID.findall(cell.source)]
            elements.extend(found)
    return elements


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
    """Print every page's state in each of ``langs`` (with the English changes of stale pages),
    the strings each lacks and the avoided terms and typographic slips in its prose; return
    whether a page has a problem (a structural difference, or anything the build refuses) or
    an avoided form is an error. A missing page is not a problem: it is published in English,
    with a notice, until someone translates it."""
    from sitebuild import terminology

    statuses = status(langs, with_diff=True)
    broken = False
    for lang in langs:
        mine = [entry for entry in statuses if entry.lang == lang]
        counts = {state: sum(entry.state == state for entry in mine) for state in (UP_TO_DATE, STALE, MISSING)}
        print(f"== {lang}: {counts[UP_TO_DATE]} up to date, {counts[STALE]} stale, {counts[MISSING]} missing")
        for entry in mine:
            print(f"{entry.state:>10}  {entry.path}")
            for problem in entry.problems:
                print(f"            {problem}")
            if entry.diff:
                print("\n".join(f"            | {line}" for line in entry.diff.splitlines()))
            broken |= bool(entry.problems)
        for path, keys in strings.missing(lang).items():
            print(f"   strings  {len(keys)} missing in {relative(path)} (English is used)")
            for key in keys:
                print(f"            {key}")
        hits = terminology.check(lang)
        errors = sum(hit.severity == terminology.ERROR for hit in hits)
        print(f"     terms  {errors} to fix, {len(hits) - errors} to review ({relative(terminology.path(lang))})")
        for hit in hits:
            print(f"            {hit.message()}")
        broken |= errors > 0
    return broken
