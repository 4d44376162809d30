"""Measure the build and the pages against the project's targets; write ``benchmarks/results.json``.

What ``make bench`` runs (``scripts/bench.py``). Times are medians of several runs (with min and max):

- cold: ``make site`` with every cache empty (the virtualenv and node_modules present), and
  with only the training kept (Figure 1's runs and the later experiments);
- warm: ``make site`` again, nothing changed;
- floor: the same MkDocs builds started directly, side by side as the build runs them, every output in place
  (nothing executed, torch not imported) — the cost of MkDocs itself;
- edit loop: under ``make serve``, from saving a Markdown page to the served page changing;
- src edit: what an edit in the library makes the next build execute again;
- reproducible: whether two cold builds give byte-identical sites;
- the Figure 1 playground: steps per second per network, both training at once in headless
  Chromium, and the bytes it transfers once the reader reaches it;
- languages: the same cold and warm builds of a copy with three more languages (every page a
  fallback), and what each added language costs;
- Lighthouse 13 (npm, Debian's Chromium) on every page of every language in both colour
  schemes, served gzipped as GitHub Pages serves it (the lowest score of the runs), and each
  page's transferred weight (figures included).

The Performance page of the site shows the results file (``{{ benchmark_results() }}``,
``sitebuild.macros.benchmark``).
"""

from __future__ import annotations

import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitebuild import browser, languages, pipeline, staticserver
from sitebuild.outputs import experiments, training
from sitebuild.paths import BENCH_RESULTS, NODE_MODULES, ROOT, command_env, copy_project

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TRAINED = (training.KIND, experiments.KIND)  # what a cold build "with the training kept" keeps of .cache/
SCHEME_FLAGS = {"light": (), "dark": ("--force-dark-mode",)}
# Languages added to a copy of the project to measure what each costs: pages, strings and
# figures all fall back to English, as they do for a language whose translation has just begun.
ADDED_LANGUAGES = {"de": "Deutsch", "fr": "Français", "es": "Español"}
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"


def summary(times: list[float]) -> dict[str, float]:
    """Median, min and max of ``times``, in seconds, rounded to 0.01 s."""
    return {"median": round(statistics.median(times), 2), "min": round(min(times), 2), "max": round(max(times), 2), "runs": len(times)}


def build(root: Path, site: Path) -> float:
    """Run ``scripts/build_site.py`` in ``root``; return its wall time."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "scripts/build_site.py", "--site-dir", str(site)],
        cwd=root,
        env=command_env(root),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def floor(root: Path, out: Path) -> float:
    """The language builds alone, side by side as the build runs them, every output cached; return wall time."""
    started = time.perf_counter()
    processes = [pipeline.build_languages(group, out, strict=True, root=root) for group in pipeline.language_groups(languages.codes())]
    for process in processes:
        output, _ = process.communicate()
        if process.returncode:
            raise RuntimeError(f"a floor build failed:\n{output}")
    return time.perf_counter() - started


def build_times(work: Path, runs: int) -> dict:
    """Cold, warm and floor times in a copy of the project."""
    root = copy_project(work / "project")
    cold, trained, warm, bare = [], [], [], []
    for index in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold.append(build(root, work / f"cold-{index}"))
    first, second = work / "cold-0", work / "cold-1"
    identical = _same_tree(first, second) if runs > 1 else None
    # The same, but with the training kept (Figure 1's runs and the later experiments):
    # everything else is made from nothing.
    for _ in range(runs):
        for path in (root / ".cache").iterdir():
            if path.name not in TRAINED:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        trained.append(build(root, work / "cold-trained"))
    for _ in range(runs):
        warm.append(build(root, work / "warm"))
    for _ in range(runs):
        bare.append(floor(root, work / "floor"))
    result = {"cold": summary(cold), "cold_trained": summary(trained), "warm": summary(warm), "floor": summary(bare)}
    result["warm_over_floor"] = round(result["warm"]["median"] / result["floor"]["median"], 2)
    result["reproducible"] = identical
    result["files"] = sum(1 for path in first.rglob("*") if path.is_file())
    return result


def language_cost(work: Path, runs: int, builds: dict) -> dict:
    """Cold and warm build times of a copy with ``ADDED_LANGUAGES`` too, and what each added language costs.

    Args:
        work: A scratch folder.
        runs: Builds of each kind.
        builds: ``build_times``'s result for the project as it is, to compare with.
    """
    root = copy_project(work / "languages")
    listing = root / "src" / "batchnorm_explained" / "locales" / "languages.toml"
    added = "".join(f'\n[[language]]\ncode = "{code}"\nname = "{name}"\n' for code, name in ADDED_LANGUAGES.items())
    listing.write_text(listing.read_text(encoding="utf-8") + added, encoding="utf-8")
    cold, warm = [], []
    for index in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold.append(build(root, work / f"languages-cold-{index}"))
    for _ in range(runs):
        warm.append(build(root, work / "languages-warm"))
    result = {"added": list(ADDED_LANGUAGES), "cold": summary(cold), "warm": summary(warm)}
    for kind in ("cold", "warm"):
        extra = result[kind]["median"] - builds[kind]["median"]
        result[f"{kind}_per_language"] = round(extra / len(ADDED_LANGUAGES), 2)
    return result


def figure1_training(work: Path, runs: int) -> dict:
    """Seconds to train both Figure 1 networks in a fresh process, libraries imported included."""
    root = copy_project(work / "figure1")
    times = []
    for _ in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        started = time.perf_counter()
        # The runs alone: the training task of a build goes on to draw figures once they are made.
        train = "from sitebuild.outputs import training; training.runs()"
        subprocess.run([sys.executable, "-c", train], cwd=root, env=command_env(root), check=True)
        times.append(time.perf_counter() - started)
        if not (root / ".cache" / "training" / "figure1" / "runs.json").exists():
            raise RuntimeError("the training made no runs.json")
    return summary(times)


def _same_tree(first: Path, second: Path) -> bool:
    names = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    if names != sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(name) for name in names], shallow=False)
    return not mismatch and not errors


def edit_loop(work: Path, runs: int) -> dict:
    """Seconds from saving a page to `make serve` serving the change, English and Italian."""
    root = copy_project(work / "serve")
    shutil.copytree(ROOT / ".cache", root / ".cache", dirs_exist_ok=True)
    port = staticserver.free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        env=command_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = {}
    try:
        _wait_for(base + "it/why/", "<html", 120)
        time.sleep(2)  # let the first build's follow-up settle
        for code, page in (("en", "why"), ("it", "why")):
            times = []
            for index in range(runs):
                marker = f"bench-edit-{code}-{index}-{time.time_ns()}"
                url = base + languages.site_prefix(code) + f"{page}/"
                with (root / "docs" / code / f"{page}.md").open("a", encoding="utf-8") as file:
                    file.write(f"\n{marker}\n")
                started = time.perf_counter()
                _wait_for(url, marker, 60)
                times.append(time.perf_counter() - started)
                time.sleep(4)  # the full rebuilds that follow finish before the next edit, as they do between a writer's edits
            results[code] = summary(times)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def _wait_for(url: str, text: str, seconds: float) -> None:
    if not staticserver.wait_for_text(url, text, seconds):
        raise TimeoutError(f"{url} never showed {text!r}")


def src_edit(work: Path) -> dict:
    """Which outputs the next build executes again after an edit in the library's layer.py."""
    root = work / "project"
    before = _outputs(root)
    with (root / "src" / "batchnorm_explained" / "layer.py").open("a", encoding="utf-8") as file:
        file.write("\n# An edit for the benchmark.\n")
    seconds = build(root, work / "src-edit")
    after = _outputs(root)
    redone = {kind: sum(1 for name in names if before.get(kind, {}).get(name) != names.get(name)) for kind, names in after.items()}
    return {
        "file": "src/batchnorm_explained/layer.py",
        "seconds": round(seconds, 2),
        "redone": redone,
        "total": {kind: len(names) for kind, names in after.items()},
    }


def _outputs(root: Path) -> dict[str, dict[str, int]]:
    cache = root / ".cache"
    kinds = {"figures": "figures/*/*.svg", "snippets": "snippets/*/*.txt", "notebooks": "notebooks/*/*.ipynb"}
    return {
        kind: {str(path.relative_to(cache)): path.stat().st_mtime_ns for path in cache.glob(pattern)} for kind, pattern in kinds.items()
    }


def pages(site: Path) -> list[str]:
    """Every page of every language, as a path under the site's root."""
    found = []
    for path in site.rglob("index.html"):
        relative = path.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else f"{relative}/")
    return sorted(found)


def lighthouse(site: Path, runs: int) -> dict[str, dict]:
    """Lighthouse scores of every page in both colour schemes, the site served gzipped: the lowest of ``runs`` runs.

    A single run's performance score moves by several points on a busy virtual machine, as
    Lighthouse's own documentation warns; the target holds for every run, so the lowest is
    reported, not the median. The dark scheme is the one a reader whose system is dark gets
    (Chromium's ``--force-dark-mode`` sets ``prefers-color-scheme: dark``).

    Returns:
        For each page (``"/"``, ``"it/why/"``, …) and scheme (``"light"``, ``"dark"``), the
        lowest score of each category over the runs.
    """
    scores: dict[str, dict] = {}
    with staticserver.serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        for page in pages(site):
            for scheme, extra in SCHEME_FLAGS.items():
                found = [_lighthouse_run(base + page, report, extra) for _ in range(runs)]
                scores.setdefault(page or "/", {})[scheme] = {key: min(run[key] for run in found) for key in CATEGORIES}
    return scores


def _lighthouse_run(url: str, report: Path, extra_flags: tuple[str, ...]) -> dict[str, int]:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={' '.join((*browser.FLAGS, *extra_flags))}",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": browser.executable()},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    return {key: round(data["categories"][key]["score"] * 100) for key in CATEGORIES}


def weights(site: Path) -> dict[str, int]:
    """Bytes transferred (compressed) by each page, scrolled to the end so every figure loads."""
    from playwright.sync_api import sync_playwright

    result = {}
    with staticserver.serve(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        for page_path in pages(site):
            context = chromium.new_context()
            page = context.new_page()
            responses = []
            page.on("requestfinished", lambda request, seen=responses: seen.append(request))
            page.goto(base + page_path)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            total = 0
            for request in responses:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            result[page_path or "/"] = total
            context.close()
        chromium.close()
    return result


PLAYGROUND_PAGE = "figure-1/"
PLAYGROUND_PARTS = (
    "playground.js",
    "playground-ui.js",
    "playground-worker.js",
    "playground-train.js",
    "rng.js",
    "chart.js",
    "widgets.css",
    "playground.css",
    "playground-digits.bin",
)


def playground(site: Path, seconds: float = 20.0) -> dict:
    """Train both networks of the Figure 1 playground for ``seconds``; return its speed and weight.

    Steps per second of each network, both training at once with the build's settings (each in
    its own Web Worker), over the wall-clock time since Start and over the time the worker
    spent training; the bytes transferred (compressed, headers included) by everything the
    playground loads when the reader reaches it, and whether any of it was fetched before.
    """
    from playwright.sync_api import sync_playwright

    with staticserver.serve(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))  # playwright cannot wrap a builtin
            page.goto(base + PLAYGROUND_PAGE)
            page.wait_for_load_state("networkidle")
            early = sorted({request.url.rsplit("/", 1)[-1] for request in finished} & set(PLAYGROUND_PARTS) - {"playground.js"})
            page.locator(".bn-playground").scroll_into_view_if_needed()
            page.locator(".bn-playground__controls").wait_for(state="visible", timeout=60_000)
            page.wait_for_load_state("networkidle")
            sizes = {}
            for request in finished:
                name = request.url.rsplit("/", 1)[-1]
                if name in PLAYGROUND_PARTS:
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
            chromium.close()
    return {
        "seconds": round(wall, 1),
        "steps_per_second": [round(steps / wall, 1) for steps in state["steps"]],
        "steps_per_second_busy": [round(rate, 1) for rate in state["busy"]],
        "transferred_bytes": sum(sizes.values()),
        "files": sizes,
        "fetched_before_reaching_it": early,
    }


def figure_sizes(site: Path) -> dict[str, int]:
    """Size in bytes of every figure file of the site: the SVGs pages show and the PNG downloads."""
    return {str(path.relative_to(site)): path.stat().st_size for path in sorted(site.rglob("figures/*")) if path.suffix in (".svg", ".png")}


def run(runs: int = 3) -> dict:
    """Run every measurement ``runs`` times, write ``benchmarks/results.json`` and return it."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        results = {
            "date": time.strftime("%Y-%m-%d", time.gmtime()),
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
            ).stdout.strip(),
            "machine": {"cores": os.cpu_count(), "python": platform.python_version()},  # worded per language by the page
            "runs": runs,
        }
        steps = [
            ("builds", "builds: cold, warm, floor", lambda: build_times(work, runs)),
            ("languages", f"builds with {len(ADDED_LANGUAGES)} more languages", lambda: language_cost(work, runs, results["builds"])),
            ("figure1", "Figure 1 training", lambda: figure1_training(work, runs)),
            ("src_edit", "edit in src/", lambda: src_edit(work)),
            ("edit_loop", "edit loop under make serve", lambda: edit_loop(work, runs)),
            ("playground", "Figure 1 playground", lambda: playground(work / "cold-0")),
        ]
        for key, title, measure in steps:
            print(f"{title} ...", flush=True)
            results[key] = measure()
            print(json.dumps(results[key]), flush=True)
        site = work / "cold-0"
        print("page weights ...", flush=True)
        weight = weights(site)
        print("Lighthouse, both colour schemes ...", flush=True)
        scores = lighthouse(site, runs)
        results["pages"] = {page: {"bytes": weight[page], **scores[page]} for page in scores}
        results["figures"] = figure_sizes(site)
    BENCH_RESULTS.parent.mkdir(exist_ok=True)
    BENCH_RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return results
