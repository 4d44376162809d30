"""Serve a built site as GitHub Pages does: gzip for text, a short cache, the root 404 page.

Lighthouse and the page-weight measurements of ``bench.py`` need the site served the way
readers get it; Python's ``http.server`` sends everything uncompressed.

    python scripts/static_server.py site/ --port 8000
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """Answers GET and HEAD for the files of ``site`` (set on the server)."""

    def do_GET(self):
        self._answer(with_body=True)

    def do_HEAD(self):
        self._answer(with_body=False)

    def log_message(self, *args):
        pass

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


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a background thread; yield its base URL."""
    mimetypes.add_type("image/svg+xml", ".svg")
    mimetypes.add_type("application/javascript", ".js")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), PagesHandler)
    server.site = Path(site).resolve()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        _body.cache_clear()


def main() -> None:
    """Serve the folder given on the command line until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    with serve(arguments.site, arguments.port) as url:
        print(f"Serving {arguments.site} at {url} (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
