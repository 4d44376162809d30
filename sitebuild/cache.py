"""The build's one cache: content keys, entries written whole or not at all, and a lock.

Everything the build executes (figures, the Figure 1 training, snippets, notebooks, the
explorer's data, typeset formulas), and each language's built pages (``sitebuild.language_cache``),
is cached the same way, under ``.cache/<kind>/<name>/``:

- **Key.** A SHA-256 of every input: the producer's own source, its parameters, the library
  modules the code imports (followed through the library's imports, with the strings of the
  language it draws in) and the versions of the packages it runs on (``key``). An edit
  elsewhere in the library changes no key.
- **Entry.** A folder of files plus ``entry.json``, which records the key and each file's
  SHA-256 and is written last. An entry is written beside its place and exchanged with it
  in one step (``sitebuild.folders.replace``), so a build stopped midway leaves the old entry
  or the new one, never half of one (``save``).
- **Lock.** Producers that may run at once (the figures wait for the training) take the
  kind's lock (``lock``).

A lookup (``load``) returns the entry's folder only if its key is the one asked for and every
file it records is there with the SHA-256 it was written with. Anything else is a miss: an
entry that is unreadable, truncated or altered (by a disk, a kill, a hand) is removed, with
one log line naming the file, and the build makes it again. The caches that other tools
write under ``.cache/`` (mkdocs-jupyter's HTML, Jinja's compiled templates) are checked the
same way against the hashes recorded after each build (``check_tool_cache``,
``record_tool_cache``). A cache that cannot be written or removed stops the build with a
``CacheError`` that names the file and says that ``make clean`` empties the cache.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from batchnorm_explained import locales
from sitebuild import BuildError, folders
from sitebuild.paths import CACHE_DIR, ROOT, relative

LIBRARY = "batchnorm_explained"
LIBRARY_DIR = ROOT / "src" / LIBRARY
ENTRY = "entry.json"
TOOL_HASHES = "recorded.sha256"  # among another tool's cache files: "<sha256>  <name>" lines
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # a kind or an entry: one folder, never a path
CLEAN = "`make clean` empties the cache, and the next build makes it again"

log = logging.getLogger("sitebuild.cache")


class CacheError(BuildError):
    """The cache cannot be written or cleared; the message names the file and says that ``make clean`` fixes it."""


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
        digest.update(f"{package}=={_version(package)}\0".encode())
    return digest.hexdigest()


def folder(kind: str, name: str) -> Path:
    """Return where entry ``name`` of ``kind`` lives: ``.cache/<kind>/<name>/``.

    Raises:
        ValueError: If ``kind`` or ``name`` is not a plain folder name (``../x``, ``a/b``).
    """
    for part in (kind, name):
        if not isinstance(part, str) or not NAME.fullmatch(part) or ".." in part:
            raise ValueError(f"a cache entry is named by a kind and a name made of letters, digits, '_', '-' and '.', got {part!r}")
    return CACHE_DIR / kind / name


def load(kind: str, name: str, wanted: str) -> Path | None:
    """Return the folder of entry ``name`` of ``kind`` if it was made with key ``wanted`` and is intact, else None.

    An entry whose ``entry.json`` cannot be read, or one of whose files is missing or not the
    bytes it was written with, is removed (one log line names the file): the caller makes it again.

    Raises:
        CacheError: If a damaged entry cannot be removed.
    """
    place = folder(kind, name)
    try:
        recorded = json.loads((place / ENTRY).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        return _discard(place, f"{relative(place / ENTRY)} cannot be read ({type(error).__name__})")
    if not isinstance(recorded, dict) or not isinstance(recorded.get("files"), dict):
        return _discard(place, f"{relative(place / ENTRY)} is not an entry's record")
    if recorded.get("key") != wanted:
        return None  # made from other inputs: a plain miss
    problems = [
        f"{relative(place / file)} {problem}"
        for file, digest in recorded["files"].items()
        if (problem := _file_problem(place / file, digest))
    ]
    return _discard(place, "; ".join(problems)) if problems else place


def _file_problem(path: Path, digest: object) -> str | None:
    try:
        return None if _sha256(path) == digest else "is not what was written (its SHA-256 differs from the one recorded)"
    except FileNotFoundError:
        return "is missing"
    except OSError as error:
        return f"cannot be read ({error.strerror or type(error).__name__})"


def _discard(place: Path, problem: str) -> None:
    log.info("cache: %s; it is made again", problem)
    try:
        with folders.owned(place.parent, f".{place.name}.") as aside:
            if place.exists():
                place.rename(aside / place.name)
    except OSError as error:
        raise CacheError(f"{problem}, and {relative(place)} cannot be removed ({error}); {CLEAN}") from None


def save(kind: str, name: str, made_with: str, write: Callable[[Path], None]) -> Path:
    """Make entry ``name`` of ``kind`` with key ``made_with``: ``write`` fills a folder; return it.

    The folder is filled aside and exchanged with the entry once ``entry.json`` is written, so
    readers see the previous entry or the new one. If ``write`` raises, nothing is kept; what
    a killed process left aside is removed by the next save of that entry.

    Raises:
        CacheError: If the entry cannot be written (the message names it and the cure).
    """
    place = folder(kind, name)
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        folders.sweep(place.parent, f".{name}.", lockless_after=folders.ORPHAN_AGE)
        with folders.owned(place.parent, f".{name}.") as staging:
            write(staging)
            files = {path.relative_to(staging).as_posix(): _sha256(path) for path in sorted(staging.rglob("*")) if path.is_file()}
            (staging / ENTRY).write_text(json.dumps({"key": made_with, "files": files}, indent=1), encoding="utf-8")
            folders.replace(staging, place)
    except OSError as error:
        raise CacheError(f"the cache entry {relative(place)} cannot be written ({error}); {CLEAN}") from None
    return place


@contextlib.contextmanager
def lock(kind: str) -> Iterator[None]:
    """Hold the lock of ``kind``'s folder while computing what it caches.

    A process that needs an output another process is making waits here, then finds it in the
    cache, instead of computing it a second time.

    Raises:
        CacheError: If the lock file cannot be opened (the message names it and the cure).
    """
    path = CACHE_DIR / kind / ".lock"
    held = contextlib.ExitStack()
    try:
        held.enter_context(folders.locked(path))
    except OSError as error:
        raise CacheError(f"the cache's lock {relative(path)} cannot be taken ({error}); {CLEAN}") from None
    with held:
        yield


def check_tool_cache(place: Path) -> None:
    """Remove the files of another tool's cache folder ``place`` that are not as the last build left them.

    mkdocs-jupyter and Jinja write their caches themselves, with no check of what they read
    back. After each build ``record_tool_cache`` notes every file's SHA-256; before the next,
    a file that differs, or that no build recorded (one a killed build was writing), is
    removed with one log line, and the tool makes it again.

    Raises:
        CacheError: If a file cannot be read or removed.
    """
    try:
        recorded = _recorded_tool_hashes(place)
        for path in sorted(place.iterdir()) if place.is_dir() else []:
            if path.name == TOOL_HASHES or not path.is_file():
                continue
            problem = _file_problem(path, recorded[path.name]) if path.name in recorded else "was not recorded by a finished build"
            if problem is not None:
                log.info("cache: %s %s; it is made again", relative(path), problem)
                path.unlink()
    except OSError as error:
        raise CacheError(f"the cache folder {relative(place)} cannot be checked ({error}); {CLEAN}") from None


def record_tool_cache(place: Path) -> None:
    """Note the SHA-256 of every file of another tool's cache folder ``place`` (see ``check_tool_cache``)."""
    if not place.is_dir():
        return
    lines = "".join(f"{_sha256(path)}  {path.name}\n" for path in sorted(place.iterdir()) if path.is_file() and path.name != TOOL_HASHES)
    try:
        with folders.owned(place.parent, f".{place.name}.") as aside:
            (aside / TOOL_HASHES).write_text(lines, encoding="utf-8")
            (aside / TOOL_HASHES).replace(place / TOOL_HASHES)  # written whole, then renamed in
    except OSError as error:
        raise CacheError(f"the cache folder {relative(place)} cannot be written ({error}); {CLEAN}") from None


def _recorded_tool_hashes(place: Path) -> dict[str, str]:
    try:
        text = (place / TOOL_HASHES).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged record: every file is checked as unrecorded, and made again
    return {name: digest for digest, _, name in (line.partition("  ") for line in text.splitlines())}


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


@functools.cache  # installed versions do not change while a build runs
def _version(package: str) -> str:
    return importlib.metadata.version(package)


@functools.lru_cache(maxsize=256)  # a snippet's key is asked for by the build and by every page that shows it
def _imported_names(code: str) -> frozenset[str] | None:
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
    return frozenset(names)


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
