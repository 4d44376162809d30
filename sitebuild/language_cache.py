"""Each language's built pages, kept in the build's cache: a build whose inputs did not change copies them.

MkDocs is what a warm build spends its time on (about 0.7 s of wall time per language on two
cores). What it writes depends only on the project's files, the installed packages and a few
environment variables, so the folder each language built is kept as an entry of the build's
one cache (``.cache/site/<code>/``, ``sitebuild.cache``: checked file by file when read), keyed
on (``inputs``):

- every file of the project, except the tests and what is not a source (``SKIPPED``): pages,
  strings, the configuration, the theme's overrides, the build, the library, the lock files
  that pin KaTeX and the Python packages;
- the installed distributions (the names of their ``*.dist-info`` folders hold their versions)
  and Python's version;
- the environment variables the configuration and the build read (``VARIABLES``);
- the language and ``--strict``.

The executed outputs (figures, notebooks, …) are made from these inputs too, each keyed on
its own share of them. A change to any input rebuilds every language: the languages link to
one another, and telling which languages an edit touches is ``make serve``'s work.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import sysconfig
from fnmatch import fnmatchcase
from pathlib import Path

from sitebuild import cache
from sitebuild.paths import ROOT

KIND = "site"
# Read by mkdocs.yml (!ENV), sitebuild.languages and MkDocs itself (the build's date).
VARIABLES = ("SITE_URL", "REPO_URL", "REPO_BRANCH", "SOURCE_DATE_EPOCH")
# Not sources of the site. At the project's root: hidden folders (git's, the virtualenv, the
# build's cache and staging folders, the tools' caches, CI's settings), the installed
# node_modules (package-lock.json pins them), the built site and the tests. Anywhere: Python's
# byproducts.
SKIPPED_AT_ROOT = (".*", "node_modules", "site", "tests")
SKIPPED = ("__pycache__", "*.egg-info", "*.pyc")


def inputs(strict: bool) -> str:
    """Return the digest of everything a language's build reads, the language aside (see the module's docstring)."""
    digest = hashlib.sha256()
    for path in project_files():
        data = path.read_bytes()
        digest.update(f"{path.relative_to(ROOT).as_posix()}\0{len(data)}\0".encode() + data)
    installed = sorted(path.name for path in Path(sysconfig.get_paths()["purelib"]).glob("*.dist-info"))
    settings = [sys.version, f"strict={strict}", *installed, *(f"{name}={os.environ.get(name)}" for name in VARIABLES)]
    digest.update("\0".join(settings).encode())
    return digest.hexdigest()


def project_files() -> list[Path]:
    """Return the project's source files, sorted: every file but those ``SKIPPED_AT_ROOT`` and ``SKIPPED``."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder)
        skipped = SKIPPED + (SKIPPED_AT_ROOT if here == ROOT else ())
        subfolders[:] = sorted(name for name in subfolders if not _skipped(name, skipped))
        found += [here / name for name in sorted(files) if not _skipped(name, skipped)]
    return found


def _skipped(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)


def load(code: str, made_from: str) -> Path | None:
    """Return the kept folder of language ``code`` if it was built from inputs ``made_from`` and is intact, else None."""
    return cache.load(KIND, code, cache.key(made_from, code))


def copy(kept: Path, target: Path) -> None:
    """Copy a kept language folder (``load``'s result) to ``target``, as MkDocs would have written it."""
    shutil.copytree(kept, target, ignore=lambda folder, names: [cache.ENTRY] if Path(folder) == kept else [])


def save(code: str, made_from: str, built: Path) -> None:
    """Keep the folder language ``code`` was just built into, from inputs ``made_from``.

    Raises:
        sitebuild.cache.CacheError: If the entry cannot be written.
    """
    cache.save(KIND, code, cache.key(made_from, code), lambda folder: shutil.copytree(built, folder, dirs_exist_ok=True))
