"""Stopping cleanly: SIGTERM handled like Ctrl-C, and the processes a command started stopped with it.

A command stopped by Ctrl-C unwinds (``KeyboardInterrupt``): its ``finally`` blocks remove
its scratch folders and stop what it started. ``terminate_like_ctrl_c`` gives SIGTERM and
SIGHUP (a closed terminal, ``kill``, a CI runner cancelling a job) the same way out, and
``stopped`` ends the child processes a block started, whatever ends the block.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
from collections.abc import Iterator

GRACE = 10  # seconds a child has to stop after SIGTERM before it is killed


class Terminated(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM or SIGHUP, so that it unwinds as after Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def terminate_like_ctrl_c() -> None:
    """Make SIGTERM and SIGHUP raise ``Terminated`` (a ``KeyboardInterrupt``) in the main thread, and Ctrl-C raise ``KeyboardInterrupt``.

    Ctrl-C's own handler is set again too: a command started in the background by a shell
    inherits SIGINT ignored, and would otherwise not stop on it.
    """

    def interrupt(signum, frame):
        raise Terminated(signum)

    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """Return the exit code of a command stopped by ``interrupt``: 128 + the signal's number, as a shell reports it."""
    return 128 + getattr(interrupt, "signum", signal.SIGINT)


@contextlib.contextmanager
def stopped(processes: list[subprocess.Popen]) -> Iterator[list[subprocess.Popen]]:
    """Yield ``processes``, a list the block adds the processes it starts to; stop those still running when it ends.

    Each gets SIGTERM (the build's own commands then clean up as after Ctrl-C), and SIGKILL
    if it has not stopped after ``GRACE`` seconds.
    """
    try:
        yield processes
    finally:
        running = [process for process in processes if process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
