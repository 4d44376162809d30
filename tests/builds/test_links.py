"""The link check: no broken link or anchor in any language, and it reports the ones it finds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import CODES, ROOT, load_config, page_urls, run

pytestmark = pytest.mark.site

PAGES = page_urls()
SITE_URL = os.environ.get("SITE_URL") or load_config()["site_url"]


def check_links(site_dir: Path) -> subprocess.CompletedProcess:
    base = urlsplit(SITE_URL).path
    return run([sys.executable, "scripts/check_links.py", str(site_dir), "--base-path", base], ROOT)


def test_no_internal_link_or_anchor_is_broken_in_any_language(site):
    result = check_links(site)
    assert result.returncode == 0, result.stdout
    pages = len(list(site.rglob("*.html")))
    assert result.stderr.strip() == f"0 broken links in {pages} pages"
    assert pages >= len(PAGES) * len(CODES)


def test_the_link_check_reports_a_missing_page_and_a_missing_anchor(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    page = copy / "it" / "why" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</article>", '<a href="../no-such-page/">x</a><a href="../transform/#no-such-section">y</a></article>', 1),
        encoding="utf-8",
    )
    result = check_links(copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "it/why/index.html: ../no-such-page/: no such file",
        "it/why/index.html: ../transform/#no-such-section: no element with id 'no-such-section' in it/transform/index.html",
    ]
