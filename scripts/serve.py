"""Preview the site with live reload, rebuilding only what an edit touches (``make serve``).

Every language is built in this one process (MkDocs, its plugins and the templates stay
loaded), into one folder served at http://127.0.0.1:8000: English at the root, each other
language in its folder. After an edit:

- a page of a translation rebuilds that language only;
- an English page rebuilds English, then, once the browser has reloaded, the translations
  (their fallback pages, notices and status page read the English sources);
- anything else (the library, scripts, theme overrides, configs) rebuilds every language,
  English first.

``--language it`` previews one language alone, at the root, without the language menu.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import prepare
import project
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _timestamp

log = logging.getLogger("mkdocs.serve.batchnorm_explained")
WATCHED = ("docs", "src", "scripts", "overrides", "templates", "benchmarks")


class Builder:
    """Builds languages into the served folder and knows which an edit affects."""

    def __init__(self, served: Path, languages: list[str], alone: bool):
        self.served = served
        self.languages = languages
        self.alone = alone
        self.server: LiveReloadServer | None = None
        self._lock = threading.Lock()
        self._seen = self._snapshot()

    def build_all(self) -> None:
        """Build every previewed language, after running what they execute side by side."""
        tasks = [subprocess.Popen([sys.executable, str(Path(prepare.__file__)), task], cwd=project.ROOT)
                 for task in prepare.pending()]
        for task in tasks:
            task.wait()
        with self._lock:
            for code in self.languages:
                self._build(code)

    def rebuild(self) -> None:
        """The live-reload server's builder: rebuild what changed since the last build."""
        current = self._snapshot()
        changed = [path for path in current.keys() | self._seen.keys() if current.get(path) != self._seen.get(path)]
        self._seen = current
        if not changed:
            return  # an event on a file the snapshot ignores (a cache, __pycache__)
        first, *later = self._affected(changed)
        # A page edit is shown at once by a dirty build, which renders only the edited pages;
        # the full build that follows brings the navigation, the search index and the other
        # languages up to date, and reloads the browsers again.
        quick = all(path.suffix == ".md" and path.parent == project.DOCS_DIR / first for path in changed)
        with self._lock:
            self._build(first, dirty=quick)
        if quick:
            later = [first, *later]
        if later:
            threading.Thread(target=self._build_later, args=(later,), daemon=True).start()

    def _build_later(self, codes: list[str]) -> None:
        with self._lock:
            for code in codes:
                self._build(code)
        if self.server is not None:
            # Reload the browsers again, now that the other languages are up to date too.
            # (MkDocs 1.6.1, the last MkDocs release, has no public call for this.)
            with self.server._epoch_cond:
                self.server._visible_epoch = self.server._wanted_epoch = _timestamp()
                self.server._epoch_cond.notify_all()

    def _affected(self, changed: list[Path]) -> list[str]:
        translations = [code for code in self.languages if code != project.locales.DEFAULT_LANGUAGE]
        touched = {path.relative_to(project.DOCS_DIR).parts[0] for path in changed if project.DOCS_DIR in path.parents}
        only_translations = changed and all(project.DOCS_DIR in path.parents for path in changed) and touched <= set(translations)
        if only_translations:
            return [code for code in self.languages if code in touched]
        return self.languages  # English first: the others read its sources

    def _build(self, code: str, dirty: bool = False) -> None:
        started = time.perf_counter()
        target = self.served if self.alone or code == project.locales.DEFAULT_LANGUAGE else self.served / code
        config = load_config(str(project.config_file(code)), site_dir=str(target))
        # "serve" tells the hook this language is previewed alone (no language menu).
        config.plugins.on_startup(command="serve" if self.alone else "build", dirty=dirty)
        try:
            build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
        if code == project.locales.DEFAULT_LANGUAGE and not self.alone:
            self._link_translations()  # building English at the root cleaned the folder
        log.info("Built %s%s in %.2f s", code, " (edited pages)" if dirty else "", time.perf_counter() - started)

    def _link_translations(self) -> None:
        for code in self.languages[1:]:
            built = self.served.parent / f"{self.served.name}-{code}"
            built.mkdir(exist_ok=True)
            link = self.served / code
            if not link.is_symlink():
                link.symlink_to(built, target_is_directory=True)

    def _snapshot(self) -> dict[Path, int]:
        files = [project.ROOT / name for name in os.listdir(project.ROOT) if name.startswith("mkdocs") and name.endswith(".yml")]
        for folder in WATCHED:
            files += [path for path in (project.ROOT / folder).rglob("*") if path.is_file() and "__pycache__" not in path.parts]
        return {path: path.stat().st_mtime_ns for path in files}


def main() -> None:
    """Build, serve and watch until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve at")
    parser.add_argument("--language", choices=project.language_codes(), help="preview this language alone")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, port = arguments.address.rsplit(":", 1)
    languages = [arguments.language] if arguments.language else project.language_codes()
    folder = Path(tempfile.mkdtemp(prefix="batchnorm-explained-serve-"))
    served = folder / "site"
    served.mkdir()
    builder = Builder(served, languages, alone=bool(arguments.language))
    try:
        builder.build_all()
        server = LiveReloadServer(builder=builder.rebuild, host=host, port=int(port), root=str(served))
        builder.server = server
        for path in [*WATCHED, *(name for name in os.listdir(project.ROOT) if name.startswith("mkdocs") and name.endswith(".yml"))]:
            server.watch(str(project.ROOT / path))
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
