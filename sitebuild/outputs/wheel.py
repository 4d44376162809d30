"""The library as a wheel, published with the site so that a downloaded notebook can install it.

A reader who downloads a notebook has no clone of the project: the notebook's first cell
installs this wheel from the site (``sitebuild.site_files``). It is built once per version of
what goes into it (the library's files, ``pyproject.toml``, the README that is its
description, the licence), by hatchling, the project's build backend, and cached like every
output (``.cache/wheel/library/``). Hatchling writes fixed dates into the archive: the same
sources give the same bytes (it would date them by ``SOURCE_DATE_EPOCH``, which the site build
sets to its last commit, so the wheel is built without it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import BuildError, cache
from sitebuild.paths import ROOT

KIND = "wheel"
NAME = "library"
FOLDER = "wheel"  # where the site publishes it: <site>/wheel/<the wheel's file name>
INPUTS = ("pyproject.toml", "README.md", "LICENSE")


def cached() -> Path | None:
    """Return the wheel if it is built for the current sources, else None."""
    found = cache.load(KIND, NAME, _key())
    return None if found is None else _wheel_in(found)


def path() -> Path:
    """Build the wheel unless it is cached; return it.

    Raises:
        BuildError: If the wheel does not build; the message has the builder's output.
    """
    wanted = _key()
    found = cache.load(KIND, NAME, wanted) or cache.save(KIND, NAME, wanted, _build)
    return _wheel_in(found)


def url(site_url: str) -> str:
    """Return the published address of the cached wheel on the site at ``site_url``, or "" if there is none."""
    wheel = cached()
    return f"{site_url}{FOLDER}/{wheel.name}" if wheel and site_url else ""


def _build(folder: Path) -> None:
    # No build isolation: hatchling is pinned in the project's virtualenv, so the build needs
    # no network and always uses the same backend.
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "--wheel-dir", str(folder), str(ROOT)]
    # Not dated by the commit: the cache key holds the wheel's sources, not the commit's date.
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"the library's wheel did not build:\n{result.stdout}{result.stderr}")


def _wheel_in(folder: Path) -> Path:
    (wheel,) = folder.glob("*.whl")
    return wheel


def _key() -> str:
    library = cache.LIBRARY_DIR
    files = sorted(path for path in library.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    parts = [Path(__file__).read_bytes()] + [(ROOT / name).read_bytes() for name in INPUTS]
    parts += [path.relative_to(library).as_posix().encode() + b"\0" + path.read_bytes() for path in files]
    return cache.key(*parts, packages=("hatchling",))
