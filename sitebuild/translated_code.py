"""What a translation may change in code, checked on the syntax tree.

Code that the build executes (an example's twin, ``docs/snippets/<lang>/<name>.py``, and the
notebook's code cells) may differ from its English original only in

- comments and docstrings;
- the text that ``print(...)`` writes: string literals among its arguments and the literal
  parts of its f-strings, never what is inside ``{…}`` (the value and its format);
- the value of the module-level constant ``lang = "…"``, which must then be the language of
  the file (``"it"`` in ``docs/snippets/it/``).

Everything else (names, numbers, calls, any other string, the order and the count of the
values an f-string prints) is the code's, and must be the English code, character for
character once parsed. So a translation can never make the build run code that is not the
project's: the executed file is checked here first, and refused if it differs.

Code that a page only shows (a fenced block) follows a looser rule: the text of every string
may differ (a ``lang="it"`` argument, say), but still not the code inside an f-string's ``{…}``.

The comparison is made on the abstract syntax tree, not on tokens: in Python 3.11 a
tokenizer reads a whole f-string as one string, code inside ``{…}`` included.
"""

from __future__ import annotations

import ast
import functools
import io
import tokenize
from dataclasses import dataclass

TEXT = "…"  # what translatable text becomes before two trees are compared
LANG_CONSTANT = "lang"


@dataclass(frozen=True)
class Difference:
    """Where a translation's code first differs from the English code.

    Attributes:
        line: The translation's line (1-based), or 0 if the file does not parse.
        english_line: The English line it corresponds to, or 0.
        message: What differs, in words.
    """

    line: int
    english_line: int
    message: str


def shape(source: str, *, lang: str | None = None, executed: bool = True) -> str:
    """Return what must be the same in ``source`` and in every translation of it.

    Args:
        source: Python source.
        lang: The file's language: its ``lang = "…"`` constant must name it. None for a
            page's code block, which has no such constant.
        executed: The build runs this code (the strict rule of this module's docstring);
            False for code a page only shows, whose every string is text.

    Returns:
        The normalized syntax tree as text, or, for code that is not Python (a TOML or shell
        block), its tokens without comments and string contents (or its words).
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return _token_shape(source)
    return ast.dump(_normalized(tree, lang, executed))


@functools.lru_cache(maxsize=1024)  # asked again by every page that shows the example
def difference(english: str, translated: str, lang: str | None, *, executed: bool = True) -> Difference | None:
    """Return where code ``translated`` first differs from ``english`` beyond what it may translate.

    Args:
        english: The English original's source.
        translated: The translation's source.
        lang: The translation's language: its ``lang`` constant, if any, must be this. None
            for a page's code block.
        executed: The strict rule, for code the build runs (see ``shape``).

    Returns:
        None if the code is the same, else the first difference.
    """
    try:
        theirs = ast.parse(translated)
    except SyntaxError as error:
        return Difference(error.lineno or 0, 0, f"not valid Python: {error.msg}")
    try:
        ours = _normalized(ast.parse(english), None, executed)
    except SyntaxError:
        return Difference(1, 0, "the English code is not Python, so nothing may differ from it")
    assignment = _lang_assignment(theirs)
    if lang is not None and assignment is not None and assignment.value.value != lang:
        return Difference(
            assignment.lineno,
            0,
            f"`{LANG_CONSTANT} = {assignment.value.value!r}` must name this file's language: `{LANG_CONSTANT} = {lang!r}`",
        )
    normalized = _normalized(theirs, None, executed)
    found = _first_difference(ours, normalized, ours, normalized)
    if found is None:
        return None
    mine, other = found
    allowed = "the text that print() writes and the `lang` constant" if executed else "the text of strings"
    return Difference(
        getattr(other, "lineno", 0),
        getattr(mine, "lineno", 0),
        f"code differs from the English: only comments, docstrings, {allowed} may be translated",
    )


def printed_text(source: str) -> list[tuple[int, str]]:
    """Return the translatable text of Python ``source``: comments, docstrings and printed strings.

    Returns:
        ``(line, text)`` pairs in order; for a file that does not parse, its comments only.
    """
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        found += [(token.start[0], token.string.lstrip("#").strip()) for token in tokens if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        pass
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return sorted(found)
    for node in _docstrings(tree) + _printed_constants(tree):
        found.append((node.lineno, node.value))
    return sorted(found)


def _normalized(tree: ast.Module, lang: str | None, executed: bool) -> ast.Module:
    # Changes ``tree`` in place (every caller parses its own): copying it took most of the time
    # a warm build spent deciding which examples to show.
    for node in _docstrings(tree):
        node.value = TEXT
    assignment = _lang_assignment(tree)
    if assignment is not None and (lang is None or assignment.value.value == lang):
        assignment.value.value = TEXT
    specs = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.FormattedValue) and node.format_spec
        for part in ast.walk(node.format_spec)
    }
    if executed:
        texts = _printed_constants(tree)
    else:
        texts = [
            node for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in specs
        ]
    for node in texts:
        node.value = TEXT
    translated = {id(node) for node in texts}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in specs:
            # A translation may put its words around the values as it likes, but not move,
            # add or drop a value: the literal parts it may translate are left out.
            node.values = [part for part in node.values if id(part) not in translated]
    return tree


def _docstrings(tree: ast.Module) -> list[ast.Constant]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.append(first.value)
    return found


def _printed_constants(tree: ast.Module) -> list[ast.Constant]:
    """The string literals and f-string literal parts among the arguments of print() calls."""
    found: list[ast.Constant] = []

    def text_of(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node)
        elif isinstance(node, ast.JoinedStr):
            found.extend(part for part in node.values if isinstance(part, ast.Constant))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            text_of(node.left)
            text_of(node.right)
        elif isinstance(node, ast.IfExp):
            text_of(node.body)
            text_of(node.orelse)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            for argument in node.args:
                text_of(argument)
    return found


def _lang_assignment(tree: ast.Module) -> ast.Assign | None:
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == LANG_CONSTANT
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node
    return None


def _first_difference(ours: ast.AST, theirs: ast.AST, our_place: ast.AST, their_place: ast.AST) -> tuple[ast.AST, ast.AST] | None:
    # Walk both trees side by side; report the innermost nodes with a line that hold the difference.
    if hasattr(ours, "lineno"):
        our_place = ours
    if hasattr(theirs, "lineno"):
        their_place = theirs
    if type(ours) is not type(theirs):
        return our_place, their_place
    if not isinstance(ours, ast.AST):
        return None if ours == theirs else (our_place, their_place)
    for name in ours._fields:
        mine, other = getattr(ours, name, None), getattr(theirs, name, None)
        if isinstance(mine, list) and isinstance(other, list):
            for left, right in zip(mine, other, strict=False):
                found = _first_difference(left, right, our_place, their_place)
                if found:
                    return found
            if len(mine) != len(other):
                extra = mine[len(other)] if len(mine) > len(other) else other[len(mine)]
                return (extra if len(mine) > len(other) and hasattr(extra, "lineno") else our_place), (
                    extra if len(other) > len(mine) and hasattr(extra, "lineno") else their_place
                )
        else:
            found = _first_difference(mine, other, our_place, their_place)
            if found:
                return found
    return None


def _token_shape(source: str) -> str:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return " ".join(source.split())
    kept = ['""' if token.type == tokenize.STRING else token.string for token in tokens if token.type != tokenize.COMMENT]
    return " ".join(part for part in kept if part.strip())
