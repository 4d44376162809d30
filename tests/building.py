"""Helpers for the build tests: run a build, copy the project to change it safely."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a build reads; everything else (.venv, site, caches) stays out of a project copy.
PROJECT_FILES = ("docs", "overrides", "scripts", "src", "mkdocs.yml", "mkdocs.it.yml", "pyproject.toml")


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a build command in ``cwd`` with that project's own library first on the path."""
    env = {**os.environ, "PYTHONPATH": str(cwd / "src")}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Build every language of ``project`` into ``site_dir`` as `make site` does."""
    return run([sys.executable, "scripts/build_site.py", "--site-dir", str(site_dir)], project)


def copy_project(target: Path) -> Path:
    """Copy what a build reads into ``target`` (KaTeX linked, not copied) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target
