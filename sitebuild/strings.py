"""The site's interface strings: one TOML file per language in ``sitebuild/strings/``.

What the pages say around the content (notices, the notebook's download button, table
headings, the explorer's controls, the site's name) lives here; figure text lives with the
library (``batchnorm_explained.locales``). Editing a string here rebuilds pages and runs
nothing else: no cached figure, snippet or notebook depends on these files.
"""

from __future__ import annotations

from pathlib import Path

from batchnorm_explained.locales import DEFAULT_LANGUAGE, FIGURE_STRINGS, Strings, languages

SITE_STRINGS = Strings(Path(__file__).with_name("strings"))


def text(key: str, lang: str, **fields: object) -> str:
    """Return interface string ``key`` in language ``lang`` (English if it lacks it), filled in.

    Raises:
        ValueError: If ``lang`` is not a listed language.
        KeyError: If no strings file has ``key``, or a placeholder has no field.
    """
    return SITE_STRINGS.text(key, lang, **fields)


def language_name(code: str, lang: str) -> str:
    """Return the name of language ``code`` as running text in ``lang`` writes it ("inglese").

    From the ``[languages]`` table of ``lang``'s strings (then of English); a language that no
    strings file names yet gets its own name for itself (``languages.toml``).
    """
    try:
        return text(f"languages.{code}", lang)
    except KeyError:
        return next(language.name for language in languages() if language.code == code)


def section(name: str, lang: str) -> dict[str, str]:
    """Return every string of table ``[name]`` in language ``lang`` (English where it lacks one).

    Keys lose the table's prefix; ``{placeholders}`` stay as they are.
    """
    prefix = f"{name}."
    own, english = SITE_STRINGS.table(lang), SITE_STRINGS.table(DEFAULT_LANGUAGE)
    return {key[len(prefix) :]: own.get(key) or value for key, value in english.items() if key.startswith(prefix)}


def missing(lang: str) -> dict[Path, list[str]]:
    """Return, for each strings file of ``lang`` (figures, then interface), the keys it lacks."""
    return {table.path(lang): table.missing(lang) for table in (FIGURE_STRINGS, SITE_STRINGS)}
