"""Rebuilds redo only what an edit changed, and two cold builds give the same bytes."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import CODES, build_site, copy_project


def cached_outputs(project: Path) -> dict[str, int]:
    """Every output the build executed and cached (figures, snippets, notebooks, training, experiments), with its mtime."""
    cache = project / ".cache"
    kinds = ("figures", "snippets", "notebooks", "training", "experiments", "explorer")
    return {str(path.parent.relative_to(cache)): path.stat().st_mtime_ns for kind in kinds for path in cache.glob(f"{kind}/*/entry.json")}


def redone(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> SimpleNamespace:
    """A copy of the project and its site, built with every cache empty (one cold build serves both tests)."""
    tmp = tmp_path_factory.mktemp("cold")
    project = copy_project(tmp / "project", with_cache=False)
    built = build_site(project, tmp / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    return SimpleNamespace(project=project, site=tmp / "site", outputs=cached_outputs(project))


def test_rebuilds_redo_only_what_changed(cold, tmp_path):
    project, outputs = cold.project, cold.outputs
    assert len([name for name in outputs if name.startswith("notebooks/")]) == len(CODES)
    experiments = {"experiments/learning-rates", "experiments/batch-noise", "experiments/variance-shift"}
    assert {"training/figure1", "explorer/batch", *experiments, *(f"figures/{code}" for code in CODES)} <= set(outputs)

    warm = build_site(project, tmp_path / "site")
    assert warm.returncode == 0
    assert warm.stdout.count("Its inputs did not change") == len(CODES)  # every language copied: MkDocs did not run
    assert cached_outputs(project) == outputs

    # The later normalizations are used by a few snippets, by no figure, no experiment and no
    # notebook (the figure of their axes is drawn by a module of its own).
    later = r"\b(?:layer_norm|group_norm|instance_norm|rms_norm)\b"
    imports_them = re.compile(r"from batchnorm_explained import \(?[^)\n]*(?:\n[^)\n]*)*" + later)
    users = {path.stem for path in (project / "docs" / "snippets").glob("*.py") if imports_them.search(path.read_text(encoding="utf-8"))}
    assert users
    with (project / "src" / "batchnorm_explained" / "normalization.py").open("a", encoding="utf-8") as source:
        source.write("\n# An edit in the normalizations.\n")
    before = cached_outputs(project)
    assert build_site(project, tmp_path / "site").returncode == 0
    assert redone(before, cached_outputs(project)) == {f"snippets/{code}-{name}" for code in CODES for name in users}

    # An Italian interface string: the pages show it, and nothing is executed again.
    site_strings = project / "sitebuild" / "strings" / "it.toml"
    site_strings.write_text(
        site_strings.read_text(encoding="utf-8").replace('output = "Output"', 'output = "Uscita stampata"'), encoding="utf-8"
    )
    before = cached_outputs(project)
    relabelled = build_site(project, tmp_path / "site")
    assert relabelled.returncode == 0
    assert redone(before, cached_outputs(project)) == set()
    # MkDocs ran for every language, and took the notebooks' HTML from its cache.
    assert "Converting notebook" not in relabelled.stdout
    assert relabelled.stdout.count("Cache hit") == len(CODES)
    assert '<span class="filename">Uscita stampata</span>' in (tmp_path / "site" / "it" / "backpropagation" / "index.html").read_text(
        encoding="utf-8"
    )

    # The Italian figure strings: the Italian figures and notebook, never the English ones.
    with (project / "src" / "batchnorm_explained" / "locales" / "it.toml").open("a", encoding="utf-8") as strings:
        strings.write("\n# An edit in the Italian strings.\n")
    before = cached_outputs(project)
    assert build_site(project, tmp_path / "site").returncode == 0
    again = redone(before, cached_outputs(project))
    assert {"figures/it"} <= again
    assert [name for name in again if name.startswith("notebooks/")] == [name for name in again if name.startswith("notebooks/it-")] != []
    assert not [name for name in again if name.startswith(("figures/en", "notebooks/en-", "training/", "experiments/"))]

    # The plotting module: every figure and every notebook, in every language.
    with (project / "src" / "batchnorm_explained" / "plotting.py").open("a", encoding="utf-8") as source:
        source.write("\n# An edit in the plotting module.\n")
    before = cached_outputs(project)
    edited = build_site(project, tmp_path / "site")
    assert edited.returncode == 0
    assert redone(before, cached_outputs(project)) >= {f"figures/{code}" for code in CODES}
    assert len([name for name in redone(before, cached_outputs(project)) if name.startswith("notebooks/")]) == len(CODES)


def test_two_cold_builds_of_the_same_sources_are_byte_identical(cold, tmp_path):
    # Another copy of the sources, in another folder: the bytes depend on neither.
    project = copy_project(tmp_path / "project", with_cache=False)
    assert build_site(project, tmp_path / "second").returncode == 0
    sites = [cold.site, tmp_path / "second"]
    files = sorted(path.relative_to(sites[0]) for path in sites[0].rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(sites[1]) for path in sites[1].rglob("*") if path.is_file())
    different = [name for name in files if (sites[0] / name).read_bytes() != (sites[1] / name).read_bytes()]
    assert different == []
