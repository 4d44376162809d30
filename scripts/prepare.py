"""Run, for every language at once, what the MkDocs builds would otherwise execute one by one.

``build_site.py`` calls this before the language builds: the snippets and figures in one
process, the Figure 1 training in a second and the notebooks (all in one Jupyter kernel) in a
third, side by side. The figures process draws Figure 1 last, waiting for the training if it
is still running (``figures.training_runs``).
The builds then find every output in the cache. Each language build can still make its own
outputs (``mkdocs serve`` does), so this step is only a speed-up: if it fails, it says
nothing and the language build that meets the same failure reports it with its page.

    python scripts/prepare.py figures|training|notebooks
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import figures
import notebooks
import project
import snippets

TASKS = ("figures", "training", "notebooks")


def notebook_jobs() -> list[tuple[Path, str]]:
    """Return each language's notebooks: its own, or the English one it falls back to."""
    english = project.DOCS_DIR / project.locales.DEFAULT_LANGUAGE
    jobs = []
    for lang in project.language_codes():
        for source in sorted(english.glob("*.py")):
            translated = project.DOCS_DIR / lang / source.name
            jobs.append((translated if translated.exists() else source, lang))
    return jobs


def pending() -> list[str]:
    """Return the tasks that have something to (re)compute."""
    tasks = []
    figures_stale = not all(figures.is_current(lang) for lang in project.language_codes())
    if figures_stale or not all(snippets.is_current(name) for name in snippets.names()):
        tasks.append("figures")
    if figures_stale and not figures.training_is_current():  # only Figure 1 needs the runs
        tasks.append("training")
    if any(notebooks.cached(path, lang) is None for path, lang in notebook_jobs()):
        tasks.append("notebooks")
    return tasks


def run(task: str) -> None:
    """Compute every output of ``task`` (``figures`` also runs the snippets)."""
    if task == "figures":
        # Snippets first: Figure 1 is drawn last, by when the training process has its runs.
        for name in snippets.names():
            snippets.output(name)
        for lang in project.language_codes():
            figures.build_figures(lang)
    elif task == "training":
        figures.training_runs()
    else:
        notebooks.execute_all(notebook_jobs())


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: prepare.py {'|'.join(TASKS)}")
    with contextlib.suppress(Exception):  # the language builds report failures, with their page
        run(sys.argv[1])
