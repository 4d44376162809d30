"""``{{ translation_status() }}``: one row per page, one column per translation, in the page's language.

The same data as ``make translations`` (``sitebuild.translations``), rebuilt with the site.
"""

from __future__ import annotations

import posixpath

from sitebuild import languages, strings, translations
from sitebuild.macros.expand import Page


def translation_status(page: Page) -> str:
    """Return the translation status table's Markdown."""
    label = strings.section("status", page.lang)
    codes = languages.translations()
    rows = [f"| {label['page']} | " + " | ".join(languages.name(code) for code in codes) + " |", "|" + " --- |" * (len(codes) + 1)]
    table = {(entry.lang, entry.page): entry for entry in translations.status(codes)}
    for source in translations.english_pages():
        link = posixpath.relpath(source, posixpath.dirname(page.src_uri) or ".")
        rows.append(f"| [{source}]({link}) | " + " | ".join(_cell(table[(code, source)], page.lang) for code in codes) + " |")
    missing = [strings.text("status.strings_missing", page.lang, count=sum(map(len, strings.missing(code).values()))) for code in codes]
    rows.append(f"| {label['figure_strings']} | " + " | ".join(missing) + " |")
    return "\n".join(rows)


def _cell(entry: translations.PageStatus, lang: str) -> str:
    cell = strings.text(f"status.{entry.state.replace('-', '_')}", lang)
    if entry.problems:
        cell += " · " + strings.text("status.problems", lang, count=len(entry.problems))
    return cell
