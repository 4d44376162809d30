"""Where things are: the project's folders, and the one way to name a file in messages.

Every module of the build finds the project's files through these names, so a copy of the
project (tests and benchmarks build copies) works on its own files once its ``sitebuild``
is the one imported (``command_env``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
SNIPPETS_DIR = DOCS_DIR / "snippets"
TERMINOLOGY_DIR = DOCS_DIR / "terminology"
CACHE_DIR = ROOT / ".cache"
NODE_MODULES = ROOT / "node_modules"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
BENCH_RESULTS = ROOT / "benchmarks" / "results.json"
# Material's end-of-life banner would bury the build's own messages.
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def relative(path: Path | str) -> str:
    """Return ``path`` as messages name it: relative to the project (``docs/it/why.md``).

    A path outside the project is returned whole.
    """
    path = Path(path).resolve()
    root = ROOT.resolve()
    return path.relative_to(root).as_posix() if path == root or root in path.parents else str(path)


def command_env(root: Path = ROOT) -> dict[str, str]:
    """Return the environment for a build command run in project ``root`` (a copy, say).

    Its own library and build package come first on the path, whichever project installed
    the virtualenv, and MkDocs' banner is silenced.
    """
    return {**os.environ, **QUIET_MKDOCS, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}


def copy_project(target: Path) -> Path:
    """Copy the project's files into ``target`` (node_modules linked, not copied); return it.

    The files are those git tracks or would track (not ignored), as they are in the working
    tree: no virtualenv, built site or cache comes along. Tests and benchmarks change copies.
    """
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for name in filter(None, listing.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(NODE_MODULES)
    return target
