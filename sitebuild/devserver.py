"""Preview the site with live reload, rebuilding only what an edit touches (``make serve``).

Every language is built in this one process (MkDocs, its plugins and the templates stay
loaded), into one folder served at http://127.0.0.1:8000: English at the root, each other
language in its folder. After an edit:

- a page of a translation rebuilds that language only;
- an English page rebuilds English, then, once the browser has reloaded, the translations
  (their fallback pages, notices and status page read the English sources);
- anything else (the library, the build, theme overrides, the config) runs what must be
  executed again (``sitebuild.outputs.prepare``), then rebuilds every language, English first.

A page edit is shown at once by a dirty build, which renders only the edited pages; the full
build that follows brings the navigation, the search index and the other languages up to date.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer, _timestamp

from sitebuild import language_build, languages
from sitebuild.outputs import prepare
from sitebuild.paths import DOCS_DIR, MKDOCS_CONFIG, QUIET_MKDOCS

log = logging.getLogger("mkdocs.serve.batchnorm_explained")


class Builder:
    """Builds languages into the served folder and knows which an edit affects.

    Args:
        served: The folder the server serves.
        codes: The languages previewed, the default one first.
        alone: One language previewed on its own, at the root, without the language menu.
    """

    def __init__(self, served: Path, codes: list[str], alone: bool):
        self.served = served
        self.codes = codes
        self.alone = alone
        self.server: LiveReloadServer | None = None
        self._lock = threading.Lock()
        self.watched = [DOCS_DIR, MKDOCS_CONFIG, *map(Path, language_build.load(codes[0], served).watch)]
        self._seen = self._snapshot()

    def build_all(self) -> None:
        """Build every previewed language, after running what they show side by side."""
        prepare.run_all(show=True)
        with self._lock:
            for code in self.codes:
                self._build(code)

    def rebuild(self) -> None:
        """The live-reload server's builder: rebuild what changed since the last build."""
        current = self._snapshot()
        changed = [path for path in current.keys() | self._seen.keys() if current.get(path) != self._seen.get(path)]
        self._seen = current
        if not changed:
            return  # an event on a file the snapshot ignores (a cache, __pycache__)
        pages_only = all(DOCS_DIR in path.parents and path.suffix == ".md" for path in changed)
        if not pages_only:  # the library, a snippet, a notebook, the build: outputs may change
            prepare.run_all(show=True)
        first, *later = self._affected(changed)
        quick = all(path.suffix == ".md" and path.parent == languages.docs_dir(first) for path in changed)
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
        touched = {path.relative_to(DOCS_DIR).parts[0] for path in changed if DOCS_DIR in path.parents}
        only_translations = all(DOCS_DIR in path.parents for path in changed) and touched <= set(languages.translations())
        if only_translations:
            return [code for code in self.codes if code in touched]
        return self.codes  # English first: the others read its sources

    def _build(self, code: str, dirty: bool = False) -> None:
        started = time.perf_counter()
        target = self.served if self.alone or code == languages.DEFAULT else self.served / code
        try:
            language_build.build(code, target, dirty=dirty, alone=self.alone)
        except Abort:
            log.error("The build of %s failed; the preview shows its last good build.", code)
            return
        if code == languages.DEFAULT and not self.alone:
            self._link_translations()  # building English at the root cleaned the folder
        log.info("Built %s%s in %.2f s", code, " (edited pages)" if dirty else "", time.perf_counter() - started)

    def _link_translations(self) -> None:
        for code in self.codes[1:]:
            built = self.served.parent / f"{self.served.name}-{code}"
            built.mkdir(exist_ok=True)
            link = self.served / code
            if not link.is_symlink():
                link.symlink_to(built, target_is_directory=True)

    def _snapshot(self) -> dict[Path, int]:
        files = []
        for place in self.watched:
            found = place.rglob("*") if place.is_dir() else [place]
            files += [path for path in found if path.is_file() and "__pycache__" not in path.parts]
        return {path: path.stat().st_mtime_ns for path in files}


def serve(host: str, port: int, folder: Path, alone: str | None = None) -> None:
    """Build the site into ``folder``, serve it at ``host:port`` and rebuild on every edit, until interrupted.

    Args:
        host: The address to serve at.
        port: The port to serve at.
        folder: An empty temporary folder.
        alone: A language to preview on its own, at the root, without the language menu;
            None previews every language.
    """
    os.environ.update(QUIET_MKDOCS)
    served = folder / "site"
    served.mkdir()
    builder = Builder(served, [alone] if alone else languages.codes(), alone=alone is not None)
    builder.build_all()
    server = LiveReloadServer(builder=builder.rebuild, host=host, port=port, root=str(served))
    builder.server = server
    for path in builder.watched:
        server.watch(str(path))
    server.serve()
