"""The one place the build's outputs are produced, side by side, before the MkDocs builds.

Three tasks, each a process of its own (``python -m sitebuild.outputs.prepare <task>``), so
that on two cores the long ones overlap:

- ``figures``: the library's wheel, the snippets in every language (the English ones, then
  each language's twins), the explorer's and the playground's data, then every language's
  figures (Figure 1 and the later experiments last: by then the training process has
  computed them, or drawing waits for them);
- ``training``: the Figure 1 runs, then the later experiments (``experiments``);
- ``notebooks``: every language's notebooks, in one Jupyter kernel.

Only tasks with something to (re)compute start; with everything cached, none does. The MkDocs
builds then only read the cache. A task that fails prints what failed, naming the file and
the line (and, for a snippet, the pages that run it), and the build stops before MkDocs runs.
Stopped by Ctrl-C or SIGTERM, the tasks stop too, each cleaning up (the Jupyter kernel).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass

from sitebuild import BuildError, interrupts, languages, macros
from sitebuild.outputs import experiments, explorer_data, figures, notebooks, playground_data, snippets, training, wheel
from sitebuild.paths import ROOT, command_env, relative

TASKS = ("figures", "training", "notebooks")


LOG = ("INFO    -  ", "WARNING -  ", "ERROR   -  ")  # how the build's own log lines start (main's format)


@dataclass
class Outcome:
    """A task that ran: what it printed (its log: which cache files it found damaged, say) and whether it failed."""

    task: str
    output: str
    failed: bool

    def shown(self) -> list[str]:
        """The lines to show: all of a failed task's; of one that succeeded, the build's own log, not its libraries' chatter."""
        lines = self.output.splitlines()
        return lines if self.failed else [line for line in lines if line.startswith(LOG)]


def pending() -> list[str]:
    """Return the tasks that have something to (re)compute."""
    tasks = []
    figures_stale = any(figures.manifest(lang) is None for lang in languages.codes())
    data_stale = any(output.cached() is None for output in (explorer_data, playground_data, wheel))
    snippets_stale = not all(snippets.is_current(name, lang) for lang in languages.codes() for name in snippets.names())
    if figures_stale or data_stale or snippets_stale:
        tasks.append("figures")
    if figures_stale and not (training.is_current() and experiments.is_current()):  # only figures need them
        tasks.append("training")
    if any(notebooks.executed(path, lang) is None for path, lang in notebooks.jobs()):
        tasks.append("notebooks")
    return tasks


def run_all(tasks: list[str] | None = None) -> list[Outcome]:
    """Run ``tasks`` (default: the pending ones) side by side, wait for them all, and return what each printed."""
    tasks = pending() if tasks is None else tasks
    outcomes = []
    with interrupts.stopped([]) as started:
        for task in tasks:
            command = [sys.executable, "-m", "sitebuild.outputs.prepare", task]
            started.append(
                subprocess.Popen(command, cwd=ROOT, env=command_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            )
        for task, process in zip(tasks, started, strict=True):
            printed, _ = process.communicate()
            outcomes.append(Outcome(task, printed, process.returncode != 0))
    return outcomes


def run(task: str) -> None:
    """Compute every output of ``task`` in this process.

    Raises:
        snippets.SnippetError: If a snippet fails (the message names the pages that run it).
        notebooks.NotebookError: If a notebook cell fails.
        BuildError: If a figure's narrow variant cuts text off or has text too small.
        sitebuild.cache.CacheError: If the cache cannot be written.
    """
    if task == "figures":
        wheel.path()
        # Snippets first: Figure 1 is drawn last, by when the training process has its runs.
        for lang in languages.codes():
            for name in snippets.names():
                _run_snippet(name, lang)
        explorer_data.path()
        playground_data.path()
        for lang in languages.codes():
            figures.build(lang)
    elif task == "training":
        training.runs()
        experiments.compute_all()
    else:
        notebooks.execute_all(notebooks.jobs())


def _run_snippet(name: str, lang: str) -> None:
    twin = snippets.path(name, lang)
    if lang != languages.DEFAULT and twin.is_file():
        problem = snippets.twin_difference(name, lang)
        if problem is not None:  # shown in `make serve`'s terminal; `make translations` reports it too
            print(f"WARNING -  {relative(twin)}:{problem.line}: {problem.message}; its pages show the English example")
    try:
        snippets.run(name, lang)
    except snippets.SnippetError as error:
        raise snippets.SnippetError(_where_shown(name) + str(error)) from None


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
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s", stream=sys.stdout)  # see LOG
    try:
        run(sys.argv[1])
    except BuildError as error:  # a snippet or a notebook cell raised, a figure is unreadable on a phone
        sys.exit(f"ERROR   -  {error}")
    except KeyboardInterrupt as interrupt:
        sys.exit(interrupts.exit_code(interrupt))


if __name__ == "__main__":
    main()
