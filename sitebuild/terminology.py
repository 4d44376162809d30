"""Each language's terminology: the glossary it shows, the forms its prose avoids, its typography.

One data file per language, ``docs/terminology/<code>.toml``:

- ``[[terms]]``: a concept per entry, keyed by ``concept`` (the English glossary's term).
  English gives each concept its ``meaning``; a translation gives the ``term`` its glossary
  shows, the ``meaning`` in its language, and ``avoid``: the forms its pages must not use,
  each with the ``reason`` a translator reads. The Glossary page's table is built from these
  files (``{{ glossary() }}``, ``sitebuild.macros.glossary``), in every language.
- ``[[register.avoid]]`` and ``[[calques]]``: more forms to avoid, outside any concept.
- ``[typography]``: the quotation marks (``quotes``, ``nested_quotes``) and the ``apostrophe``
  the language writes.

``check(lang)`` reads every text ``lang``'s readers see (its pages and notebook, its examples'
comments and printed text, its interface and figure strings, its glossary) and reports, with
the file and line, each avoided form and each quotation mark or apostrophe the typography
does not allow. Only prose is read: not code, link targets, HTML tags, macro calls or front
matter (but its ``description``), nor an admonition with the class ``bn-avoid``, where a page
names avoided forms on purpose. ``make translations`` prints the report; an ``error`` fails
``make translations CI=1``, a ``review`` asks a person to look.

How a form is matched: its words, in any case (unless ``case_sensitive = true``), with any
run of spaces or line breaks between them, not inside a longer word; a hit inside one of its
``exceptions`` (longer exact phrases) is allowed. Inflections are listed in ``variants``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sitebuild import languages, translated_code
from sitebuild.paths import ROOT, SNIPPETS_DIR, TERMINOLOGY_DIR, relative

ERROR, REVIEW = "error", "review"
AVOID_CLASS = "bn-avoid"  # an admonition that names avoided forms on purpose
MASK = "\0"  # what hides non-prose: not a space, so no phrase is matched across it

_FENCE = re.compile(r"^\s*(```|~~~)")
_ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*(?:\s+"(.*)")?\s*$')
_NON_PROSE = re.compile(
    r"(`+)(?!`).*?(?<!`)\1"  # inline code
    r"|\{\{.*?\}\}"  # a macro call
    r"|<!--.*?-->|</?[A-Za-z][^>\n]*>"  # HTML comments and tags, attributes included
    r"|\]\([^)\n]*\)"  # a link's target
    r"|(?<!\\)\{\s*(?:[#.:]|\w+=)[^}\n]*\}",  # an attribute list: { #anchor }, { lang="en" }
    re.DOTALL,
)


@dataclass(frozen=True)
class Avoided:
    """A form to avoid in a language's prose.

    Attributes:
        phrase: The form as the data file lists it (a variant's own text for a variant).
        reason: Why, and what to write instead.
        severity: ``error`` or ``review``.
        pattern: What finds it in prose.
        exceptions: Longer phrases in which a hit is allowed.
    """

    phrase: str
    reason: str
    severity: str
    pattern: re.Pattern
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """An avoided form or a typographic slip in a text, with where it is."""

    path: Path
    line: int
    found: str
    reason: str
    severity: str

    def message(self) -> str:
        """Return the report's line: ``docs/it/why.md:12: «strati sottostanti» (error): reason``."""
        return f"{relative(self.path)}:{self.line}: «{self.found}» ({self.severity}): {self.reason}"


def path(lang: str) -> Path:
    """Return the terminology file of ``lang``: ``docs/terminology/<lang>.toml`` (it may not exist)."""
    return TERMINOLOGY_DIR / f"{lang}.toml"


def load(lang: str, where: Path | None = None) -> dict:
    """Return the terminology data of ``lang`` (empty if it has no file).

    Args:
        lang: The language.
        where: Another file to read instead (a test's fixture).

    Raises:
        ValueError: If the file is not valid TOML; the message names it and the line.
    """
    source = where or path(lang)
    if not source.exists():
        return {}
    stamp = source.stat()
    return _load(source, stamp.st_mtime_ns, stamp.st_size)


@functools.lru_cache(maxsize=8)
def _load(source: Path, mtime_ns: int, size: int) -> dict:
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{relative(source)}: {error}") from None


def glossary(lang: str) -> list[dict[str, str]]:
    """Return the glossary's rows for a page in ``lang``, in the English file's order.

    Each row has the ``concept`` (the English term), each translation's ``term`` by language
    code (``{"it": "strato (layer)"}``), the words of each term that are English (to mark
    them so), and the ``meaning`` in ``lang`` (in English where ``lang`` lacks it, with
    ``meaning_lang`` saying so).
    """
    english = load(languages.DEFAULT).get("terms", [])
    translated = {code: {entry.get("concept"): entry for entry in load(code).get("terms", [])} for code in languages.translations()}
    rows = []
    for entry in english:
        concept = entry["concept"]
        own = translated.get(lang, {}).get(concept, {})
        rows.append(
            {
                "concept": concept,
                "terms": {code: found[concept]["term"] for code, found in translated.items() if found.get(concept, {}).get("term")},
                "english_words": {
                    code: [word for word in found[concept].get("english", []) if re.search(r"[A-Za-z]{2}", word)]
                    for code, found in translated.items()
                    if concept in found
                },
                "meaning": " ".join((own.get("meaning") or entry["meaning"]).split()),
                "meaning_lang": lang if own.get("meaning") else languages.DEFAULT,
            }
        )
    return rows


def compare(english_path: Path, translated_path: Path) -> list[str]:
    """Return one message per English concept a translation's terminology lacks a term or a meaning for."""
    lang = translated_path.stem
    try:
        english = load(languages.DEFAULT, english_path).get("terms", [])
        translated = {entry.get("concept"): entry for entry in load(lang, translated_path).get("terms", [])}
    except ValueError as error:
        return [str(error)]
    problems = []
    text = english_path.read_text(encoding="utf-8")
    for entry in english:
        found = translated.get(entry["concept"], {})
        for key in ("term", "meaning"):
            if not found.get(key):
                line = _line_of(text, f'concept = "{entry["concept"]}"')
                problems.append(
                    f"{relative(translated_path)}: {key} missing for concept `{entry['concept']}` ({relative(english_path)}:{line})"
                )
    return problems


def avoided(lang: str, where: Path | None = None) -> list[Avoided]:
    """Return every form ``lang``'s prose must avoid, from its terminology file."""
    data = load(lang, where)
    entries = [item for term in data.get("terms", []) for item in term.get("avoid", [])]
    entries += data.get("register", {}).get("avoid", []) + data.get("calques", [])
    found = []
    for entry in entries:
        reason = entry.get("reason", "")
        if entry.get("rewrite"):
            reason = f"{reason} Write: {entry['rewrite']}".strip()
        for phrase in [entry["phrase"], *entry.get("variants", [])]:
            flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
            found.append(
                Avoided(phrase, reason, entry.get("severity", ERROR), _phrase_pattern(phrase, flags), tuple(entry.get("exceptions", [])))
            )
    return found


def texts(lang: str) -> list[Path]:
    """Return every file whose prose ``lang``'s readers see, the pages first."""
    from batchnorm_explained.locales import FIGURE_STRINGS
    from sitebuild.strings import SITE_STRINGS

    files = sorted(languages.docs_dir(lang).glob("*.md")) + sorted(languages.docs_dir(lang).glob("*.py"))
    files += sorted((SNIPPETS_DIR / lang).glob("*.py")) if lang != languages.DEFAULT else []
    files += [SITE_STRINGS.path(lang), FIGURE_STRINGS.path(lang), path(lang), ROOT / f"CONTRIBUTING.{lang}.md"]
    return [file for file in files if file.exists()]


def check(lang: str, files: list[Path] | None = None, where: Path | None = None) -> list[Hit]:
    """Return every avoided form and typographic slip in the prose of ``lang``'s texts.

    Args:
        lang: The language.
        files: The texts to read (default: ``texts(lang)``).
        where: The terminology file to use instead of ``lang``'s (a test's fixture).
    """
    forms = avoided(lang, where)
    typography = load(lang, where).get("typography", {})
    hits = []
    for file in texts(lang) if files is None else files:
        for line, text in prose(file):
            hits += _forms(file, line, text, forms) + _typography(file, line, text, typography)
    return sorted(hits, key=lambda hit: (str(hit.path), hit.line))


def prose(file: Path) -> list[tuple[int, str]]:
    """Return the prose of ``file`` in pieces: ``(first line, text)``, non-prose masked.

    Markdown pages are read whole, with code, tags, link targets, macro calls and front matter
    (but its ``description``) masked; a notebook's Markdown cells likewise, and its code cells'
    comments and printed text; an example's comments, docstrings and printed text; a strings
    file's values; a terminology file's ``term``s and ``meaning``s.
    """
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".md":
        return [(1, _markdown_prose(text.splitlines()))]
    if file.suffix == ".toml":
        return _toml_prose(text, glossary_only=file.parent == TERMINOLOGY_DIR)
    if text.startswith("# ---") or "\n# %%" in text:  # a notebook in jupytext's percent format
        return _notebook_prose(text)
    return translated_code.printed_text(text)


def _markdown_prose(lines: list[str]) -> str:
    out = []
    fence = None
    front = bool(lines) and lines[0].strip() == "---"
    avoid_indent: str | None = None
    for index, line in enumerate(lines):
        if front:
            if index > 0 and line.strip() == "---":
                front = False
            out.append(_description(line) if line.startswith("description:") else MASK * len(line))
            continue
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            out.append(MASK * len(line))
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append(MASK * len(line))
            continue
        if avoid_indent is not None:
            if not line.strip() or line.startswith(avoid_indent + "    "):
                out.append(MASK * len(line))
                continue
            avoid_indent = None
        admonition = _ADMONITION.match(line)
        if admonition:
            if f" {AVOID_CLASS}" in line.split('"')[0]:
                avoid_indent = admonition.group(1)
                out.append(MASK * len(line))
            else:  # the title is prose; the marker and its quotes are syntax
                title = admonition.group(2) or ""
                out.append(MASK * (len(line) - len(title) - 1) + title + MASK)
            continue
        out.append(line)
    return _NON_PROSE.sub(lambda match: re.sub(r"[^\n]", MASK, match.group(0)), "\n".join(out))


def _description(line: str) -> str:
    # The value of a front matter's `description:`, without the key and YAML's quotes.
    key, value = line.split(":", 1)
    stripped = value.strip()
    if len(stripped) > 1 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        value = value.replace(stripped, MASK + stripped[1:-1] + MASK, 1)
    return MASK * (len(key) + 1) + value


def _notebook_prose(text: str) -> list[tuple[int, str]]:
    lines = text.splitlines()
    found: list[tuple[int, str]] = []
    header = bool(lines) and lines[0].startswith("# ---")
    cell, start, body = "header" if header else "code", 1, []

    def flush() -> None:
        if cell == "markdown":
            found.append((start, _markdown_prose([line[2:] if line.startswith("# ") else "" for line in body])))
        elif cell == "code":
            found.extend((start + line - 1, piece) for line, piece in translated_code.printed_text("\n".join(body)))

    for number, line in enumerate(lines, start=1):
        if cell == "header":
            if line.strip().startswith("#   description:"):
                found.append((number, _description(line.split("#   ", 1)[1])))
            if number > 1 and line.startswith("# ---"):
                cell, start, body = "none", number + 1, []
            continue
        if line.startswith("# %%"):
            flush()
            cell, start, body = "markdown" if "[markdown]" in line else "code", number + 1, []
            continue
        body.append(line)
    flush()
    return found


_TOML_VALUE = re.compile(r'^\s*([\w.-]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$')


def _toml_prose(text: str, glossary_only: bool) -> list[tuple[int, str]]:
    if not glossary_only:  # a strings file: one "key = value" per line
        found = []
        for number, line in enumerate(text.splitlines(), start=1):
            match = _TOML_VALUE.match(line)
            if match:
                found.append((number, match.group(2).replace('\\"', '"').replace("\\n", "\n")))
        return found
    data = tomllib.loads(text)
    found = []
    for entry in data.get("terms", []):
        for key in ("term", "meaning"):
            value = entry.get(key)
            if value:
                found.append((_line_of(text, value.strip().splitlines()[0]), _markdown_prose(value.strip().splitlines())))
    return found


def _forms(file: Path, line: int, text: str, forms: list[Avoided]) -> list[Hit]:
    found = []
    for form in forms:
        for match in form.pattern.finditer(text):
            if not any(_inside(text, match, exception) for exception in form.exceptions):
                found.append((match.start(), match.end(), form, match.group(0)))
    # A form inside a longer one found at the same place ("lotti" in "normalizzazione dei
    # lotti") is the same slip: report the longer only.
    kept = [hit for hit in found if not any(o[0] <= hit[0] and hit[1] <= o[1] and (o[1] - o[0]) > (hit[1] - hit[0]) for o in found)]
    return [
        Hit(file, line + text.count("\n", 0, start), " ".join(words.split()), form.reason, form.severity) for start, _, form, words in kept
    ]


def _typography(file: Path, line: int, text: str, rules: dict) -> list[Hit]:
    if not rules:
        return []
    opening, closing = rules.get("quotes", ["«", "»"])
    inner = rules.get("nested_quotes", ["“", "”"])
    apostrophe = rules.get("apostrophe", "'")
    hits = []
    depth = 0
    for index, char in enumerate(text):
        depth += (char == opening) - (char == closing)
        problem = None
        if char == '"':
            problem = f"a straight double quote: quotations take {opening}…{closing} ({inner[0]}…{inner[1]} inside them)"
        elif char in "’‘" and apostrophe == "'":
            problem = "a curly apostrophe or single quote: the apostrophe is the straight ' (U+0027)"
        elif char in inner and depth <= 0:
            problem = f"{inner[0]}…{inner[1]} only inside {opening}…{closing}; a first-level quotation takes {opening}…{closing}"
        if problem:
            hits.append(Hit(file, line + text.count("\n", 0, index), char, problem, ERROR))
    return hits


def _phrase_pattern(phrase: str, flags: int) -> re.Pattern:
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    start = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    end = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return re.compile(start + words + end, flags)


def _inside(text: str, match: re.Match, exception: str) -> bool:
    pattern = _phrase_pattern(exception, re.IGNORECASE)
    return any(found.start() <= match.start() and match.end() <= found.end() for found in pattern.finditer(text))


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
