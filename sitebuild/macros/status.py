"""``{{ translation_status() }}``: one row per page, one column per translation, in the page's language.

Each page is named by its title in the reader's language, then by its file (what a
translator runs ``make translated`` on). The executed examples' twins and the terminology
get a row each, summed up; ``make translations`` lists them file by file. The same data as
``make translations`` (``sitebuild.translations``), rebuilt with the site.
"""

from __future__ import annotations

import posixpath

from sitebuild import languages, strings, translations
from sitebuild.macros.expand import Page


def translation_status(page: Page) -> str:
    """Return the translation status table's Markdown."""
    label = strings.section("status", page.lang)
    codes = languages.translations()
    head = [label["page"], label["file"], *(strings.language_name(code, page.lang).capitalize() for code in codes)]
    rows = [_row(head), _row(["---"] * len(head))]
    entries = translations.status(codes)
    table = {(entry.lang, entry.page): entry for entry in entries}
    for source in translations.english_pages():
        link = posixpath.relpath(source, posixpath.dirname(page.src_uri) or ".")
        title = translations.title(source, page.lang) or source
        rows.append(_row([f"[{title}]({link})", f"`{source}`", *(_cell(table[(code, source)], page.lang) for code in codes)]))
    examples = [[entry for entry in entries if entry.lang == code and entry.page.startswith(translations.SNIPPET_PREFIX)] for code in codes]
    rows.append(_row([label["examples"], "", *(_summary(found, page.lang) for found in examples)]))
    terminology = [[entry for entry in entries if entry.lang == code and entry.page == translations.TERMINOLOGY] for code in codes]
    if any(terminology):
        rows.append(_row([label["terminology"], "", *(_summary(found, page.lang) for found in terminology)]))
    missing = [strings.text("status.strings_missing", page.lang, count=sum(map(len, strings.missing(code).values()))) for code in codes]
    rows.append(_row([label["figure_strings"], "", *missing]))
    return "\n".join(rows)


def _cell(entry: translations.PageStatus, lang: str) -> str:
    cell = strings.text(f"status.{entry.state.replace('-', '_')}", lang)
    if entry.problems:
        cell += " · " + strings.text("status.problems", lang, count=len(entry.problems))
    return cell


def _summary(entries: list[translations.PageStatus], lang: str) -> str:
    if len(entries) == 1:
        return _cell(entries[0], lang)
    done = sum(entry.state == translations.UP_TO_DATE for entry in entries)
    cell = strings.text("status.count_up_to_date", lang, count=done, total=len(entries))
    problems = sum(len(entry.problems) for entry in entries)
    return cell + (" · " + strings.text("status.problems", lang, count=problems) if problems else "")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
