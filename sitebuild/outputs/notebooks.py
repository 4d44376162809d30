"""The site's notebooks, executed once per version of their inputs.

A notebook is a jupytext percent script (``docs/<lang>/example.py``); a language without its
own shows the English one. It is executed in a Jupyter kernel started in the project's root and
saved as an ``.ipynb`` with its outputs, one cache entry per notebook source
(``.cache/notebooks/<lang>-<stem>/``, ``<lang>`` the folder it is in): every language that
shows the English notebook shows the one execution of it, not one each. An entry is keyed on
the notebook, the library modules (and strings) it uses, this file and the versions of the
plotting stack; mkdocs-jupyter then
renders that file without executing anything. The executed notebook is the same bytes at
every run: cells get stable ids, and figures are SVG with a fixed hash salt and no date.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild import BuildError, cache, folders, languages
from sitebuild.paths import CACHE_DIR, ROOT, relative

KIND = "notebooks"
SUFFIX = ".py"  # a page with this suffix is a notebook
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
KERNELS = ".kernel-"  # the kernel's connection file, in a folder of .cache/ owned while it runs


class NotebookError(BuildError):
    """A notebook cell raised; the message names the file, the cell, its line and the error."""


def jobs() -> list[Path]:
    """Return every notebook source the site shows, each once: the English ones and the translations."""
    english = sorted(languages.docs_dir(languages.DEFAULT).glob(f"*{SUFFIX}"))
    translated = [languages.docs_dir(lang) / source.name for lang in languages.translations() for source in english]
    return english + [path for path in translated if path.exists()]


def executed(path: Path) -> Path | None:
    """Return the executed ``.ipynb`` of notebook source ``path`` if it is current, else None."""
    found = cache.load(KIND, _name(path), _key(path.read_text(encoding="utf-8"), _language(path)))
    return None if found is None else found / f"{path.stem}.ipynb"


def execute_all(pending: list[Path]) -> None:
    """Execute each notebook source that is not cached, all in one kernel.

    Starting a kernel and importing torch is most of the cost, so the notebooks share one,
    its namespace reset in between.

    Raises:
        NotebookError: If a cell raises; the notebooks executed before it stay cached.
    """
    pending = [path for path in pending if executed(path) is None]
    if not pending:
        return
    from jupyter_client.manager import KernelManager

    # The connection file goes in a folder of the cache rather than the temporary folder: a
    # killed build leaves it there, and the next one removes it.
    folders.sweep(CACHE_DIR, KERNELS)
    with folders.owned(CACHE_DIR, KERNELS) as runtime:
        manager = KernelManager(kernel_name="python3", connection_file=str(runtime / "kernel.json"))
        manager.start_kernel(cwd=str(ROOT))
        try:
            for path in pending:
                text = path.read_text(encoding="utf-8")
                notebook = _run(path, text, manager)
                cache.save(
                    KIND,
                    _name(path),
                    _key(text, _language(path)),
                    lambda folder, nb=notebook, stem=path.stem: _write(nb, folder / f"{stem}.ipynb"),
                )
        finally:
            manager.shutdown_kernel(now=True)


def read(path: Path):
    """Return notebook ``path`` (jupytext percent format) with stable cell ids, as nbformat reads it.

    jupytext draws random cell ids; stable ones keep the executed notebook and the download
    identical between builds.
    """
    import jupytext

    notebook = jupytext.read(path, fmt="py:percent")
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    return notebook


def description(path: Path) -> str:
    """Return notebook ``path``'s description, from its jupytext header (a notebook has no front matter)."""
    import jupytext

    return jupytext.read(path).metadata.get("description", "")


def _language(path: Path) -> str:
    # The language a notebook source is written in, by its folder: docs/<lang>/.
    return path.parent.name


def _name(path: Path) -> str:
    return f"{_language(path)}-{path.stem}"


def _write(notebook, target: Path) -> None:
    import nbformat

    target.write_text(nbformat.writes(notebook), encoding="utf-8")


def _run(path: Path, text: str, manager):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = read(path)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET + SETUP, id="setup"))
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(ROOT)}},
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
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and failing is not None and cell.source.strip() == failing.strip() and len(markers) == len(cells):
            listing = "".join(f"\n    {line}" for line in cell.source.splitlines())
            return f"{relative(path)}: cell {index + 1} (line {markers[index] + 1}) raised {error.ename}: {error.evalue}{listing}"
    return f"{relative(path)}: a cell raised {error.ename}: {error.evalue}"


def _failing_source(error) -> str | None:
    # CellExecutionError's message starts with the failing cell's source between dashed lines.
    plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    match = re.search(r"-{5,}\n(.*?)\n-{5,}", plain, re.DOTALL)
    return match.group(1) if match else None


def _key(text: str, lang: str) -> str:
    # A percent notebook is a Python file (its Markdown cells and any %magics are comments),
    # so its imports are read as they are, without jupytext, which would take longer to
    # import than the whole check of a warm build.
    return cache.key(
        text, lang, Path(__file__).read_bytes(), code=text, lang=lang, packages=("torch", "matplotlib", "numpy", "ipykernel", "nbclient")
    )
