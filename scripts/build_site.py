"""Build every language's site in parallel and publish the result into ``site/`` atomically.

First the figures, snippets, Figure 1 training and notebooks of every language are executed,
side by side, unless they are cached (``prepare.py``). Then each language is a plain MkDocs build (``mkdocs.yml`` for the default language at ``/``,
``mkdocs.<code>.yml`` for the others at ``/<code>/``), run as its own process into its own
temporary folder. Only when every build succeeded are the folders assembled and swapped in
for ``site/``: a failed build prints its messages, exits non-zero and leaves the previous
``site/`` as it was.

Usage: ``python scripts/build_site.py [--site-dir DIR] [--no-strict]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import prepare
import project


def build_language(code: str, out: Path, strict: bool) -> subprocess.Popen:
    """Start the MkDocs build of language ``code`` into ``out`` and return the process."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project.config_file(code)), "-d", str(out)]
    if strict:
        command.append("--strict")
    # Material's end-of-life banner would bury the build's own messages.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.Popen(
        command, cwd=project.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def build_site(site_dir: Path, strict: bool = True) -> bool:
    """Build all languages and replace ``site_dir`` with the result if every build succeeded.

    Args:
        site_dir: The folder to publish into, e.g. ``site/``.
        strict: Fail a build on any MkDocs warning (``--strict``).

    Returns:
        True if every language built and ``site_dir`` was replaced; False otherwise, with
        ``site_dir`` untouched.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Build next to site_dir so the final swap is a rename on the same file system.
    with tempfile.TemporaryDirectory(prefix=".site-build-", dir=site_dir.parent) as tmp:
        staging = Path(tmp)
        started = time.perf_counter()
        preparing = _prepare()
        processes = {code: build_language(code, staging / code, strict) for code in project.language_codes()}
        failed = []
        for task in preparing:  # none is left running once the build is over
            task.wait()
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
        for code in project.language_codes():
            (staging / code).rename(assembled / project.site_prefix(code))  # default first, at the root
        _swap(assembled, site_dir, staging / "previous")
        print(f"Built {', '.join(processes)} into {site_dir} in {time.perf_counter() - started:.1f} s")
        return True


def _prepare() -> list[subprocess.Popen]:
    # What the language builds would each execute (torch, a kernel per notebook, the Figure 1
    # training) is run once for all languages, in processes side by side; nothing starts when
    # all is cached. The builds start as soon as the figures are done (drawing Figure 1 waits
    # for the training): a build that reaches a notebook still running waits for it
    # (notebooks.py), and meanwhile uses the core the figures freed.
    tasks = {
        task: subprocess.Popen([sys.executable, str(Path(prepare.__file__)), task], cwd=project.ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for task in prepare.pending()
    }
    if "figures" in tasks:
        tasks["figures"].wait()
    return list(tasks.values())


def _swap(new: Path, site_dir: Path, trash: Path) -> None:
    # Two renames, no copying: site_dir holds the old site or the new one, never a mix.
    if site_dir.exists():
        site_dir.rename(trash)
    new.rename(site_dir)


def main() -> None:
    """Parse the command line and build the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=project.ROOT / "site")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    arguments = parser.parse_args()
    sys.exit(0 if build_site(arguments.site_dir, arguments.strict) else 1)


if __name__ == "__main__":
    main()
