"""``{{ glossary() }}``: the Glossary page's table of terms, in the page's language.

Built from the terminology files (``sitebuild.terminology``): one row per concept of
``docs/terminology/en.toml``, in its order, with the English term, the term of each
translation (on a translated page, that language's only) and the meaning in the page's
language. Text in another language than the page's is marked with its ``lang``, so that a
screen reader reads it in that language: the English terms on a translated page, the
translations' terms on the English one, the English words kept inside a translated term.
"""

from __future__ import annotations

import re

from sitebuild import languages, strings, terminology
from sitebuild.macros.expand import Page


def glossary(page: Page) -> str:
    """Return the glossary's table as Markdown.

    Raises:
        ValueError: If ``docs/terminology/en.toml`` is missing or lists no concept.
    """
    try:
        rows = terminology.glossary(page.lang)
    except ValueError as error:
        raise ValueError(str(error)) from None
    if not rows:
        raise ValueError(f"no glossary terms: {terminology.path(languages.DEFAULT)} is missing or lists no [[terms]]")
    label = strings.section("glossary", page.lang)
    codes = [code for code in languages.translations() if page.lang in (languages.DEFAULT, code)]
    codes = [code for code in codes if any(code in row["terms"] for row in rows)]
    head = [
        label["english_term"],
        *(label["term"].format(language=strings.language_name(code, page.lang)) for code in codes),
        label["meaning"],
    ]
    lines = [_row(head), _row(["---"] * len(head))]
    for row in rows:
        english = _in(languages.DEFAULT, row["concept"], page.lang)
        terms = [_in(code, _mark_english(row["terms"].get(code, ""), row["english_words"].get(code, [])), page.lang) for code in codes]
        lines.append(_row([english, *terms, _in(row["meaning_lang"], row["meaning"], page.lang)]))
    return "\n".join(lines)


def _mark_english(term: str, words: list[str]) -> str:
    if not term or not words:
        return term
    pattern = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", lambda match: f'<span lang="{languages.DEFAULT}">{match.group(0)}</span>', term)


def _in(lang: str, text: str, page_lang: str) -> str:
    return text if lang == page_lang or not text else f'<span lang="{lang}">{text}</span>'


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
