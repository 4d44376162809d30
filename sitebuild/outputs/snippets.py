"""The code examples shown on the explainer's pages, run while the site is built.

A snippet is a short Python script in ``docs/snippets/<name>.py``. A page writes
``{{ run("name") }}`` and gets the script's source followed by what it printed: the numbers a
reader sees come from the library, not from the text. Snippets are code, so they are the same
in every language; only the label of their output is translated.

Each snippet runs in a fresh namespace of the preparing process, with torch's global seed set
to 0. Its output is one cache entry (``.cache/snippets/<name>/``), keyed on the snippet, the
library modules it imports, this file and torch's version.
"""

from __future__ import annotations

import contextlib
import io
import traceback
from pathlib import Path

from sitebuild import BuildError, cache
from sitebuild.paths import SNIPPETS_DIR, relative

KIND, OUTPUT = "snippets", "output.txt"


class SnippetError(BuildError):
    """A snippet is missing or raised; the message names its file and line."""


def names() -> list[str]:
    """Return the names of every snippet, sorted."""
    return sorted(path.stem for path in SNIPPETS_DIR.glob("*.py"))


def source(name: str) -> str:
    """Return the source of snippet ``name``.

    The name is checked against the snippets' list before any path is made of it: a page
    can run a snippet, never another file.

    Raises:
        SnippetError: If ``name`` is not the name of a file of ``docs/snippets/``.
    """
    if name not in names():
        raise SnippetError(f"unknown snippet {name!r}; the snippets are {', '.join(names())}")
    return (SNIPPETS_DIR / f"{name}.py").read_text(encoding="utf-8")


def is_current(name: str) -> bool:
    """Whether snippet ``name``'s cached output was printed by its current code and library."""
    return cache.load(KIND, name, _key(source(name))) is not None


def output(name: str) -> str | None:
    """Return what snippet ``name`` printed, if its cached output is current, else None.

    Raises:
        SnippetError: If there is no such snippet.
    """
    found = cache.load(KIND, name, _key(source(name)))
    return None if found is None else (found / OUTPUT).read_text(encoding="utf-8")


def run(name: str) -> str:
    """Return what snippet ``name`` prints, running it unless its cached output is current.

    Raises:
        SnippetError: If the snippet is missing or raises; the message names the file, the
            line and the exception.
    """
    code = source(name)
    wanted = _key(code)
    found = cache.load(KIND, name, wanted)
    if found is None:
        printed = _execute(name, code)
        found = cache.save(KIND, name, wanted, lambda folder: (folder / OUTPUT).write_text(printed, encoding="utf-8"))
    return (found / OUTPUT).read_text(encoding="utf-8")


def _execute(name: str, code: str) -> str:
    import torch

    path = SNIPPETS_DIR / f"{name}.py"
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


def _key(code: str) -> str:
    return cache.key(code, Path(__file__).read_bytes(), code=code, packages=("torch",))
