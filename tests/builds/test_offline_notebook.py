"""The site as a reader without the project gets it: no repository named, and a notebook that runs anywhere.

The English site is built for a server on this machine, as a deploy names its address, and
served there. Its downloaded notebook runs in a fresh virtual environment whose first cell
installs the library's wheel from the served site, with the versions pinned in
``constraints.txt`` and no package index (no network). The environment starts with the
wheel's dependencies only (and a Jupyter kernel, as Jupyter and Colab have): the very
distributions this project's virtualenv installed from ``constraints.txt``, linked into it
rather than installed again (unpacking torch's 750 MB took a minute and a half of the test
suite's fifteen).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from helpers import ROOT, build_site, page_urls
from packaging.requirements import Requirement

from sitebuild import staticserver

pytestmark = pytest.mark.site

KERNEL = "fresh-reader"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """English alone, built for a free port of this machine without REPO_URL, and served on it; yields (site, base URL)."""
    tmp = tmp_path_factory.mktemp("reader")
    port = staticserver.free_port()
    result = build_site(ROOT, tmp / "site", "--language", "en", env={"REPO_URL": None, "SITE_URL": f"http://127.0.0.1:{port}/"})
    assert result.returncode == 0, result.stdout + result.stderr
    with staticserver.serve(tmp / "site", port) as base:
        yield tmp / "site", base


def test_without_a_repository_no_edit_or_repository_link_is_shown(served):
    site, _ = served
    for url in page_urls():
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert 'rel="edit"' not in html and "md-source" not in html and "bn-edit" not in html, url


def test_the_downloaded_notebook_runs_in_a_fresh_environment_with_only_the_wheel(served, tmp_path):
    site, base = served
    downloaded = tmp_path / "example.ipynb"
    downloaded.write_bytes((site / "example.ipynb").read_bytes())
    (wheel,) = (site / "wheel").glob("*.whl")
    first = json.loads(downloaded.read_text(encoding="utf-8"))["cells"][0]["source"]
    assert "".join(first).splitlines()[-1] == f'%pip install --quiet "{base}wheel/{wheel.name}"'

    python = fresh_environment(tmp_path / "venv", ["batchnorm-explained", "ipykernel"])
    assert subprocess.run([python, "-c", "import batchnorm_explained"], capture_output=True, check=False).returncode != 0

    # Jupyter runs the notebook in a kernel of that environment, as a reader's Jupyter would.
    kernel = tmp_path / "jupyter" / "kernels" / KERNEL
    kernel.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (kernel / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}), encoding="utf-8")
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("PIP_", "PYTHON", "JUPYTER"))}
    environment.update(
        JUPYTER_PATH=str(tmp_path / "jupyter"),
        PIP_NO_INDEX="1",
        PIP_CONSTRAINT=str(ROOT / "constraints.txt"),
    )
    execute = [Path(sys.executable).parent / "jupyter-execute", f"--kernel_name={KERNEL}", "--inplace", "--timeout=600", downloaded]
    result = subprocess.run(execute, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr

    cells = json.loads(downloaded.read_text(encoding="utf-8"))["cells"]
    printed = "".join("".join(output.get("text", "")) for cell in cells for output in cell.get("outputs", []))
    assert "torch.Size([30, 32, 32]) torch.float32" in printed
    assert (
        sum(
            "image/svg+xml" in output.get("data", {}) or "image/png" in output.get("data", {})
            for cell in cells
            for output in cell.get("outputs", [])
        )
        >= 2
    )
    shown = subprocess.run([python, "-m", "pip", "show", "batchnorm-explained"], capture_output=True, text=True, check=True).stdout
    assert str(tmp_path / "venv") in shown  # installed into the fresh environment, from the site


def fresh_environment(folder: Path, requirements: list[str]) -> Path:
    """Make a virtual environment that sees only what ``requirements`` need (not themselves); return its Python.

    Their dependencies, followed to the end, are this virtualenv's installed distributions:
    each one's top-level files are linked into one folder, which the new environment has on
    its path.
    """
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    linked = folder / "dependencies"
    linked.mkdir()
    names, pending = set(), [name for requirement in requirements for name in _requires(requirement)]
    pending += [requirement for requirement in requirements if requirement != "batchnorm-explained"]
    while pending:
        name = canonical(pending.pop())
        if name in names:
            continue
        names.add(name)
        pending += _requires(name)
        for top in {Path(str(file)).parts[0] for file in metadata.distribution(name).files}:
            source = Path(metadata.distribution(name).locate_file(top))
            if source.exists() and not (linked / top).exists() and top != "..":
                (linked / top).symlink_to(source)
    site_packages = next((folder / "lib").glob("python3*/site-packages"))
    for bundled in site_packages.glob("setuptools*"):  # venv's own, older than torch asks for: the linked one serves
        shutil.rmtree(bundled)
    (site_packages / "dependencies.pth").write_text(f"{linked}\n", encoding="utf-8")
    return python


def _requires(name: str) -> list[str]:
    # A distribution's requirements without extras, for this platform and Python.
    found = []
    for requirement in metadata.requires(name) or []:
        parsed = Requirement(requirement)
        if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
            found.append(parsed.name)
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
