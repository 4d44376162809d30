"""Helpers for the tests: build a project (this one or a copy), find what a built site holds."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import languages
from sitebuild.html.tags import file_tags as tags
from sitebuild.paths import ROOT, command_env
from sitebuild.paths import copy_project as _copy_project

CODES = languages.codes()
PREVIOUS_SITE = "the previous site"
# The repository the test site names (the deploy workflow sets REPO_URL from its own).
REPO_URL = "https://github.com/example/batchnorm-explained"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from package-lock.json, injected by the browser tests

__all__ = ["CODES", "ROOT", "tags"]


def run(command: list[str], cwd: Path, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """Run a build command in project ``cwd`` with that project's own library and build package.

    ``env`` sets environment variables for the command (None removes one).
    """
    environment = command_env(cwd)
    for name, value in (env or {}).items():
        environment.pop(name, None)
        if value is not None:
            environment[name] = value
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, check=False)


def build_site(project: Path, site_dir: Path, *options: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """Build every language of ``project`` into ``site_dir`` as `make site` does (``env``: see ``run``)."""
    return run([sys.executable, "scripts/build_site.py", "--site-dir", str(site_dir), *options], project, env)


def copy_project(target: Path, with_cache: bool = True) -> Path:
    """Copy the project into ``target``; return it.

    With ``with_cache``, the outputs this project has already executed come along: they are
    keyed on their inputs, so the copy reuses those it did not change and executes the rest.
    """
    _copy_project(target)
    if with_cache and (ROOT / ".cache").is_dir():
        # Not the locks, nor what a build of this project is writing aside right now.
        shutil.copytree(ROOT / ".cache", target / ".cache", ignore=shutil.ignore_patterns("*.lock", ".lock", ".*.*", ".kernel-*"))
    return target


def digest(site: Path) -> dict[str, str]:
    """Every file of a built site, by path, with its SHA-256: two sites are the same bytes if their digests are equal."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def prefix(code: str) -> str:
    """The folder of language ``code`` in a served site, as a URL path (``""`` for the default)."""
    return "" if code == CODES[0] else f"{code}/"


def language_root(site: Path, code: str) -> Path:
    """The folder of language ``code`` in a built site: the root for the default language."""
    return site if code == CODES[0] else site / code


def load_config() -> dict:
    """Read ``mkdocs.yml`` as plain YAML: tags such as ``!ENV [NAME, default]`` give their default."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def default(loader, suffix, node):
        values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        return values[-1]

    Loader.add_multi_constructor("!", default)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", default)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def nav_pages(nav: list | None = None) -> list[str]:
    """Return the source of every page in the navigation (``mkdocs.yml``'s ``nav``), sections walked in order."""
    found = []
    for entry in load_config()["nav"] if nav is None else nav:
        value = entry if isinstance(entry, str) else next(iter(entry.values()))
        found += nav_pages(value) if isinstance(value, list) else [value]
    return found


def page_urls() -> list[str]:
    """Return the URL of every page in the navigation, relative to a language's root."""
    stems = [Path(source).with_suffix("").as_posix() for source in nav_pages()]
    return ["" if stem == "index" else f"{stem}/" for stem in stems]


def build_over_previous_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Build ``project`` into ``site_dir``, which holds a previous site with one page."""
    site_dir.mkdir()
    (site_dir / "index.html").write_text(PREVIOUS_SITE, encoding="utf-8")
    return build_site(project, site_dir)


def previous_site_untouched(site_dir: Path) -> bool:
    """Whether ``site_dir`` still holds exactly the previous site of `build_over_previous_site`."""
    return [path.name for path in site_dir.iterdir()] == ["index.html"] and (
        (site_dir / "index.html").read_text(encoding="utf-8") == PREVIOUS_SITE
    )


def build_english_with(tmp_path: Path, page: str, addition: str) -> str:
    """Append ``addition`` to English ``page`` in a copy of the project, build English; return its output.

    The build is expected to fail: the output is what names the problem.
    """
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "en" / page).open("a", encoding="utf-8") as file:
        file.write(f"\n{addition}\n")
    result = build_site(project, tmp_path / "out", "--language", "en")
    assert result.returncode != 0, "the build should have failed"
    return result.stdout + result.stderr


def line_of(path: Path, text: str) -> int:
    """Return the number of the first line of file ``path`` that contains ``text``."""
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)
