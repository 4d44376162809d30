"""Build every language's site side by side and publish the result into ``site/`` in one step.

First the outputs every language shows are produced, side by side, unless they are cached
(``sitebuild.outputs.prepare``; the language builds start while that is checked, and start
again if something had to be made). Then each language is a MkDocs build of its own
(``sitebuild.language_build``: the default language at ``/``, the others at ``/<code>/``), built
into a staging folder beside ``site/`` by one process per core, each building its share of the
languages in turn (``language_groups``). A language whose inputs did not change since it was
last built is not built again: its pages are copied from the cache (``sitebuild.language_cache``).
Only when every build succeeded are the folders assembled and exchanged with ``site/`` in one step (``sitebuild.folders.replace``):
``site/`` is never absent and never half old, half new, and a failed build prints its
messages and leaves the previous ``site/`` as it was.

One build of a project runs at a time: a second one says that it waits, then runs (with
everything cached by then, it only publishes). A build starts by removing the staging folders
of builds that were killed (their lock is free), and a build stopped by Ctrl-C or SIGTERM
stops its processes and removes its own. Its date is the last commit's, so that it gives the
same bytes on any day (``language_build.pin_build_date``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sitebuild import folders, interrupts, language_build, language_cache, languages
from sitebuild.outputs import prepare
from sitebuild.paths import CACHE_DIR, ROOT, command_env, relative

LOCK = CACHE_DIR / "build.lock"  # held for a whole build of this project
STAGING = ".site-build-"  # the staging folders beside site/, each with its owner's lock
PUBLISH = "publish"  # inside a staging folder: the assembled site, named like the site's folder


def language_groups(codes: list[str]) -> list[list[str]]:
    """Split ``codes`` among the build processes: one per core, each building its languages in turn.

    A language built after another in the same process costs about 60% of the first (MkDocs,
    its plugins and the templates are loaded once), so an added language adds that, not a
    whole process. No codes, no processes.
    """
    count = min(os.cpu_count() or 1, len(codes))
    return [codes[index::count] for index in range(count)]


def build_languages(codes: list[str], out: Path, strict: bool, root: Path = ROOT) -> subprocess.Popen:
    """Start the MkDocs builds of ``codes`` of project ``root``, one after the other, into ``out/<code>``; return the process."""
    command = [sys.executable, "-m", "sitebuild.language_build", str(out), *codes, *(["--strict"] if strict else [])]
    return subprocess.Popen(command, cwd=root, env=command_env(root), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def build_site(site_dir: Path, strict: bool = True, codes: list[str] | None = None) -> bool:
    """Build the languages and replace ``site_dir`` with the result if every build succeeded.

    Args:
        site_dir: The folder to publish into, e.g. ``site/``.
        strict: Fail a build on any MkDocs warning (``--strict``).
        codes: The languages to build (default: all). The default language must be among
            them: it is the site's root.

    Returns:
        True if every language built and ``site_dir`` was replaced; False otherwise, with
        ``site_dir`` untouched.
    """
    codes = [code for code in languages.codes() if code in (codes or languages.codes())]
    if languages.DEFAULT not in codes:
        raise ValueError(f"codes must include the default language {languages.DEFAULT!r}, the site's root; got {codes}")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    language_build.pin_build_date()
    waiting = f"Another build of this project is running (it holds {relative(LOCK)}); this one waits for it to finish."
    with folders.locked(LOCK, waiting):
        swept = folders.sweep(site_dir.parent, STAGING, lambda folder: _take_back(folder, site_dir), lockless_after=folders.ORPHAN_AGE)
        for left in swept:
            print(f"Removed {relative(left)}, left by a build that was stopped", flush=True)
        return _build(site_dir, strict, codes)


def _build(site_dir: Path, strict: bool, codes: list[str]) -> bool:
    started = time.perf_counter()
    # Staged next to site_dir so that publishing is an exchange on the same file system.
    with folders.owned(site_dir.parent, STAGING) as staging, interrupts.stopped([]) as running:
        made_from = language_cache.inputs(strict)
        kept = {code: found for code in codes if (found := language_cache.load(code, made_from))}
        groups = language_groups([code for code in codes if code not in kept])
        # The MkDocs builds start at once, while this process checks what must be executed
        # again: a warm build finds nothing, and the check costs it no time. Otherwise they
        # are stopped, still loading MkDocs, and started again once the outputs are made.
        running += [build_languages(group, staging, strict) for group in groups]
        tasks = prepare.pending()
        if tasks:
            for process in running:
                process.kill()
                process.communicate()
            running.clear()
            if not _prepared(tasks, site_dir):
                return False
            running += [build_languages(group, staging, strict) for group in groups]
        failed = []
        for group, process in zip(groups, running, strict=True):
            output, _ = process.communicate()
            print(output, end="", flush=True)  # each line names its language
            if process.returncode != 0:  # the languages it says failed; all of them if it was stopped
                failed += [code for code in group if f"[{code}] {language_build.FAILED}" in output] or group
        if failed:
            print(f"Build failed for {', '.join(failed)}; {site_dir} was left as it was.", file=sys.stderr)
            return False
        _keep_or_copy(kept, groups, staging, made_from, strict)
        assembled = staging / PUBLISH / site_dir.name
        assembled.parent.mkdir()
        for code in codes:
            (staging / code).rename(assembled / languages.site_prefix(code))  # default first, at the root
        folders.replace(assembled, site_dir)  # the previous site is now in staging, removed with it
    print(f"Built {', '.join(codes)} into {site_dir} in {time.perf_counter() - started:.1f} s")
    return True


def _keep_or_copy(kept: dict[str, Path], groups: list[list[str]], staging: Path, made_from: str, strict: bool) -> None:
    # The languages just built are kept for the next build, unless a file changed while they
    # built (their pages may hold some of the change, under the key of the inputs before it).
    for code, found in kept.items():
        language_cache.copy(found, staging / code)
        print(f"[{code}] INFO    -  Its inputs did not change: its pages were copied from {relative(found)}", flush=True)
    if groups and language_cache.inputs(strict) == made_from:
        for code in (code for group in groups for code in group):
            language_cache.save(code, made_from, staging / code)


def _prepared(tasks: list[str], site_dir: Path) -> bool:
    # Run what must be executed again; say what each task logged, and what failed.
    outcomes = prepare.run_all(tasks)
    for outcome in outcomes:
        for line in outcome.shown():
            print(f"[{outcome.task}] {line}", flush=True)
    failures = [outcome.task for outcome in outcomes if outcome.failed]
    if failures:
        print(f"Build failed in {', '.join(failures)}; {site_dir} was left as it was.", file=sys.stderr)
    return not failures


def _take_back(staging: Path, site_dir: Path) -> None:
    # Only where the file system cannot exchange folders: a build killed between its two
    # renames left no site_dir, the new site assembled and the previous one set aside.
    if site_dir.exists():
        return
    for candidate in (staging / PUBLISH / site_dir.name, staging / PUBLISH / f"{site_dir.name}.previous"):
        if candidate.is_dir():
            candidate.rename(site_dir)
            print(f"Restored {site_dir} from {relative(candidate)}, left by a build stopped while publishing", flush=True)
            return
