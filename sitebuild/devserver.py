"""Preview the site with live reload, rebuilding only what an edit touches (``make serve``).

Every language is built in this one process (MkDocs, its plugins and the templates stay
loaded) and served at http://127.0.0.1:8000: English at the root, each other language in its
folder. After an edit:

- a page of a translation rebuilds that language only;
- an English page rebuilds English, then, once the browser has reloaded, the translations
  (their fallback pages, notices and status page read the English sources);
- anything else (the library, the build, theme overrides, the config) runs what must be
  executed again (``sitebuild.outputs.prepare``), then rebuilds every language, English first.

A page edit is shown at once by a dirty build, which renders only the edited pages; the full
build that follows brings the navigation, the search index and the other languages up to date.

What a reader of the preview sees:

- every build writes a fresh folder, which replaces the one served only once it is complete
  (a symbolic link changed in one step): no page is missing while a build runs;
- while a build is failing, every page is an error page, in the page's language, with what
  failed, the file and the line; it reloads by itself once that part builds again, and a
  later build of another part never hides it;
- Ctrl-C or SIGTERM stops the preview: the server at once, the build in progress at its end.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import logging
import os
import posixpath
import shutil
import threading
import time
import traceback
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from mkdocs.livereload import LiveReloadServer, _timestamp

from sitebuild import language_build, languages, strings
from sitebuild.outputs import prepare
from sitebuild.paths import DOCS_DIR, MKDOCS_CONFIG, QUIET_MKDOCS

log = logging.getLogger("mkdocs.serve.batchnorm_explained")
OUTPUTS = "outputs"  # the part of a failure that is not a language's pages: examples, notebooks, figures
PREVIEW = "preview"  # a failure of the preview itself
# How often the watched files are checked for an edit, in seconds. MkDocs checks every 0.5 s,
# which is most of the time an edit takes to show (a page's rebuild takes 0.2 to 0.3 s); one
# check of the 230 or so watched files takes a few milliseconds.
POLLING_INTERVAL = 0.1


class Builder:
    """Builds languages into fresh folders, swaps them in, and knows which an edit affects and what is failing.

    Args:
        folder: An empty folder of this process: the builds go in ``builds/``, the server
            serves ``site`` (a link to the default language's current build).
        codes: The languages previewed, the default one first.
        alone: One language previewed on its own, at the root, without the language menu.

    Attributes:
        errors: What failed, by part (``"outputs"`` or a language code), until it builds again.
    """

    def __init__(self, folder: Path, codes: list[str], alone: bool):
        self.builds = folder / "builds"
        self.builds.mkdir()
        self.served = folder / "site"
        self.served.symlink_to(Path("builds") / codes[0], target_is_directory=True)
        self.codes = codes
        self.alone = alone
        self.errors: dict[str, str] = {}
        self.server: LiveReloadServer | None = None
        self._lock = threading.Lock()
        self._generations = itertools.count(1)
        self._stopping = threading.Event()
        self.watched = [DOCS_DIR, MKDOCS_CONFIG, *map(Path, language_build.load(codes[0], self.builds).watch)]
        self._seen = self._snapshot()

    def build_all(self) -> None:
        """Build every previewed language, after running what they show side by side."""
        self._prepare()
        with self._lock:
            for code in self.codes:
                self._build(code)

    def rebuild(self) -> None:
        """The live-reload server's builder: rebuild what changed since the last build.

        It never raises: what fails is kept in ``errors`` and shown, and the server keeps
        answering (MkDocs' server would otherwise hold every request until the next edit).
        """
        try:
            self._rebuild()
        except Exception:
            self._record(PREVIEW, traceback.format_exc())
            log.exception("The preview failed to rebuild; it shows why until a rebuild succeeds.")
        else:
            self._record(PREVIEW, "")

    def _rebuild(self) -> None:
        current = self._snapshot()
        changed = [path for path in current.keys() | self._seen.keys() if current.get(path) != self._seen.get(path)]
        self._seen = current
        if not changed:
            return  # an event on a file the snapshot ignores (a cache, __pycache__)
        pages_only = all(DOCS_DIR in path.parents and path.suffix == ".md" for path in changed)
        if not pages_only:  # the library, a snippet, a notebook, the build: outputs may change
            self._prepare()
        first, *later = self._affected(changed)
        quick = all(path.suffix == ".md" and path.parent == languages.docs_dir(first) for path in changed)
        with self._lock:
            self._build(first, dirty=quick)
        if quick:
            later = [first, *later]
        if later:
            threading.Thread(target=self._build_later, args=(later,), daemon=True).start()

    def stop(self) -> None:
        """Build nothing more, and wait for the build in progress (if any) to end."""
        self._stopping.set()
        with self._lock:
            pass

    def error_page(self, path: str) -> bytes | None:
        """Return the error page for URL ``path`` while a build is failing, else None.

        The page is in the language of the part of the site ``path`` is in; the messages are
        the build's own.
        """
        errors = dict(self.errors)
        if not errors:
            return None
        lang = next((code for code in self.codes[1:] if not self.alone and path.startswith(f"/{code}/")), self.codes[0])
        sections = "".join(
            f"<h2>{html.escape(self._part_name(part, lang), quote=False)}</h2>\n<pre>{html.escape(message, quote=False)}</pre>\n"
            for part, message in errors.items()
        )
        title, text = (html.escape(strings.text(f"preview.{key}", lang), quote=False) for key in ("failed_title", "failed_text"))
        return (
            f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n<style>{_STYLE}</style>\n'
            f"</head>\n<body>\n<h1>{title}</h1>\n<p>{text}</p>\n{sections}</body>\n</html>\n"
        ).encode()

    def _part_name(self, part: str, lang: str) -> str:
        if part in (OUTPUTS, PREVIEW):
            return strings.text(f"preview.failed_{part}", lang)
        return strings.text("preview.failed_language", lang, language=languages.name(part))

    def _prepare(self) -> None:
        outcomes = prepare.run_all()
        for outcome in outcomes:
            for line in outcome.shown():
                print(f"[{outcome.task}] {line}", flush=True)
        self._record(OUTPUTS, "\n".join(outcome.output.strip() for outcome in outcomes if outcome.failed))

    def _record(self, part: str, error: str) -> None:
        if error:
            self.errors[part] = error
        else:
            self.errors.pop(part, None)

    def _build_later(self, codes: list[str]) -> None:
        with self._lock:
            for code in codes:
                if self._stopping.is_set():
                    return
                try:
                    self._build(code)
                except Exception:
                    self._record(PREVIEW, traceback.format_exc())
                    log.exception("The preview failed to rebuild %s; it shows why until a rebuild succeeds.", code)
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
        target = self.builds / f"{code}-{next(self._generations)}"
        if dirty and (self.builds / code).is_dir():  # a dirty build writes the edited pages over the current build
            shutil.copytree(self.builds / code, target, symlinks=True)
        with _logged_errors() as logged:
            try:
                language_build.build(code, target, dirty=dirty, alone=self.alone)
            except Exception as error:  # anything: the preview shows it, and keeps serving
                self._record(code, "\n".join(logged) or f"{type(error).__name__}: {error}")
                shutil.rmtree(target, ignore_errors=True)
                log.error("The build of %s failed; the preview shows why until it builds again.", code)
                return
        if code == self.codes[0] and not self.alone:
            for other in self.codes[1:]:  # the translations' current builds, in their folders (a dirty build copied them)
                if not (target / other).is_symlink():
                    (target / other).symlink_to(Path("..") / other, target_is_directory=True)
        self._publish(code, target)
        self._record(code, "")
        log.info("Built %s%s in %.2f s", code, " (edited pages)" if dirty else "", time.perf_counter() - started)

    def _publish(self, code: str, target: Path) -> None:
        # Point builds/<code> at the new build in one step; keep the one before (a request
        # may be reading it) and remove the older ones.
        link = self.builds / code
        previous = os.readlink(link) if link.is_symlink() else None
        pending = self.builds / f".{code}.link"
        pending.unlink(missing_ok=True)
        pending.symlink_to(target.name, target_is_directory=True)
        os.replace(pending, link)
        for old in self.builds.glob(f"{code}-*"):
            if old.name.removeprefix(f"{code}-").isdigit() and old.name not in (target.name, previous):
                shutil.rmtree(old, ignore_errors=True)

    def _snapshot(self) -> dict[Path, int]:
        files = []
        for place in self.watched:
            found = place.rglob("*") if place.is_dir() else [place]
            files += [path for path in found if path.is_file() and "__pycache__" not in path.parts]
        return {path: path.stat().st_mtime_ns for path in files}


_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
    "h1{color:#b71c1c}pre{white-space:pre-wrap;background:#fff4f4;border-left:4px solid #b71c1c;padding:1rem}"
)


@contextlib.contextmanager
def _logged_errors() -> Iterator[list[str]]:
    # What MkDocs logs as errors during a build: the messages an error page shows.
    messages: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        yield messages
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering at once from the last complete build, or with the error page.

    MkDocs holds every request while a build runs, so that none sees a half-built folder;
    here a build replaces the served one whole, so a request is answered at once. While a
    build is failing, every page is the error page; it carries the live-reload script, so a
    browser showing it reloads once the error is fixed. The site's other files (styles,
    scripts, figures) are served as ever.
    """

    def __init__(self, builder: Builder, host: str, port: int):
        super().__init__(builder=builder.rebuild, host=host, port=port, root=str(builder.served), polling_interval=POLLING_INTERVAL)
        self.preview = builder

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            return super()._serve_request(environ, start_response)
        page = self.preview.error_page(path) if path.endswith(("/", ".html")) else None
        file = Path(self.root, posixpath.normpath("/" + path + ("index.html" if path.endswith("/") else "")).lstrip("/"))
        if page is None and file.is_dir():
            start_response("302 Found", [("Location", urllib.parse.quote(path) + "/")])
            return []
        if page is None and not file.is_file():
            return None  # MkDocs answers 404
        with self._epoch_cond:
            epoch = self._visible_epoch
        body = page if page is not None else file.read_bytes()
        if page is not None or file.suffix == ".html":
            body = self._inject_js_into_html(body, epoch)
        status = "500 Internal Server Error" if page is not None else "200 OK"
        content_type = "text/html; charset=utf-8" if page is not None else self._guess_type(str(file))
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]


def serve(host: str, port: int, folder: Path, alone: str | None = None) -> None:
    """Build the site into ``folder``, serve it at ``host:port`` and rebuild on every edit, until interrupted.

    Args:
        host: The address to serve at.
        port: The port to serve at.
        folder: An empty folder of this process.
        alone: A language to preview on its own, at the root, without the language menu;
            None previews every language.
    """
    os.environ.update(QUIET_MKDOCS)
    builder = Builder(folder, [alone] if alone else languages.codes(), alone=alone is not None)
    try:
        builder.build_all()
        server = builder.server = PreviewServer(builder, host=host, port=port)
        for path in builder.watched:
            server.watch(str(path))
        try:
            server.serve()
        finally:
            server.shutdown()  # at once: the port is free and no request is answered any more
    finally:
        builder.stop()
