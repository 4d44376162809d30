"""The one place that executes the site's notebooks, once per version of their inputs.

A notebook is a jupytext percent script (``docs/<lang>/example.py``). It is executed in a
Jupyter kernel started in the project's root and saved as an ``.ipynb`` with its outputs under
``.cache/notebooks/<lang>/``, keyed on the notebook, the library modules (and strings) it
uses, this file and the versions of the plotting stack; mkdocs-jupyter then renders that file without executing
anything. The executed notebook is the same bytes at every run: cells get stable ids, and
figures are SVG with a fixed hash salt and no date.

Run ``python scripts/notebooks.py docs/it/example.py`` to execute one by hand.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import sys
from pathlib import Path

import project

# Run before the notebook's own cells, then removed: figures as SVG (crisp, light once
# compressed) whose ids and metadata do not change between runs.
SETUP = (
    "%config InlineBackend.figure_formats = ['svg']\n"
    "%config InlineBackend.rc = {'svg.hashsalt': 'batchnorm-explained', 'svg.fonttype': 'none'}\n"
    "%config InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Date': None}}"
)
# A kernel shared by several notebooks starts each one from an empty namespace.
RESET = "%reset -f\n"
TIMEOUT = 300  # seconds a cell may run


class NotebookError(Exception):
    """A notebook cell raised; the message names the file, the cell, its line and the error."""


def executed(path: Path, lang: str) -> Path:
    """Return the executed ``.ipynb`` of notebook ``path``, running it if its inputs changed.

    Args:
        path: A jupytext percent notebook, e.g. ``docs/it/example.py``.
        lang: The language whose cache folder holds the result.

    Raises:
        NotebookError: If a cell raises; nothing is cached then.
    """
    return execute_all([(path, lang)])[0]


def cached(path: Path, lang: str) -> Path | None:
    """Return the executed ``.ipynb`` of notebook ``path`` if it is up to date, else None."""
    target = _target(path, lang)
    return target if target.exists() else None


def execute_all(notebooks: list[tuple[Path, str]]) -> list[Path]:
    """Make sure each ``(path, lang)`` notebook is executed; return their ``.ipynb`` files.

    The notebooks that need running share one kernel, one after the other with the kernel's
    namespace reset in between: starting a kernel and importing torch is most of the cost.

    Raises:
        NotebookError: If a cell raises; notebooks executed before it stay cached.
    """
    if any(cached(path, lang) is None for path, lang in notebooks):
        # One runner at a time: a language build that needs a notebook another process is
        # executing waits for it instead of executing it again.
        with project.exclusive(project.CACHE_DIR / "notebooks"):
            pending = [(path, lang) for path, lang in notebooks if cached(path, lang) is None]
            if pending:
                _run_all(pending)
    return [_target(path, lang) for path, lang in notebooks]


def _run_all(pending: list[tuple[Path, str]]) -> None:
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(project.ROOT))
    try:
        for path, lang in pending:
            _save(_run(path, manager), _target(path, lang))
    finally:
        manager.shutdown_kernel(now=True)


def _target(path: Path, lang: str) -> Path:
    text = path.read_text(encoding="utf-8")
    return project.CACHE_DIR / "notebooks" / lang / f"{path.stem}-{_cache_key(text, lang)[:16]}.ipynb"


def _save(notebook, target: Path) -> None:
    import nbformat

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(nbformat.writes(notebook), encoding="utf-8")
    os.replace(partial, target)
    stem = target.name.rsplit("-", 1)[0]
    for stale in target.parent.glob(f"{stem}-*.ipynb"):
        if stale != target:  # an older version's output can never be used again
            stale.unlink()


def _run(path: Path, manager):
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    text = path.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="py:percent")
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"  # jupytext draws random ids
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET + SETUP, id="setup"))
    client = NotebookClient(
        notebook, km=manager, timeout=TIMEOUT, kernel_name="python3", allow_errors=False, record_timing=False,
        resources={"metadata": {"path": str(project.ROOT)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        raise NotebookError(_explain(path, text, error)) from None
    notebook.cells.pop(0)
    _renumber(notebook)
    return notebook


def _renumber(notebook) -> None:
    # The removed setup cell ran first: number the reader's cells from 1.
    count = 0
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count


def _explain(path: Path, text: str, error) -> str:
    # nbclient reports the failing cell's source with a coloured traceback; an author wants
    # the file, the cell's number and line, the exception and the cell, in plain text.
    import jupytext

    cells = jupytext.reads(text, fmt="py:percent").cells
    markers = [number for number, line in enumerate(text.splitlines(), start=1) if line.startswith("# %%")]
    failing = _failing_source(error)
    relative = path.resolve().relative_to(project.ROOT).as_posix()
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and failing is not None and cell.source.strip() == failing.strip() and len(markers) == len(cells):
            listing = "".join(f"\n    {line}" for line in cell.source.splitlines())
            return f"{relative}: cell {index + 1} (line {markers[index] + 1}) raised {error.ename}: {error.evalue}{listing}"
    return f"{relative}: a cell raised {error.ename}: {error.evalue}"


def _failing_source(error) -> str | None:
    # CellExecutionError's message starts with the failing cell's source between dashed lines.
    plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    match = re.search(r"-{5,}\n(.*?)\n-{5,}", plain, re.DOTALL)
    return match.group(1) if match else None


def _cache_key(text: str, lang: str) -> str:
    digest = hashlib.sha256()
    digest.update(text.encode("utf-8"))
    # Only the library files it imports. A percent notebook is a Python file (its Markdown
    # cells and any %magics are comments), so it is analysed as it is, without jupytext,
    # which would take longer to import than the whole check of a warm build.
    digest.update(project.dependency_digest(text, lang).encode())
    digest.update(Path(__file__).read_bytes())
    for package in ("torch", "matplotlib", "numpy", "ipykernel", "nbclient"):
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def main() -> None:
    """Execute the notebooks named on the command line; print where each was saved."""
    paths = [Path(name).resolve() for name in sys.argv[1:]]
    try:
        for name, target in zip(sys.argv[1:], execute_all([(path, path.parent.name) for path in paths]), strict=True):
            print(f"{name}: {target}")
    except NotebookError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
