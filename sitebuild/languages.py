"""The site's languages: the one list, where each language is published, how they link.

The list is the library's ``locales/languages.toml`` (the library labels figures in the same
languages); importing it costs no torch. The default language lives at the site's root, every
other one in its folder: ``/`` and ``/it/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from batchnorm_explained import locales
from sitebuild.paths import DOCS_DIR

DEFAULT = locales.DEFAULT_LANGUAGE
BRANCH = os.environ.get("REPO_BRANCH", "main")  # the branch whose sources "Edit this page" edits


def codes() -> list[str]:
    """Return the site's language codes, the default language first."""
    return [language.code for language in locales.languages()]


def translations() -> list[str]:
    """Return the codes of every language but the default one."""
    return codes()[1:]


def name(code: str) -> str:
    """Return the name of language ``code`` in that language (``Italiano``)."""
    return next(language.name for language in locales.languages() if language.code == code)


def docs_dir(code: str) -> Path:
    """Return the folder of language ``code``'s pages: ``docs/<code>``."""
    return DOCS_DIR / code


def edit_uri(code: str) -> str:
    """Return where language ``code``'s page sources are edited, under the repository's address."""
    return f"edit/{BRANCH}/docs/{code}/"


def site_prefix(code: str) -> str:
    """Return the folder of language ``code`` inside the assembled site (``""`` for the default)."""
    return "" if code == DEFAULT else f"{code}/"


def alternates(code: str) -> list[dict[str, str]]:
    """Return the language switcher's entries on a page of language ``code``.

    Each link is that language's root relative to this language's root (``it/`` from English,
    ``../`` from Italian): templates put it after ``base_url`` and append the page, so the
    links hold under any base path (a GitHub Pages project site lives under ``/<repo>/``).
    """
    up = "../" * site_prefix(code).count("/")
    return [
        {"name": language.name, "lang": language.code, "link": "" if language.code == code else up + site_prefix(language.code)}
        for language in locales.languages()
    ]


def hreflang(root_url: str) -> list[dict[str, str]]:
    """Return each language's root URL under the site's published address ``root_url``."""
    return [{"lang": code, "root": root_url + site_prefix(code)} for code in codes()] if root_url else []
