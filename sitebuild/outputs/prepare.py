"""The one place the build's outputs are produced, side by side, before the MkDocs builds.

Three tasks, each a process of its own (``python -m sitebuild.outputs.prepare <task>``), so
that on two cores the long ones overlap:

- ``figures``: the library's wheel, the snippets in every language (the English ones, then
  each language's twins), the explorer's and the playground's data, then the figures of half
  of the languages;
- ``training``: the Figure 1 runs and the later experiments, then the figures of the other
  half (drawing a figure takes most of a cold build's CPU time, so the two tasks share it;
  a task that reaches Figure 1 before its runs are made waits for them);
- ``notebooks``: every notebook, in one Jupyter kernel.

Languages whose figures read the same share them (``figures.drawn_in``), and a language
without notebooks or snippets of its own shows the English ones: what does not depend on the
language is made once, not once per language.

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
    figures_stale = {task: any(figures.manifest(lang) is None for lang in drawn_by(task)) for task in TASKS[:2]}
    data_stale = any(output.cached() is None for output in (explorer_data, playground_data, wheel))
    snippets_stale = not all(snippets.is_current(name, lang) for lang in languages.codes() for name in snippets.names())
    if figures_stale["figures"] or data_stale or snippets_stale:
        tasks.append("figures")
    if figures_stale["training"] or (any(figures_stale.values()) and not (training.is_current() and experiments.is_current())):
        tasks.append("training")  # the runs are needed by the figures only
    if any(notebooks.executed(path) is None for path in notebooks.jobs()):
        tasks.append("notebooks")
    return tasks


def drawn_by(task: str) -> list[str]:
    """Return the languages whose figures ``task`` draws: every other one of those with figures of their own."""
    drawn = list(dict.fromkeys(figures.drawn_in(code) for code in languages.codes()))
    return drawn[TASKS.index(task) :: 2] if task in TASKS[:2] else []


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
    if task == "notebooks":
        notebooks.execute_all(notebooks.jobs())
        return
    if task == "figures":
        wheel.path()
        for lang in languages.codes():
            for name in snippets.names():
                _run_snippet(name, lang)
        explorer_data.path()
        playground_data.path()
    else:
        training.runs()
        experiments.compute_all()
    for lang in drawn_by(task):  # Figure 1 and the later experiments last in each: by then their runs are made
        figures.build(lang)


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
