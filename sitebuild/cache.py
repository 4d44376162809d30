"""The build's one cache: content keys, entries written whole or not at all, and a lock.

Everything the build executes (figures, the Figure 1 training, snippets, notebooks, the
explorer's data, typeset formulas) is cached the same way, under ``.cache/<kind>/<name>/``:

- **Key.** A SHA-256 of every input: the producer's own source, its parameters, the library
  modules the code imports (followed through the library's imports, with the strings of the
  language it draws in) and the versions of the packages it runs on (``key``). An edit
  elsewhere in the library changes no key.
- **Entry.** A folder of files plus ``entry.json``, which records the key and each file's
  SHA-256 and is written last. An entry is written beside its place and renamed into it, so
  a build stopped midway leaves the old entry or none, never half of one (``save``).
- **Lock.** Producers that may run at once (the figures wait for the training) take the
  kind's lock (``lock``).

A lookup (``load``) returns the entry's folder only if its key is the one asked for.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from batchnorm_explained import locales
from sitebuild.paths import CACHE_DIR, ROOT

LIBRARY = "batchnorm_explained"
LIBRARY_DIR = ROOT / "src" / LIBRARY
ENTRY = "entry.json"


def key(*parts: str | bytes, code: str | None = None, lang: str | None = None, packages: tuple[str, ...] = ()) -> str:
    """Return the cache key of an output made from ``parts``.

    Args:
        *parts: The inputs themselves: sources, parameters written out, the producer's own code.
        code: Python source whose library imports the output depends on (see ``dependencies``).
        lang: The language the output is drawn in: the library's strings of that language
            (and of the default one, their fallback) are inputs too.
        packages: Distributions whose installed versions are inputs (``"torch"``, ...).
    """
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)  # ("ab", "c") ≠ ("a", "bc")
    if code is not None:
        for path in dependencies(code, lang):
            digest.update(path.relative_to(LIBRARY_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
    return digest.hexdigest()


def folder(kind: str, name: str) -> Path:
    """Return where entry ``name`` of ``kind`` lives: ``.cache/<kind>/<name>/``."""
    return CACHE_DIR / kind / name


def load(kind: str, name: str, wanted: str) -> Path | None:
    """Return the folder of entry ``name`` of ``kind`` if it was made with key ``wanted``, else None."""
    place = folder(kind, name)
    try:
        recorded = json.loads((place / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return place if isinstance(recorded, dict) and recorded.get("key") == wanted else None


def save(kind: str, name: str, made_with: str, write: Callable[[Path], None]) -> Path:
    """Make entry ``name`` of ``kind`` with key ``made_with``: ``write`` fills a folder; return it.

    The folder is filled aside and renamed into place once ``entry.json`` is written, so
    readers see the previous entry or the new one. If ``write`` raises, nothing is kept.
    """
    place = folder(kind, name)
    place.parent.mkdir(parents=True, exist_ok=True)
    staging = place.with_name(f".{name}.{os.getpid()}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        write(staging)
        files = {path.relative_to(staging).as_posix(): _sha256(path) for path in sorted(staging.rglob("*")) if path.is_file()}
        (staging / ENTRY).write_text(json.dumps({"key": made_with, "files": files}, indent=1), encoding="utf-8")
        old = place.with_name(f".{name}.{os.getpid()}.old")
        if place.exists():
            place.rename(old)
        staging.rename(place)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return place


@contextlib.contextmanager
def lock(kind: str) -> Iterator[None]:
    """Hold the lock of ``kind``'s folder while computing what it caches.

    A process that needs an output another process is making waits here, then finds it in the
    cache, instead of computing it a second time.
    """
    place = CACHE_DIR / kind
    place.mkdir(parents=True, exist_ok=True)
    with (place / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def dependencies(code: str, lang: str | None = None) -> list[Path]:
    """Return the library files that ``code`` (Python source) can depend on, sorted.

    The library names ``code`` imports (``from batchnorm_explained import batch_norm``) lead to
    the modules defining them, then to every module those import, and to the strings of
    ``lang`` (and of the default language, its fallback) when the locales module is among
    them. Code that imports the whole package (``import batchnorm_explained``) depends on all
    of it.
    """
    names = _imported_names(code)
    # Keyed on the modules' modification times: `make serve` lives through library edits.
    graph, exports = _module_graph(tuple(sorted((path.name, path.stat().st_mtime_ns) for path in LIBRARY_DIR.glob("*.py"))))
    if names is None:
        modules = set(graph)
    else:
        pending = {exports.get(name, name) for name in names} | {"__init__"}
        modules = set()
        while pending:
            module = pending.pop()
            if module in graph and module not in modules:
                modules.add(module)
                pending |= graph[module]
    files = [LIBRARY_DIR / f"{module}.py" for module in modules]
    if "locales" in modules:
        strings = locales.FIGURE_STRINGS
        wanted = {locales.DEFAULT_LANGUAGE, lang} if lang else {path.stem for path in strings.folder.glob("*.toml")}
        files += [strings.folder / "languages.toml", *(strings.path(code) for code in wanted)]
    return sorted(path for path in files if path.exists())


def _imported_names(code: str) -> set[str] | None:
    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == LIBRARY for alias in node.names):
            return None
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == LIBRARY:
            if node.module != LIBRARY:
                names.add(node.module.split(".")[1])  # a module of the package, by name
            elif any(alias.name == "*" for alias in node.names):
                return None
            else:
                names |= {alias.name for alias in node.names}
    return names


@functools.lru_cache(maxsize=4)
def _module_graph(stamp: tuple) -> tuple[dict[str, set[str]], dict[str, str]]:
    # Which modules each module imports, and which module defines each name __init__ exports
    # (its lazy table maps each public name to its module).
    graph: dict[str, set[str]] = {}
    exports: dict[str, str] = {}
    for path in LIBRARY_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported |= {node.module} if node.module else {alias.name for alias in node.names}
        if path.stem == "__init__":
            exports = _lazy_exports(tree)
            imported = set()  # importing the package imports none of its modules
        graph[path.stem] = imported - {"__init__"}
    return graph, exports


def _lazy_exports(tree: ast.Module) -> dict[str, str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "_MODULES" for target in node.targets):
            return ast.literal_eval(node.value)
    return {}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
