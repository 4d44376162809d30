"""Publishing: site/ is replaced in one step, by one build at a time, with the same bytes on any day.

A build stopped at any point (killed, Ctrl-C, SIGTERM) leaves a complete site/, and the next
build removes whatever it left. The builds of this module share one copy of the project,
whose first build is the reference every later site must equal.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import build_site, copy_project, digest, run

from sitebuild import folders, language_build, language_cache
from sitebuild.paths import command_env

pytestmark = pytest.mark.site

# Runs the pipeline of the project it is started in, and kills it (SIGKILL: nothing can
# clean up) at a chosen point of publishing.
KILLER = """
import os, signal, sys
from pathlib import Path
from sitebuild import folders, pipeline

point, site = sys.argv[1], Path(sys.argv[2]).resolve()
real_replace, real_rename = folders.replace, os.rename

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def replace(new, target):
    if point == "before-exchange":
        die()
    previous = real_replace(new, target)
    if point == "after-exchange":
        die()
    return previous

def rename(source, destination, *args, **kwargs):
    real_rename(source, destination, *args, **kwargs)
    if Path(source) == site:  # the first of the two renames
        die()

folders.replace = replace
if point == "between-renames":  # a file system that cannot exchange two folders
    folders._exchange = lambda first, second: False
    os.rename = rename
pipeline.build_site(site)
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the project, built into its site/, and that site's digest."""
    project = copy_project(tmp_path_factory.mktemp("publishing") / "project")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, digest(project / "site")


def staging(project: Path) -> list[Path]:
    return sorted(path for path in project.glob(".site-build-*") if path.is_dir())


def kill_at(project: Path, point: str) -> None:
    killer = project.parent / "killer.py"
    killer.write_text(KILLER, encoding="utf-8")
    result = run([sys.executable, str(killer), point, str(project / "site")], project)
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr


def start_build(project: Path, **options) -> subprocess.Popen:
    command = [sys.executable, "scripts/build_site.py", "--site-dir", str(project / "site")]
    return subprocess.Popen(
        command, cwd=project, env=command_env(project), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options
    )


def forget_built_languages(project: Path) -> None:
    """Remove the languages' kept pages, so that the next build runs MkDocs (and can be stopped while it does)."""
    shutil.rmtree(project / ".cache" / language_cache.KIND, ignore_errors=True)


def wait_for_the_language_builds(project: Path, process: subprocess.Popen) -> None:
    """Wait until a language build has written files into its staging folder."""
    deadline = time.monotonic() + 180
    while not any(any(folder.glob("en/**/*.html")) for folder in staging(project)):
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before its languages were built"
        time.sleep(0.05)


def processes_in(project: Path) -> list[str]:
    """The command lines of the running processes started from ``project`` (its builds' children)."""
    found = []
    for status in Path("/proc").glob("[0-9]*"):
        try:
            if Path(os.readlink(status / "cwd")) == project:
                found.append((status / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def test_a_build_killed_at_any_point_leaves_a_complete_site_and_the_next_build_removes_what_it_left(built):
    project, reference = built
    site = project / "site"
    (site / "previous.txt").write_text("the site before these builds", encoding="utf-8")
    previous = digest(site)

    kill_at(project, "before-exchange")
    assert digest(site) == previous  # the previous site, whole
    assert len(staging(project)) == 1
    kill_at(project, "after-exchange")  # its start removed what the previous one left
    assert digest(site) == reference  # the new site, whole
    assert len(staging(project)) == 1
    # A real SIGKILL of every process of the build while the languages are building.
    forget_built_languages(project)
    process = start_build(project, start_new_session=True)
    wait_for_the_language_builds(project, process)
    os.killpg(process.pid, signal.SIGKILL)
    output = process.communicate()[0]
    assert output.count("left by a build that was stopped") == 1
    assert digest(site) == reference
    assert len(staging(project)) == 1
    # And while prepare runs: a snippet's output is missing, so it runs again.
    shutil.rmtree(project / ".cache" / "snippets" / "en-transform_sweep")
    process = start_build(project, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any("sitebuild.outputs.prepare" in line for line in processes_in(project)):
        assert process.poll() is None and time.monotonic() < deadline, "prepare did not start"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert digest(site) == reference
    left = [*project.joinpath(".cache", "snippets").glob(".en-transform_sweep.*")]  # perhaps a save it was making

    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert staging(project) == [] and not list(project.glob(".site-build-*"))
    assert not [path for path in left if path.exists()]
    assert digest(site) == reference
    assert (project / ".cache" / "snippets" / "en-transform_sweep" / "entry.json").exists()


@pytest.mark.parametrize(("signum", "name"), [(signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "Ctrl-C")])
def test_sigterm_and_ctrl_c_stop_a_build_its_processes_and_its_staging_and_leave_site_as_it_was(built, signum, name):
    project, reference = built
    forget_built_languages(project)
    process = start_build(project)
    wait_for_the_language_builds(project, process)
    process.send_signal(signum)  # to the build alone, not to its processes: it stops them
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, output
    assert f"Stopped ({name}); {project / 'site'} was left as it was." in output
    assert staging(project) == [] and not list(project.glob(".site-build-*"))
    deadline = time.monotonic() + 10
    while processes_in(project) and time.monotonic() < deadline:  # the language builds, told to stop
        time.sleep(0.1)
    assert processes_in(project) == []
    assert digest(project / "site") == reference


def test_two_builds_at_once_take_turns_and_agree(built):
    project, reference = built
    first, second = start_build(project), start_build(project)
    outputs = [process.communicate(timeout=600)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sum("Another build of this project is running" in output for output in outputs) == 1
    assert digest(project / "site") == reference
    assert staging(project) == []


def test_where_folders_cannot_be_exchanged_a_kill_between_the_two_renames_is_undone_by_the_next_build(built):
    project, reference = built
    site = project / "site"
    kill_at(project, "between-renames")
    assert not site.exists()  # the window the exchange closes: the previous site is set aside
    page = project / "docs" / "en" / "why.md"
    source = page.read_text(encoding="utf-8")
    page.write_text(source + '\n{{ figure("no-such-figure") }}\n', encoding="utf-8")
    try:
        result = build_site(project, site)  # a build that fails still puts the site back first
    finally:
        page.write_text(source, encoding="utf-8")
    assert result.returncode == 1
    assert f"Restored {site} from " in result.stdout
    assert digest(site) == reference and staging(project) == []


SHIFTED_CLOCK = """
import datetime, time
DAYS = {days}
_time = time.time
time.time = lambda: _time() + DAYS * 86400

class _Shifted(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return super().now(tz) + datetime.timedelta(days=DAYS)

datetime.datetime = _Shifted
"""


@pytest.mark.parametrize("days", [1, 400])
def test_a_build_on_another_day_gives_the_same_bytes(built, tmp_path, days):
    project, reference = built
    forget_built_languages(project)  # MkDocs writes the pages again, on the shifted day
    # Every Python process of the build starts with its clock moved on by `days`.
    (tmp_path / "sitecustomize.py").write_text(SHIFTED_CLOCK.format(days=days), encoding="utf-8")
    env = {**command_env(project), "PYTHONPATH": os.pathsep.join([str(tmp_path), command_env(project)["PYTHONPATH"]])}
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "scripts/build_site.py", "--site-dir", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert digest(tmp_path / "site") == reference


def test_the_build_is_dated_by_the_last_commit_or_zero_outside_git(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    language_build.pin_build_date()
    committed = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=language_build.ROOT, capture_output=True, text=True, check=False)
    assert os.environ["SOURCE_DATE_EPOCH"] == (committed.stdout.strip() or "0")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setattr(language_build, "ROOT", tmp_path)  # a copy of the project, outside git
    language_build.pin_build_date()
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")  # set by whoever builds: kept
    language_build.pin_build_date()
    assert os.environ["SOURCE_DATE_EPOCH"] == "12345"


def test_replace_exchanges_two_folders_in_one_step(tmp_path):
    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "page.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "page.html").write_text("new", encoding="utf-8")
    assert folders.replace(new, old) == new
    assert (old / "page.html").read_text() == "new" and (new / "page.html").read_text() == "old"
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert folders.replace(fresh, tmp_path / "absent") is None and (tmp_path / "absent").is_dir()


def test_a_scratch_folder_is_swept_only_once_its_owner_is_gone(tmp_path):
    taken_back = []
    with folders.owned(tmp_path, ".scratch-") as live:
        assert folders.sweep(tmp_path, ".scratch-", taken_back.append) == []  # its owner holds its lock
        killed = tmp_path / ".scratch-killed"  # what a killed owner leaves: the folder and a free lock
        killed.mkdir()
        (tmp_path / ".scratch-killed.lock").touch()
        (tmp_path / ".scratch-old").mkdir()  # no lock file at all: left alone unless asked
        assert folders.sweep(tmp_path, ".scratch-", taken_back.append) == [killed] and taken_back == [killed]
        assert live.is_dir() and (tmp_path / ".scratch-old").is_dir()
        assert folders.sweep(tmp_path, ".scratch-", lockless_after=-1) == [tmp_path / ".scratch-old"]
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_second_holder_of_a_lock_says_it_waits(tmp_path, capsys):
    lock = tmp_path / "build.lock"
    order = []

    def second():
        with folders.locked(lock, "waiting"):
            order.append("second")

    with folders.locked(lock):
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.5)
        order.append("first done")
    waiter.join(timeout=10)
    assert order == ["first done", "second"]
    assert "waiting" in capsys.readouterr().err
