"""How Chromium is started on these machines: Debian's ``chromium``, headless, with no background traffic.

The browser tests and ``make bench`` (Lighthouse, page weights) start it the same way. As root
it needs ``--no-sandbox``; without the background-networking flags it keeps trying to reach
Google's hosts, which this machine's closed network refuses.
"""

from __future__ import annotations

import shutil

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def executable() -> str:
    """Return the path of Debian's Chromium (``make browser`` installs it)."""
    path = shutil.which("chromium")
    if path is None:
        raise FileNotFoundError("chromium is not installed: run `make browser`")
    return path


def launch(playwright):
    """Start Chromium with Playwright (never its own downloaded browser); return the browser."""
    return playwright.chromium.launch(executable_path=executable(), args=list(FLAGS))
