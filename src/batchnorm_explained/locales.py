"""Localized figure text: one plain-text TOML file per language, listed in ``languages.toml``.

This module imports nothing heavy (no torch, no matplotlib), so the site build can read the
language list and the strings without paying for them.
"""

from __future__ import annotations

import functools
import math
import numbers
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_LANGUAGE", "Language", "Strings", "format_number", "languages", "text"]

LOCALES_DIR = Path(__file__).with_name("locales")


@dataclass(frozen=True)
class Language:
    """A language of the site and its figures.

    Attributes:
        code: ISO 639-1 code, e.g. ``"it"``; also the site's folder for that language.
        name: The language's name in that language, e.g. ``"Italiano"``.
    """

    code: str
    name: str


@functools.cache
def languages() -> tuple[Language, ...]:
    """Return the languages listed in ``locales/languages.toml``, the default one first.

    Returns:
        The languages in the order the language switcher shows them.
    """
    with (LOCALES_DIR / "languages.toml").open("rb") as file:
        entries = tomllib.load(file)["language"]
    return tuple(Language(code=entry["code"], name=entry["name"]) for entry in entries)


DEFAULT_LANGUAGE = languages()[0].code
"""The first language of ``languages.toml`` (English): the site's root, and the fallback of
every figure string a translation lacks."""


class Strings:
    """The strings of every language, one TOML file per language in one folder.

    A string a translation lacks falls back to the default language's. The library's figure
    strings are one such folder (``locales/``); the site's interface strings are another.

    Args:
        folder: The folder holding ``<code>.toml`` for each language that has strings.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, lang: str) -> Path:
        """Return the strings file of language ``lang`` (it may not exist yet)."""
        return self.folder / f"{lang}.toml"

    def text(self, key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
        """Return string ``key`` in language ``lang``, with ``fields`` filled in.

        Raises:
            ValueError: If ``lang`` is not a listed language.
            KeyError: If ``key`` exists in no strings file, or a placeholder has no field.
        """
        template = self.table(_check_lang(lang)).get(key) or self.table(DEFAULT_LANGUAGE).get(key)
        if template is None:
            raise KeyError(f"no string {key!r} in {self.path(DEFAULT_LANGUAGE)}")
        needed = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        missing = [name for name in needed if name not in fields]
        if missing:
            raise KeyError(f"string {key!r} needs a value for each of its placeholders {needed}, got none for {missing}")
        return template.format(**fields)

    def template(self, key: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return string ``key`` in language ``lang`` with its ``{placeholders}`` unfilled.

        For text a browser fills in (the explorer, the playground). A string missing from a
        translation falls back to the default language's.

        Raises:
            ValueError: If ``lang`` is not a listed language.
            KeyError: If ``key`` exists in no strings file.
        """
        template = self.table(_check_lang(lang)).get(key) or self.table(DEFAULT_LANGUAGE).get(key)
        if template is None:
            raise KeyError(f"no string {key!r} in {self.path(DEFAULT_LANGUAGE)}")
        return template

    def missing(self, lang: str) -> list[str]:
        """Return the keys the default language has and ``lang`` lacks, sorted.

        Raises:
            ValueError: If ``lang`` is not a listed language.
        """
        return sorted(set(self.table(DEFAULT_LANGUAGE)) - set(self.table(_check_lang(lang))))

    def table(self, lang: str) -> dict[str, str]:
        """Return every string of ``lang``'s own file by dotted key (empty if it has none)."""
        path = self.path(lang)
        # Keyed on the file's modification time: a long-lived preview sees a translator's edit.
        return _read_strings(path, path.stat().st_mtime_ns) if path.exists() else {}


FIGURE_STRINGS = Strings(LOCALES_DIR)
"""The library's figure strings: titles, axis labels, alt text and captions."""


def text(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """Return the figure string ``key`` in language ``lang``, with ``fields`` filled in.

    A string missing from a translation falls back to the default language's.

    Args:
        key: Dotted key into the strings file, e.g. ``"histogram.xlabel"``.
        lang: Language code from ``languages.toml``.
        **fields: Values for the string's ``{placeholders}``.

    Returns:
        The localized string.

    Raises:
        ValueError: If ``lang`` is not a listed language.
        KeyError: If ``key`` exists in no strings file, or a placeholder has no field.

    Examples:
        >>> text("stats.mean_std", "it", mean="0,00", std="1,00")
        'media = 0,00, dev. std. = 1,00'
    """
    return FIGURE_STRINGS.text(key, lang, **fields)


def format_number(
    value: float,
    lang: str = DEFAULT_LANGUAGE,
    digits: int | None = 2,
    *,
    grouped: bool = False,
    sign: bool = False,
    exponent: bool = False,
) -> str:
    """Format a number the way readers of ``lang`` write it, for a figure or a printed line.

    Uses the language's decimal separator (a comma in Italian) and a true minus sign.

    Args:
        value: The number.
        lang: Language code from ``languages.toml``.
        digits: Digits after the decimal separator; ``None`` for the shortest form that
            shows the value (``10``, ``0.5``, ``1e-05``), as for tick labels and γ/β values.
        grouped: Group thousands with the language's separator (``5,000``; ``5.000`` in
            Italian). Ignored when ``digits`` is ``None``.
        sign: Write ``+`` before a positive number (or zero), as a column of signed values needs.
        exponent: Scientific notation with ``digits`` digits after the separator
            (``1.6e−16``; ``1,6e−16`` in Italian), for values far from 1.

    Returns:
        The formatted number, e.g. ``"−3,14"`` in Italian.

    Raises:
        TypeError: If ``value`` is not a real number.
        ValueError: If ``lang`` is not a listed language.

    Examples:
        >>> format_number(0.2071, "it", 3)
        '0,207'
        >>> format_number(-1.2e-16, "it", 1, exponent=True)
        '−1,2e−16'
        >>> format_number(30720, "it", 0, grouped=True)
        '30.720'
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {value!r} ({type(value).__name__})")
    separator = text("decimal_separator", lang)
    plus = "+" if sign else ""
    if not math.isfinite(value):
        formatted = f"{value:{plus}}"
    elif digits is None:
        formatted = f"{value:{plus}g}"
    else:
        formatted = f"{value:{plus}{',' if grouped and not exponent else ''}.{digits}{'e' if exponent else 'f'}}"
    if formatted.startswith("-") and float(formatted.replace(",", "")) == 0.0:
        formatted = plus + formatted[1:]  # "-0.00" reads as a mistake
    # Python groups with "," and separates decimals with "."; a comma-decimal language
    # groups with "." instead (5.000,5).
    grouping = "." if separator == "," else ","
    table = {"-": "\N{MINUS SIGN}", ".": separator, ",": grouping}
    return "".join(table.get(char, char) for char in formatted)


def _check_lang(lang: object) -> str:
    codes = [language.code for language in languages()]
    if lang not in codes:
        raise ValueError(f"lang must be one of {', '.join(map(repr, codes))}, got {lang!r}")
    return lang


@functools.lru_cache(maxsize=32)
def _read_strings(path: Path, mtime_ns: int) -> dict[str, str]:
    with path.open("rb") as file:
        return _flatten(tomllib.load(file))


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
