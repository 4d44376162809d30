"""`make serve`: the preview of every language, rebuilt after an edit, and one language alone."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from helpers import copy_project

from sitebuild.paths import command_env
from sitebuild.staticserver import fetch, free_port, wait_for_text


def start_preview(project: Path, tmp_path: Path, *options: str) -> tuple[subprocess.Popen, str, Path]:
    """Start `make serve`'s preview of ``project`` on a free port; return it, its URL and its log."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--address", f"127.0.0.1:{port}", *options],
            cwd=project,
            env=command_env(project),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return server, f"http://127.0.0.1:{port}/", log


def test_serve_previews_every_language_and_rebuilds_only_the_edited_translation(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path)
    try:
        assert wait_for_text(base + "it/example/", "varianza = 1,000000", 120, 0.5), log.read_text()
        assert '<html lang="en"' in fetch(base + "example/")
        assert 'hreflang="it"' in fetch(base + "why/")  # the language menu, both languages served
        built = log.read_text().count("Built ")
        with (project / "docs" / "it" / "index.md").open("a", encoding="utf-8") as page:
            page.write("\nUna frase aggiunta durante l'anteprima.\n")
        assert wait_for_text(base + "it/", "Una frase aggiunta durante l", 60, 0.5), log.read_text()
        # Shown by a dirty build of the edited page, whose navigation keeps the other pages'
        # titles; then the full build of that language alone (its search index included).
        assert "La trasformazione (Algoritmo 1)" in fetch(base + "it/")

        def rebuilt() -> list[str]:
            return [line.split("Built ")[1].rsplit(" in ", 1)[0] for line in log.read_text().splitlines() if "Built " in line][built:]

        deadline = time.monotonic() + 60
        while len(rebuilt()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        assert rebuilt() == ["it (edited pages)", "it"]
        index = fetch(base + "it/search/search_index.json")  # whole again: every page, the edit included
        assert "Una frase aggiunta durante l" in index and "glossary/" in index
        with (project / "docs" / "en" / "why.md").open("a", encoding="utf-8") as page:
            page.write("\nA sentence added while previewing.\n")
        assert wait_for_text(base + "why/", "A sentence added while previewing.", 60, 0.5), log.read_text()
        # The Italian twin now says that its English original changed.
        assert wait_for_text(base + "it/why/", 'data-bn-translation="stale"', 60, 0.5), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_can_preview_one_language_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path, "--language", "it")
    try:
        assert wait_for_text(base, '<html lang="it"', 120, 0.5), log.read_text()
        assert "data-bn-alternate" not in fetch(base + "why/")  # no other language to switch to
    finally:
        server.terminate()
        server.wait(timeout=20)
