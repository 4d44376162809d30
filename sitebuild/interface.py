"""The English interface text a translated page must not show, from the files that hold it.

A page's interface (what surrounds and labels its content) comes from four kinds of strings
files, each with an English version and one per language:

- the theme's: Material for MkDocs' ``partials/languages/<code>.html``;
- the API reference's: mkdocstrings' ``_base/languages/en.html.jinja`` and this project's
  ``templates/python/material/languages/<code>.html.jinja``;
- the site's: ``sitebuild/strings/<code>.toml`` (notices, tables, buttons, the footer);
- the figures': ``src/batchnorm_explained/locales/<code>.toml`` (titles, alt text, captions).

``english_strings(lang)`` lists every English string that ``lang`` words differently (or
lacks, so that English would be shown): none of them should appear on a page of ``lang``.
The browser test (``tests/browser/test_interface_language.py``) looks for them in each
translated page's text and in its ``aria-label``, ``title``, ``alt`` and ``placeholder``
attributes, outside code and outside what the page marks as English (``lang="en"``: the
API docstrings, the English terms of the glossary, the language menu's "English").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from batchnorm_explained.locales import DEFAULT_LANGUAGE, FIGURE_STRINGS
from sitebuild.paths import ROOT
from sitebuild.strings import SITE_STRINGS

# Keys of the theme's files that are settings, not text.
_THEME_SETTINGS = re.compile(r"^(language|direction|search\.config\..*)$")
_ENTRY = re.compile(r'^\s*"([^"]+)"\s*:\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{\w+\}|#")  # {name} in our files, # in the theme's counts
_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass(frozen=True)
class EnglishString:
    """One English interface string and where it comes from.

    Attributes:
        text: The English string, placeholders included.
        source: The file and key, e.g. ``sitebuild/strings/en.toml: site.permalink``.
        pattern: What finds it in a page's text: its words, any text where a placeholder
            is, on word boundaries.
    """

    text: str
    source: str
    pattern: re.Pattern


def english_strings(lang: str) -> list[EnglishString]:
    """Return the English interface strings that a page in ``lang`` must not show.

    A string too short to tell from other text (no word of four letters or more once its
    placeholders are removed, like ``"{value} s"``) is left out.
    """
    found = []
    for name, english, translated in _tables(lang):
        for key, text in english.items():
            if translated.get(key) == text or not isinstance(text, str):
                continue
            pattern = _pattern(text)
            if pattern is not None:
                found.append(EnglishString(text, f"{name}: {key}", pattern))
    return found


def _tables(lang: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    import material
    import mkdocstrings_handlers.python

    theme = Path(material.__file__).parent / "templates" / "partials" / "languages"
    api = Path(mkdocstrings_handlers.python.__file__).parent / "templates" / "material" / "_base" / "languages"
    ours = ROOT / "templates" / "python" / "material" / "languages"
    return [
        (_name(theme / "en.html"), _theme_strings(theme / "en.html"), _theme_strings(theme / f"{lang}.html")),
        (_name(api / "en.html.jinja"), _theme_strings(api / "en.html.jinja"), _theme_strings(ours / f"{lang}.html.jinja")),
        (_name(SITE_STRINGS.path(DEFAULT_LANGUAGE)), SITE_STRINGS.table(DEFAULT_LANGUAGE), SITE_STRINGS.table(lang)),
        (_name(FIGURE_STRINGS.path(DEFAULT_LANGUAGE)), FIGURE_STRINGS.table(DEFAULT_LANGUAGE), FIGURE_STRINGS.table(lang)),
    ]


def _theme_strings(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    entries = _ENTRY.findall(path.read_text(encoding="utf-8"))
    return {key: value.replace('\\"', '"') for key, value in entries if not _THEME_SETTINGS.match(key)}


def _pattern(text: str) -> re.Pattern | None:
    parts = [part.strip() for part in _PLACEHOLDER.split(text)]
    parts = [part for part in parts if part]
    if not parts or not any(_WORD.search(part) for part in parts):
        return None
    words = [r"\s+".join(map(re.escape, part.split())) for part in parts]
    start = r"(?<!\w)" if parts[0][0].isalnum() else ""
    end = r"(?!\w)" if parts[-1][-1].isalnum() else ""
    return re.compile(start + r".{1,200}?".join(words) + end, re.DOTALL)


def _name(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return "/".join(path.parts[-4:])  # a package's file: its last folders say which
