"""Where things are: the project's paths, its languages, and a digest of the library's source.

Build scripts and the MkDocs hooks import this module; it imports neither torch nor
matplotlib, so a build whose outputs are all cached never pays for them.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "src" / "batchnorm_explained"
CACHE_DIR = ROOT / ".cache"
DOCS_DIR = ROOT / "docs"


def _load_locales():
    # The library's own locales module, loaded by path: importing it as
    # `batchnorm_explained.locales` would run the package's __init__ and import torch.
    spec = importlib.util.spec_from_file_location("_batchnorm_explained_locales", PACKAGE_DIR / "locales.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


locales = _load_locales()


@contextlib.contextmanager
def exclusive(folder: Path):
    """Hold the lock of a cache folder while computing what it caches.

    The build runs the figures, the Figure 1 training and the notebooks in separate processes
    and the language builds beside them: whoever needs an output another process is making
    waits for it here, then finds it in the cache, instead of computing it a second time.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def language_codes() -> list[str]:
    """Return the site's language codes, the default language first."""
    return [language.code for language in locales.languages()]


def config_file(code: str) -> Path:
    """Return the MkDocs config of language ``code``: ``mkdocs.yml`` for the default one."""
    return ROOT / ("mkdocs.yml" if code == locales.DEFAULT_LANGUAGE else f"mkdocs.{code}.yml")


def site_prefix(code: str) -> str:
    """Return the folder of language ``code`` inside the assembled site (``""`` for the default)."""
    return "" if code == locales.DEFAULT_LANGUAGE else f"{code}/"


def copy_project(target: Path) -> Path:
    """Copy the project's files into ``target`` (node_modules linked, not copied); return it.

    The files are those git tracks or would track (not ignored), as they are in the working
    tree: no virtualenv, built site or cache comes along. Tests and benchmarks change copies.
    """
    import shutil
    import subprocess

    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, listing.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


PACKAGE = "batchnorm_explained"


def library_dependencies(code: str, lang: str | None = None) -> list[Path]:
    """Return the library files that ``code`` (Python source) can depend on, sorted.

    The library names ``code`` imports (``from batchnorm_explained import batch_norm``) lead to
    the modules defining them, then to every module those import, and to the strings of
    ``lang`` (and of English, its fallback) when the locales module is among them. Code that
    imports the whole package (``import batchnorm_explained``) depends on all of it.
    """
    names = _imported_names(code)
    # Keyed on the modules' modification times: `make serve` lives through library edits.
    graph, exports = _module_graph(tuple(sorted((path.name, path.stat().st_mtime_ns) for path in PACKAGE_DIR.glob("*.py"))))
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
    files = [PACKAGE_DIR / f"{module}.py" for module in modules]
    if "locales" in modules:
        strings = {"languages", locales.DEFAULT_LANGUAGE, *([lang] if lang else [path.stem for path in (PACKAGE_DIR / "locales").glob("*.toml")])}
        files += [PACKAGE_DIR / "locales" / f"{name}.toml" for name in strings]
    return sorted(path for path in files if path.exists())


def dependency_digest(code: str, lang: str | None = None) -> str:
    """Return a SHA-256 digest of the library files ``code`` depends on (see above)."""
    digest = hashlib.sha256()
    for path in library_dependencies(code, lang):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _imported_names(code: str) -> set[str] | None:
    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == PACKAGE for alias in node.names):
            return None
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == PACKAGE:
            if node.module != PACKAGE:
                names.add(node.module.split(".")[1])  # a module of the package, by name
            elif any(alias.name == "*" for alias in node.names):
                return None
            else:
                names |= {alias.name for alias in node.names}
    return names


@functools.lru_cache(maxsize=4)
def _module_graph(stamp: tuple) -> tuple[dict[str, set[str]], dict[str, str]]:
    # Which modules each module imports, and which module defines each name __init__ exports.
    graph: dict[str, set[str]] = {}
    exports: dict[str, str] = {}
    for path in PACKAGE_DIR.glob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    imported.add(node.module)
                    if path.stem == "__init__":
                        exports.update({alias.asname or alias.name: node.module for alias in node.names})
                else:
                    imported |= {alias.name for alias in node.names}
        graph[path.stem] = imported - {"__init__"} if path.stem != "__init__" else set()
    return graph, exports
