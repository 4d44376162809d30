"""The one place the build's outputs are produced, side by side, before the MkDocs builds.

Three tasks, each a process of its own (``python -m sitebuild.outputs.prepare <task>``), so
that on two cores the long ones overlap:

- ``figures``: the snippets, the explorer's data, then every language's figures (Figure 1
  last: by then the training process has its runs, or drawing waits for them);
- ``training``: the Figure 1 runs;
- ``notebooks``: every language's notebooks, in one Jupyter kernel.

Only tasks with something to (re)compute start; with everything cached, none does. The MkDocs
builds then only read the cache. A task that fails prints what failed, naming the file and
the line (and, for a snippet, the pages that run it), and the build stops before MkDocs runs.
Stopped by Ctrl-C or SIGTERM, the tasks stop too, each cleaning up (the Jupyter kernel).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from sitebuild import BuildError, interrupts, languages, macros
from sitebuild.outputs import explorer_data, figures, notebooks, snippets, training
from sitebuild.paths import ROOT, command_env

TASKS = ("figures", "training", "notebooks")


@dataclass
class Failure:
    """A task that failed, and what it printed."""

    task: str
    output: str


def pending() -> list[str]:
    """Return the tasks that have something to (re)compute."""
    tasks = []
    figures_stale = any(figures.manifest(lang) is None for lang in languages.codes())
    if figures_stale or explorer_data.cached() is None or not all(snippets.is_current(name) for name in snippets.names()):
        tasks.append("figures")
    if figures_stale and not training.is_current():  # only Figure 1 needs the runs
        tasks.append("training")
    if any(notebooks.executed(path, lang) is None for path, lang in notebooks.jobs()):
        tasks.append("notebooks")
    return tasks


def run_all(tasks: list[str] | None = None, show: bool = False) -> list[Failure]:
    """Run ``tasks`` (default: the pending ones) side by side and wait for them all.

    Args:
        tasks: The tasks to run.
        show: Let the tasks print to this process's terminal (``make serve``) rather than
            collecting what they print for a failure's report.

    Returns:
        The tasks that failed, with what they printed; empty if all succeeded.
    """
    output = None if show else subprocess.PIPE
    tasks = pending() if tasks is None else tasks
    failures = []
    with interrupts.stopped([]) as started:
        for task in tasks:
            command = [sys.executable, "-m", "sitebuild.outputs.prepare", task]
            stderr = subprocess.STDOUT if output else None
            started.append(subprocess.Popen(command, cwd=ROOT, env=command_env(), stdout=output, stderr=stderr, text=True))
        for task, process in zip(tasks, started, strict=True):
            printed, _ = process.communicate()
            if process.returncode != 0:
                failures.append(Failure(task, printed or ""))
    return failures


def run(task: str) -> None:
    """Compute every output of ``task`` in this process.

    Raises:
        snippets.SnippetError: If a snippet fails (the message names the pages that run it).
        notebooks.NotebookError: If a notebook cell fails.
        sitebuild.cache.CacheError: If the cache cannot be written.
    """
    if task == "figures":
        # Snippets first: Figure 1 is drawn last, by when the training process has its runs.
        for name in snippets.names():
            try:
                snippets.run(name)
            except snippets.SnippetError as error:
                raise snippets.SnippetError(_where_shown(name) + str(error)) from None
        explorer_data.path()
        for lang in languages.codes():
            figures.build(lang)
    elif task == "training":
        training.runs()
    else:
        notebooks.execute_all(notebooks.jobs())


def _where_shown(name: str) -> str:
    # A page author wants the page and line that run the snippet, then the snippet's own line.
    places = macros.uses("run", name)
    if not places:
        return ""
    others = "".join(f" (also run at {place})" for place, _ in places[1:])
    return f"{places[0][0]}: {places[0][1]}{others}: "


def main() -> None:
    """Run the task named on the command line; exit 1 with a plain message if it fails."""
    if len(sys.argv) != 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python -m sitebuild.outputs.prepare {'|'.join(TASKS)}")
    interrupts.terminate_like_ctrl_c()
    try:
        run(sys.argv[1])
    except BuildError as error:
        sys.exit(f"ERROR   -  {error}")
    except KeyboardInterrupt as interrupt:
        sys.exit(interrupts.exit_code(interrupt))


if __name__ == "__main__":
    main()
