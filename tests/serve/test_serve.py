"""`make serve`: the preview of every language, rebuilt after an edit, one language alone, a failed build shown, a clean stop."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from helpers import copy_project, line_of

from sitebuild.paths import command_env
from sitebuild.staticserver import fetch, free_port, wait_for_text


def start_preview(project: Path, tmp_path: Path, *options: str) -> tuple[subprocess.Popen, str, Path]:
    """Start `make serve`'s preview of ``project`` on a free port, with a temporary folder of its own; return it, its URL and its log."""
    port = free_port()
    log = tmp_path / "serve.log"
    (tmp_path / "tmp").mkdir()
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--address", f"127.0.0.1:{port}", *options],
            cwd=project,
            env={**command_env(project), "TMPDIR": str(tmp_path / "tmp")},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return server, f"http://127.0.0.1:{port}/", log


def answer(url: str) -> tuple[int, str]:
    """Return the status and the body of ``url`` (an error page's too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for_log(log: Path, text: str, after: int = 0, seconds: float = 120) -> float:
    """Wait until the log has ``text`` more than ``after`` times; return when it did."""
    deadline = time.monotonic() + seconds
    while log.read_text().count(text) <= after:
        assert time.monotonic() < deadline, f"no {text!r} in the log:\n{log.read_text()}"
        time.sleep(0.05)
    return time.monotonic()


def stopped_cleanly(server: subprocess.Popen, signum: int, base: str, tmp_path: Path) -> None:
    """Send ``signum`` once; the preview stops, frees its port and leaves its temporary folder empty."""
    server.send_signal(signum)
    assert server.wait(timeout=30) == 128 + signum
    host, port = base.split("//")[1].rstrip("/").split(":")
    with socket.socket() as probe:
        assert probe.connect_ex((host, int(port))) != 0  # nothing listens any more
    assert list((tmp_path / "tmp").iterdir()) == []


def test_serve_previews_every_language_and_rebuilds_only_the_edited_translation(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path)
    try:
        assert wait_for_text(base + "it/example/", "varianza = 1,000000", 120, 0.5), log.read_text()
        assert '<html lang="en"' in fetch(base + "example/")
        assert 'hreflang="it"' in fetch(base + "why/")  # the language menu, both languages served
        built, logged = log.read_text().count("Built "), len(log.read_text())
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
        # The notebook's HTML, cached by mkdocs-jupyter, outlives the dirty build that did not render it.
        assert "Cache hit: " in log.read_text()[logged:]
        assert "Evicted stale cache" not in log.read_text()[logged:]
        assert "Cache miss" not in log.read_text()[logged:]
        index = fetch(base + "it/search/search_index.json")  # whole again: every page, the edit included
        assert "Una frase aggiunta durante l" in index and "glossary/" in index
        with (project / "docs" / "en" / "why.md").open("a", encoding="utf-8") as page:
            page.write("\nA sentence added while previewing.\n")
        # While English, then Italian, rebuild, every page stays there: each build is swapped in whole.
        built, deadline = log.read_text().count("Built it"), time.monotonic() + 120
        statuses = []
        while log.read_text().count("Built it") == built:
            assert time.monotonic() < deadline, log.read_text()
            statuses += [answer(base + "why/")[0], answer(base + "it/why/")[0], answer(base + "it/")[0]]
            time.sleep(0.05)
        assert set(statuses) == {200}, statuses
        assert "A sentence added while previewing." in fetch(base + "why/")
        # The Italian twin now says that its English original changed.
        assert wait_for_text(base + "it/why/", 'data-bn-translation="stale"', 60, 0.5), log.read_text()
        stopped_cleanly(server, signal.SIGINT, base, tmp_path)  # the first Ctrl-C
    finally:
        server.kill()
        server.wait(timeout=20)


def test_serve_can_preview_one_language_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path, "--language", "it")
    try:
        assert wait_for_text(base, '<html lang="it"', 120, 0.5), log.read_text()
        assert "data-bn-alternate" not in fetch(base + "why/")  # no other language to switch to
        stopped_cleanly(server, signal.SIGTERM, base, tmp_path)
    finally:
        server.kill()
        server.wait(timeout=20)


def test_serve_shows_a_failed_build_on_every_page_until_it_is_fixed_then_reloads(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path)
    try:
        assert wait_for_text(base + "it/why/", '<html lang="it"', 120, 0.5), log.read_text()
        page = project / "docs" / "it" / "why.md"
        source = page.read_text(encoding="utf-8")
        page.write_text(source + '\n{{ figure("no-such-figure") }}\n', encoding="utf-8")
        failed = wait_for_log(log, "The build of it failed")
        status, body = answer(base + "it/why/")
        assert time.monotonic() - failed < 1  # at once, not after a timeout
        assert status == 500 and '<html lang="it"' in body and "Non è stato possibile generare l&#x27;anteprima" not in body
        assert "<h1>Non è stato possibile generare l'anteprima</h1>" in body and "<h2>Le pagine (Italiano)</h2>" in body
        call = '{{ figure("no-such-figure") }}'
        assert f"docs/it/why.md:{line_of(page, 'no-such-figure')}: {call}: unknown figure" in body
        status, english = answer(base + "why/")  # every page, in its own language
        assert status == 500 and "<h1>The preview could not be built</h1>" in english and "docs/it/why.md:" in english
        assert answer(base + "assets/stylesheets/extra.css")[0] == 200  # what a page loads is still served
        epoch = int(re.search(r"livereload\((\d+),", body).group(1))

        # A later build that succeeds, of another part, does not hide the failure.
        with (project / "docs" / "en" / "index.md").open("a", encoding="utf-8") as english_page:
            english_page.write("\nAn English edit while Italian is broken.\n")
        wait_for_log(log, "Built en", after=log.read_text().count("Built en"))
        assert answer(base + "why/")[0] == 500 and answer(base + "it/")[0] == 500

        # Fixed: the error page's live reload sees a newer build, and the page is back.
        page.write_text(source, encoding="utf-8")
        assert int(fetch(base + f"livereload/{epoch}/1")) > epoch  # what the browser waits for before reloading
        assert wait_for_text(base + "it/why/", '<html lang="it"', 60, 0.2)
        assert answer(base + "it/why/")[0] == 200 and answer(base + "why/")[0] == 200
        assert "An English edit while Italian is broken." in fetch(base)
    finally:
        server.terminate()
        server.wait(timeout=30)
