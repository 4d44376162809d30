"""The site as a reader without the project gets it: no repository named, and a notebook that runs anywhere.

The English site is built for a server on this machine, as a deploy names its address, and
served there. Its downloaded notebook runs in a fresh virtual environment: its first cell
installs the library's wheel from the served site, with the dependencies pinned in
``constraints.txt`` from a local folder of wheels, and no package index (no network).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, build_site, page_urls

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

    # The wheels the notebook may install, gathered first: the install itself uses no index.
    wheelhouse = tmp_path / "wheels"
    pip(sys.executable, "download", "--quiet", "--dest", wheelhouse, "-c", ROOT / "constraints.txt", wheel, "ipykernel")
    python = fresh_environment(tmp_path / "venv", wheelhouse)
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
        PIP_FIND_LINKS=str(wheelhouse),
        PIP_CONSTRAINT=str(ROOT / "constraints.txt"),
        PIP_NO_COMPILE="1",  # nothing here runs twice: byte-compiling torch would only cost time
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


def pip(python, *arguments) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *map(str, arguments)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def fresh_environment(folder: Path, wheelhouse: Path) -> Path:
    """Make a virtual environment holding a Jupyter kernel only, as Jupyter or Colab give; return its Python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    pip(python, "install", "--quiet", "--no-compile", "--no-index", "--find-links", wheelhouse, "-c", ROOT / "constraints.txt", "ipykernel")
    return python
