"""Serve a built site as GitHub Pages does: gzip for text, a short cache, the root 404 page.

The browser tests, Lighthouse and the page-weight measurements of ``make bench`` need the
site served the way readers get it; Python's ``http.server`` sends everything uncompressed.
Also here: a free port, and waiting for a URL to show a text (a server that is starting).
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """Answers GET and HEAD for the files of ``site`` (set on the server)."""

    def do_GET(self):
        """Answer with the file and its body."""
        self._answer(with_body=True)

    def do_HEAD(self):
        """Answer with the file's headers only."""
        self._answer(with_body=False)

    def log_message(self, *args):
        """Log nothing: a test or a benchmark makes hundreds of requests."""

    def _answer(self, with_body: bool) -> None:
        site: Path = self.server.site
        path = site / unquote(urlsplit(self.path).path).lstrip("/")
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file() or site.resolve() not in path.resolve().parents:
            status, path = 404, site / "404.html"
        body, encoding = _body(path, "gzip" in self.headers.get("Accept-Encoding", ""))
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)


@lru_cache(maxsize=512)
def _body(path: Path, gzip_ok: bool) -> tuple[bytes, str | None]:
    data = path.read_bytes()
    kind = mimetypes.guess_type(path.name)[0] or ""
    if gzip_ok and kind.startswith(COMPRESSED):
        return gzip.compress(data, compresslevel=6, mtime=0), "gzip"
    return data, None


class QuietServer(http.server.ThreadingHTTPServer):
    """A server that lets a browser drop a request it no longer needs (a page left mid-load)."""

    def handle_error(self, request, client_address):
        """Ignore a connection the browser closed; report any other error as the base class does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a background thread; yield its base URL."""
    mimetypes.add_type("image/svg+xml", ".svg")
    mimetypes.add_type("application/javascript", ".js")
    server = QuietServer(("127.0.0.1", port), PagesHandler)
    server.site = Path(site).resolve()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        _body.cache_clear()


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """Return the body of ``url`` as text, or ``""`` if it cannot be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for_text(url: str, text: str, seconds: float, interval: float = 0.02) -> bool:
    """Poll ``url`` until its body contains ``text``; return whether it did within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(interval)
    return False
