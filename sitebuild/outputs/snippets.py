"""The code examples shown on the explainer's pages, run while the site is built, in each language.

A snippet is a short Python script, ``docs/snippets/<name>.py``. A page writes
``{{ run("name") }}`` and gets the script's source followed by what it printed: the numbers a
reader sees come from the library, not from the text.

Its translation is a twin, ``docs/snippets/<lang>/<name>.py``: the same code, with its comments,
docstrings and printed text in that language and ``lang = "<lang>"``, so that the library's
``format_number`` writes the numbers the language's way (``sitebuild.translated_code`` says
exactly what may differ). A language's pages show its twin and what the twin printed. A twin
is executed only once it is checked to be the English code: a missing twin, or one whose code
differs from the English (an English edit it has not followed yet, or a mistake), is not run,
and the pages show the English example instead, with a notice.

Each snippet runs in a fresh namespace of the preparing process, with torch's global seed set
to 0. Its output in each language is one cache entry (``.cache/snippets/<lang>-<name>/``),
keyed on the code shown, the library modules it imports (with the strings of its language), this
file and torch's version.
"""

from __future__ import annotations

import contextlib
import io
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from sitebuild import BuildError, cache, languages, translated_code
from sitebuild.paths import SNIPPETS_DIR, relative

KIND, OUTPUT = "snippets", "output.txt"
RECORD = re.compile(r"\A# translation_of: \S+\n")  # a twin's first line (sitebuild.translations)


class SnippetError(BuildError):
    """A snippet is missing or raised; the message names its file and line."""


@dataclass(frozen=True)
class Shown:
    """The example a language's pages show for a snippet.

    Attributes:
        name: The snippet's name.
        lang: The language of the pages.
        path: The file shown: the language's twin, or the English snippet.
        code: Its source.
        translated: Whether it is the language's own twin (False: the English fallback).
    """

    name: str
    lang: str
    path: Path
    code: str
    translated: bool


def names() -> list[str]:
    """Return the names of every snippet, sorted."""
    return sorted(path.stem for path in SNIPPETS_DIR.glob("*.py"))


def path(name: str, lang: str = languages.DEFAULT) -> Path:
    """Return the file of snippet ``name`` in ``lang``: ``docs/snippets/<name>.py`` in English,
    ``docs/snippets/<lang>/<name>.py`` in a translation (it may not exist)."""
    return SNIPPETS_DIR / f"{name}.py" if lang == languages.DEFAULT else SNIPPETS_DIR / lang / f"{name}.py"


def source(name: str) -> str:
    """Return the source of English snippet ``name``.

    The name is checked against the snippets' list before any path is made of it: a page
    can run a snippet, never another file.

    Raises:
        SnippetError: If ``name`` is not the name of a file of ``docs/snippets/``.
    """
    if name not in names():
        raise SnippetError(f"unknown snippet {name!r}; the snippets are {', '.join(names())}")
    return path(name).read_text(encoding="utf-8")


def twin_difference(name: str, lang: str) -> translated_code.Difference | None:
    """Return where the twin of ``name`` in ``lang`` differs in code from the English snippet, if it does.

    Raises:
        SnippetError: If there is no such snippet, or no such twin.
    """
    twin = path(name, lang)
    if not twin.is_file():
        raise SnippetError(f"{relative(twin)} does not exist")
    return translated_code.difference(source(name), twin.read_text(encoding="utf-8"), lang)


def shown(name: str, lang: str) -> Shown:
    """Return the example that ``lang``'s pages show for snippet ``name``: its twin if it may run.

    Raises:
        SnippetError: If there is no such snippet.
    """
    english = source(name)
    twin = path(name, lang)
    if lang != languages.DEFAULT and twin.is_file():
        code = twin.read_text(encoding="utf-8")
        if translated_code.difference(english, code, lang) is None:
            return Shown(name, lang, twin, code, translated=True)
    return Shown(name, lang, path(name), english, translated=lang == languages.DEFAULT)


def displayed(code: str) -> str:
    """Return the code as a page shows it: without a twin's ``# translation_of:`` record line."""
    return RECORD.sub("", code, count=1).rstrip()


def is_current(name: str, lang: str = languages.DEFAULT) -> bool:
    """Whether the output of the example ``lang``'s pages show for ``name`` is cached and current."""
    return output(name, lang) is not None


def output(name: str, lang: str = languages.DEFAULT) -> str | None:
    """Return what the example ``lang``'s pages show for ``name`` printed, if cached and current, else None.

    Raises:
        SnippetError: If there is no such snippet.
    """
    example = shown(name, lang)
    found = cache.load(KIND, _entry(example), _key(example))
    return None if found is None else (found / OUTPUT).read_text(encoding="utf-8")


def run(name: str, lang: str = languages.DEFAULT) -> str:
    """Return what the example ``lang``'s pages show for ``name`` prints, running it unless cached.

    Raises:
        SnippetError: If the snippet is missing or raises; the message names the file, the
            line and the exception.
    """
    example = shown(name, lang)
    wanted = _key(example)
    found = cache.load(KIND, _entry(example), wanted)
    if found is None:
        printed = _execute(example.path, example.code)
        found = cache.save(KIND, _entry(example), wanted, lambda folder: (folder / OUTPUT).write_text(printed, encoding="utf-8"))
    return (found / OUTPUT).read_text(encoding="utf-8")


def _entry(example: Shown) -> str:
    # The English fallback a translation shows is the English entry: it runs once.
    return f"{example.lang if example.translated else languages.DEFAULT}-{example.name}"


def _execute(path: Path, code: str) -> str:
    import torch

    torch.manual_seed(0)  # a snippet that forgets its generator still prints the same numbers
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, str(path), "exec"), {"__name__": "__main__", "__file__": str(path)})
    except Exception as error:
        raise SnippetError(_explain(path, code, error)) from None
    return printed.getvalue().rstrip("\n")


def _explain(path: Path, code: str, error: Exception) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == str(path)]
    where = f", line {frames[-1].lineno}" if frames else ""
    line = code.splitlines()[frames[-1].lineno - 1].strip() if frames else ""
    message = f"{relative(path)}{where} raised {type(error).__name__}: {error}"
    return message + (f"\n    {line}" if line else "")


def _key(example: Shown) -> str:
    # The strings of the language it prints in are inputs: format_number reads its separator there.
    lang = example.lang if example.translated else languages.DEFAULT
    return cache.key(example.code, Path(__file__).read_bytes(), code=example.code, lang=lang, packages=("torch",))
