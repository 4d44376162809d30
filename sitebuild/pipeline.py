"""Build every language's site side by side and publish the result into ``site/`` atomically.

First the outputs every language shows are produced, side by side, unless they are cached
(``sitebuild.outputs.prepare``). Then each language is a MkDocs build of its own
(``sitebuild.language_build``: the default language at ``/``, the others at ``/<code>/``), run
as its own process into its own temporary folder. Only when every build succeeded are the
folders assembled and swapped in for ``site/``: a failed build prints its messages, and leaves
the previous ``site/`` as it was.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitebuild import languages
from sitebuild.outputs import prepare
from sitebuild.paths import ROOT, command_env


def build_language(code: str, out: Path, strict: bool) -> subprocess.Popen:
    """Start the MkDocs build of language ``code`` into ``out`` and return the process."""
    command = [sys.executable, "-m", "sitebuild.language_build", code, str(out), *(["--strict"] if strict else [])]
    return subprocess.Popen(command, cwd=ROOT, env=command_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


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
    started = time.perf_counter()
    failures = prepare.run_all()
    for failure in failures:
        for line in failure.output.splitlines():
            print(f"[{failure.task}] {line}", flush=True)
    if failures:
        print(f"Build failed in {', '.join(failure.task for failure in failures)}; {site_dir} was left as it was.", file=sys.stderr)
        return False
    # Build next to site_dir so the final swap is a rename on the same file system.
    with tempfile.TemporaryDirectory(prefix=".site-build-", dir=site_dir.parent) as tmp:
        staging = Path(tmp)
        processes = {code: build_language(code, staging / code, strict) for code in codes}
        failed = []
        for code, process in processes.items():
            output, _ = process.communicate()
            for line in output.splitlines():
                print(f"[{code}] {line}", flush=True)
            if process.returncode != 0:
                failed.append(code)
        if failed:
            print(f"Build failed for {', '.join(failed)}; {site_dir} was left as it was.", file=sys.stderr)
            return False
        assembled = staging / "site"
        for code in codes:
            (staging / code).rename(assembled / languages.site_prefix(code))  # default first, at the root
        _swap(assembled, site_dir, staging / "previous")
    print(f"Built {', '.join(codes)} into {site_dir} in {time.perf_counter() - started:.1f} s")
    return True


def _swap(new: Path, site_dir: Path, trash: Path) -> None:
    # Two renames, no copying: site_dir holds the old site or the new one, never a mix.
    if site_dir.exists():
        site_dir.rename(trash)
    new.rename(site_dir)
