"""Helpers for the build tests: run a build, copy the project to change it safely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import project as _scripts_project

CODES = _scripts_project.language_codes()


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a build command in ``cwd`` with that project's own library first on the path."""
    env = {**os.environ, "PYTHONPATH": str(cwd / "src")}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Build every language of ``project`` into ``site_dir`` as `make site` does."""
    return run([sys.executable, "scripts/build_site.py", "--site-dir", str(site_dir)], project)


def copy_project(target: Path) -> Path:
    """Copy the project's files into ``target``, as ``scripts/project.py`` does; return it."""
    return _scripts_project.copy_project(target)


def language_root(site: Path, code: str) -> Path:
    """The folder of language ``code`` in a built site: the root for the default language."""
    return site if code == CODES[0] else site / code


def load_config(name: str = "mkdocs.yml") -> dict:
    """Read a MkDocs config as plain YAML: tags such as ``!ENV [NAME, default]`` give their default."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def default(loader, suffix, node):
        values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        return values[-1]

    Loader.add_multi_constructor("!", default)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", default)
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=Loader)


def page_urls() -> list[str]:
    """Return the URL of every page in the navigation, relative to a language's root."""
    config = load_config()
    stems = [Path(entry if isinstance(entry, str) else next(iter(entry.values()))).with_suffix("").as_posix() for entry in config["nav"]]
    return ["" if stem == "index" else f"{stem}/" for stem in stems]


PREVIOUS_SITE = "the previous site"


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
    result = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(tmp_path / "out")], project)
    assert result.returncode != 0, "the build should have failed"
    return result.stdout + result.stderr
