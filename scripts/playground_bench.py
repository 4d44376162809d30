"""Measure the Figure 1 playground on a built site: its training speed and its weight.

``make bench`` calls ``measure(site)``; by hand: ``python scripts/playground_bench.py site/``.
The site is served gzipped as GitHub Pages serves it (``static_server.py``) to Debian's
Chromium, headless. Two numbers:

- steps per second of each network, both training at once with the build's settings (each in
  its own Web Worker): the steps made over the wall-clock time since Start, and over the time
  the worker spent training (the same, less the moments it waited for the processor);
- bytes transferred (compressed, headers included) by everything the playground loads when
  the reader reaches it: its scripts, stylesheet and data file; and whether anything of it
  was fetched before.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import static_server

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE = "figure-1/"
PARTS = (
    "playground.js",
    "playground-ui.js",
    "playground-worker.js",
    "playground-train.js",
    "rng.js",
    "chart.js",
    "playground.css",
    "playground-digits.bin",
)


def measure(site: Path, seconds: float = 20.0) -> dict:
    """Train both networks for ``seconds`` in the playground of ``site``; return the numbers."""
    from playwright.sync_api import sync_playwright

    with static_server.serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(base + PAGE)
            page.wait_for_load_state("networkidle")
            early = sorted({request.url.rsplit("/", 1)[-1] for request in finished} & set(PARTS) - {"playground.js"})
            playground = page.locator(".bn-playground")
            playground.scroll_into_view_if_needed()
            page.locator(".bn-playground__controls").wait_for(state="visible", timeout=60_000)
            page.wait_for_load_state("networkidle")
            sizes = {}
            for request in finished:
                name = request.url.rsplit("/", 1)[-1]
                if name in PARTS:
                    transfer = request.sizes()
                    sizes[name] = max(sizes.get(name, 0), transfer["responseBodySize"] + transfer["responseHeadersSize"])
            page.locator("#bn-pg-start").click()
            started = time.perf_counter()
            page.wait_for_timeout(seconds * 1000)
            wall = time.perf_counter() - started
            state = page.evaluate("""() => {
                const playground = document.querySelector('.bn-playground').bnPlayground;
                return {steps: playground.runs.map(run => run.step), busy: playground.rates()};
            }""")
            page.locator("#bn-pg-start").click()  # pause
        finally:
            browser.close()
    return {
        "page": PAGE,
        "seconds": round(wall, 1),
        "steps": state["steps"],
        "steps_per_second": [round(steps / wall, 1) for steps in state["steps"]],
        "steps_per_second_busy": [round(rate, 1) for rate in state["busy"]],
        "transferred_bytes": sum(sizes.values()),
        "files": sizes,
        "fetched_before_reaching_it": early,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--seconds", type=float, default=20.0)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.site, arguments.seconds), indent=2))


if __name__ == "__main__":
    main()
