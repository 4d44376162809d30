"""The one place that runs the code examples shown on the explainer's pages.

A snippet is a short Python script in ``docs/snippets/<name>.py``. A page writes
``{{ run("name") }}`` and gets the script's source followed by what it printed, both produced
while the site is built: the numbers a reader sees come from the library, not from the text.
Snippets are code, so they are the same in every language; only the label of their output is
translated.

Each snippet runs in a fresh namespace of the build's own process, with torch's global seed set
to 0. Its output is cached under ``.cache/snippets/``, keyed on the snippet, the library
modules it imports, this file and torch's version: an unchanged build imports no torch.

Run ``python scripts/snippets.py`` to execute every snippet and print what it prints.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import json
import os
import sys
import traceback
from pathlib import Path

import project

SNIPPETS_DIR = project.DOCS_DIR / "snippets"


class SnippetError(Exception):
    """A snippet is missing or raised; the message names its file and line."""


def names() -> list[str]:
    """Return the names of every snippet, sorted."""
    return sorted(path.stem for path in SNIPPETS_DIR.glob("*.py"))


def source(name: str) -> str:
    """Return the source of snippet ``name``.

    Raises:
        SnippetError: If there is no ``docs/snippets/<name>.py``.
    """
    path = SNIPPETS_DIR / f"{name}.py"
    if not path.is_file():
        raise SnippetError(f"unknown snippet {name!r}: there is no {_project_path(path)}; snippets: {names()}")
    return path.read_text(encoding="utf-8")


def is_current(name: str) -> bool:
    """Whether snippet ``name``'s cached output was printed by its current code and library."""
    cached = project.CACHE_DIR / "snippets" / f"{name}.json"
    return cached.exists() and json.loads(cached.read_text(encoding="utf-8")).get("key") == _cache_key(source(name))


def output(name: str) -> str:
    """Return what snippet ``name`` prints, running it unless the cached output is current.

    Raises:
        SnippetError: If the snippet is missing or raises; the message names the file, the
            line and the exception.
    """
    code = source(name)
    key = _cache_key(code)
    cached = project.CACHE_DIR / "snippets" / f"{name}.json"
    if cached.exists():
        entry = json.loads(cached.read_text(encoding="utf-8"))
        if entry.get("key") == key:
            return entry["output"]
    printed = _execute(name, code)
    cached.parent.mkdir(parents=True, exist_ok=True)
    # Language builds run in parallel and may both write: write aside, then rename atomically.
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps({"key": key, "output": printed}, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, cached)
    return printed


def _execute(name: str, code: str) -> str:
    import torch

    path = SNIPPETS_DIR / f"{name}.py"
    torch.manual_seed(0)  # a snippet that forgets its generator still prints the same numbers
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, str(path), "exec"), {"__name__": "__main__", "__file__": str(path)})  # noqa: S102 (running it is the point)
    except Exception as error:  # noqa: BLE001 (any failure must stop the build, named by file and line)
        raise SnippetError(_explain(path, code, error)) from None
    return printed.getvalue().rstrip("\n")


def _explain(path: Path, code: str, error: Exception) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == str(path)]
    where = f", line {frames[-1].lineno}" if frames else ""
    line = code.splitlines()[frames[-1].lineno - 1].strip() if frames else ""
    message = f"{_project_path(path)}{where} raised {type(error).__name__}: {error}"
    return message + (f"\n    {line}" if line else "")


def _cache_key(code: str) -> str:
    digest = hashlib.sha256()
    digest.update(code.encode())
    digest.update(project.dependency_digest(code).encode())  # only the modules it imports
    digest.update(Path(__file__).read_bytes())
    digest.update(f"torch=={importlib.metadata.version('torch')}".encode())
    return digest.hexdigest()


def _project_path(path: Path) -> str:
    return path.resolve().relative_to(project.ROOT).as_posix()


def main() -> None:
    """Run every snippet (or those named on the command line) and print their output."""
    failed = False
    for name in sys.argv[1:] or names():
        try:
            print(f"# {name}\n{output(name)}\n")
        except SnippetError as error:
            print(f"# {name}\nerror: {error}\n", file=sys.stderr)
            failed = True
    sys.exit(failed)


if __name__ == "__main__":
    main()
