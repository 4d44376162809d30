"""Fixtures of the browser tests: the site served as GitHub Pages serves it, Debian's Chromium,
and a page that records console errors and requests to other hosts."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from sitebuild import browser as chromium
from sitebuild import staticserver


@pytest.fixture(scope="session")
def server(site) -> Iterator[str]:
    """The base URL of the built site, served gzipped, the root 404.html for any missing address."""
    with staticserver.serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, started as this machine allows it."""
    with sync_playwright() as playwright:
        started = chromium.launch(playwright)
        yield started
        started.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    """A fresh desktop-sized page that records console errors and requests to other hosts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.console_errors = []
    opened.outside_requests = []
    opened.on("console", lambda message: message.type == "error" and opened.console_errors.append(message.text))
    opened.on("pageerror", lambda error: opened.console_errors.append(str(error)))
    opened.on(
        "request",
        lambda request: urlsplit(request.url).hostname != "127.0.0.1" and opened.outside_requests.append(request.url),
    )
    yield opened
    context.close()
