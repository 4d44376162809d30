"""How a page calls a macro: ``{{ name(arguments) }}``, found and replaced in one pass.

Arguments are Python literals (``{{ figure("figure-1") }}``, ``{{ benchmark_results() }}``).
A call alone on an indented line (inside an admonition, say) is replaced by Markdown indented
as deep, so that a figure or a snippet stays inside the block that holds it. Code a page shows (fenced blocks, inline code, ``<code>`` and ``<pre>`` elements) is left as
it is, so a guide can show a macro without calling it. A call of a name that is not a macro,
arguments that are not literals, a figure or snippet that is not registered, or a macro that
refuses its arguments fail the build with the file and line of the call; a name is checked
against its registry before the macro runs, so a page can only name what the project made.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sitebuild import BuildError

CALL = re.compile(r"\{\{\s*(?P<name>[A-Za-z_]\w*)\s*\((?P<args>.*?)\)\s*\}\}")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1|<(code|pre)\b.*?</\2>", re.DOTALL)
BACKTICKS = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.DOTALL)


class MacroError(BuildError):
    """A page calls a macro wrongly; the message starts with the file and line of the call."""


@dataclass(frozen=True)
class Page:
    """What a macro knows of the page that calls it.

    Attributes:
        lang: The page's language code.
        src_uri: The page's file inside its language's folder, e.g. ``transform.md``.
        path: The page's source as messages name it, e.g. ``docs/it/transform.md``.
        url: Gives the URL, relative to this page, of a path in the built site.
        page_url: Gives the URL, relative to this page, of another page of the build from its
            source path (``figure-1.md``), or None if the build has no such page.
        figures: This language's figures (``sitebuild.outputs.figures.manifest``).
        site_url: The published address of this language's site (``https://…/it/``).
    """

    lang: str
    src_uri: str
    path: str
    url: Callable[[str], str]
    page_url: Callable[[str], str | None]
    figures: dict[str, dict] = field(default_factory=dict)
    site_url: str = ""


@dataclass(frozen=True)
class Call:
    """One macro call in a text: its name, its arguments' source, where it is and its text."""

    name: str
    args: str
    start: int
    end: int
    line: int
    text: str


def calls(text: str) -> Iterator[Call]:
    """Yield every macro call of ``text`` outside the code it shows, in order."""
    masked = mask_code(text)
    for match in CALL.finditer(masked):
        line = masked.count("\n", 0, match.start()) + 1
        yield Call(
            match["name"],
            text[match.start("args") : match.end("args")],
            match.start(),
            match.end(),
            line,
            text[match.start() : match.end()],
        )


def arguments(call: Call) -> tuple:
    """Return the call's arguments as Python values.

    Raises:
        ValueError: If they are not a comma-separated list of Python literals.
    """
    if not call.args.strip():
        return ()
    try:
        return ast.literal_eval(f"({call.args},)")
    except (ValueError, SyntaxError):
        raise ValueError(f'arguments must be Python literals, such as "name", got ({call.args})') from None


def registered(kind: str, names: Callable[[], list[str]]) -> Callable:
    """Mark a macro whose first argument must be one of ``names()``, a ``kind`` (``"snippet"``, ``"figure"``).

    The name is checked with the call (``refused``), before the macro runs or any file is read.
    """

    def mark(function: Callable) -> Callable:
        function.registry = (kind, names)
        return function

    return mark


def refused(call: Call, table: dict[str, Callable[..., str]]) -> str | None:
    """Return why ``call`` cannot be made, or None if it can.

    The reasons: a name that is not in ``table``, arguments that are not Python literals or
    do not fit the macro, or a first argument that is not one of its registry's names.
    """
    function = table.get(call.name)
    if function is None:
        return f"unknown macro {call.name!r}; the macros are {', '.join(sorted(table))}"
    try:
        values = arguments(call)
        inspect.signature(function).bind(None, *values)
    except (ValueError, TypeError) as error:
        return str(error)
    kind, names = getattr(function, "registry", (None, None))
    if kind is not None and values and values[0] not in names():
        return f"unknown {kind} {values[0]!r}; the {kind}s are {', '.join(names())}"
    return None


def expand(text: str, page: Page, table: dict[str, Callable[..., str]], first_line: int = 1) -> str:
    """Return ``text`` with every macro call replaced by what its function returns.

    Args:
        text: The page's Markdown.
        page: The page, passed to each macro function first.
        table: The macros, by name.
        first_line: The line of the page's source file that ``text`` starts on (front matter
            comes before it).

    Raises:
        MacroError: For a call ``refused`` names a reason for, or a macro that refuses its
            arguments (``ValueError``); the message names the file and line of the call.
    """
    parts, done = [], 0
    for call in calls(text):
        where = f"{page.path}:{first_line + call.line - 1}: {call.text}"
        reason = refused(call, table)
        if reason is not None:
            raise MacroError(f"{where}: {reason}")
        try:
            replacement = table[call.name](page, *arguments(call))
        except ValueError as error:
            raise MacroError(f"{where}: {error}") from None
        parts += [text[done : call.start], _indented(replacement, text, call.start)]
        done = call.end
    return "".join(parts) + text[done:]


def _indented(replacement: str, text: str, start: int) -> str:
    # A call preceded on its line by spaces only (a collapsible exercise's solution, say):
    # every line of the replacement but the first, which follows the spaces already there,
    # gets the same indentation, or Markdown would end the block at the first line break.
    indent = text[text.rfind("\n", 0, start) + 1 : start]
    if not indent or indent.strip():
        return replacement
    return replacement.replace("\n", "\n" + indent)


def mask_code(text: str, elements: bool = True) -> str:
    """Return ``text`` with the code it shows blanked out: same length, same lines.

    Fenced blocks and inline code become spaces (newlines kept), so offsets and line numbers
    in the result are the original's. With ``elements``, so do ``<code>`` and ``<pre>``
    elements; without, they stay: their content is HTML, which a browser runs.
    """
    lines, fence = text.splitlines(keepends=True), None
    for index, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            continue
        lines[index] = re.sub(r"[^\n]", " ", line)
    pattern = INLINE_CODE if elements else BACKTICKS
    return pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), "".join(lines))
