"""Formulas rendered to HTML while the site is built, by the site's own KaTeX (npm).

Readers get typeset formulas with no JavaScript to run (KaTeX's stylesheet and fonts are all
they load), and an invalid formula fails the build. Each language's rendered formulas are a
cache entry (``.cache/katex/<lang>/``), keyed on KaTeX's version: an unchanged build starts no
Node process. A formula reads the same in every language, so one that a language's entry lacks
is taken from the other languages' entries before Node is asked: a new language, whose pages
are mostly English's, typesets almost nothing.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from sitebuild import BuildError, cache, languages
from sitebuild.paths import NODE_MODULES, ROOT

KIND, FORMULAS = "katex", "formulas.json"
KATEX_PACKAGE = NODE_MODULES / "katex" / "package.json"
RENDERER = Path(__file__).with_name("katex_render.js")
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">\s*\\([(\[])(.*?)\\[)\]]\s*</\1>', re.DOTALL)
# Code, scripts and styles keep their dollar signs.
PROTECTED = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
DOLLARS = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?=\S)([^$\n]+?(?:\n[^$\n]+?)?)(?<=\S)\$(?!\d)", re.DOTALL)


class FormulaError(BuildError):
    """KaTeX could not render a formula; the message names it, and ``tex`` is the formula."""

    def __init__(self, message: str, tex: str = ""):
        super().__init__(message)
        self.tex = tex


class Katex:
    """Renders TeX to HTML with a Node process started on the first formula not in the cache.

    Args:
        lang: The language whose build this is: each keeps the formulas its pages use.
    """

    def __init__(self, lang: str):
        self._lang = lang
        self._version = json.loads(KATEX_PACKAGE.read_text(encoding="utf-8"))["version"] if KATEX_PACKAGE.exists() else "none"
        self._cache = self._entry(lang)
        self._stored = set(self._cache)
        self._others: dict[str, str] | None = None  # the other languages' formulas, read at the first miss
        self._used: set[str] = set()
        self._process: subprocess.Popen | None = None

    def render(self, tex: str, display: bool) -> str:
        """Return the HTML of formula ``tex`` (display style or inline).

        Raises:
            FormulaError: If KaTeX rejects the formula.
        """
        key = ("D" if display else "I") + tex
        self._used.add(key)
        if key not in self._cache:
            if self._others is None:
                self._others = {k: v for code in languages.codes() if code != self._lang for k, v in self._entry(code).items()}
            if key in self._others:
                self._cache[key] = self._others[key]
                return self._cache[key]
            if self._process is None:
                self._process = subprocess.Popen(
                    ["node", str(RENDERER)],
                    cwd=ROOT,
                    text=True,
                    encoding="utf-8",
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
            self._process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self._process.stdin.flush()
            answer = json.loads(self._process.stdout.readline())
            if "error" in answer:
                raise FormulaError(f"{answer['error']} in {'display' if display else 'inline'} formula {tex!r}", tex)
            self._cache[key] = answer["html"]
        return self._cache[key]

    def _entry(self, lang: str) -> dict[str, str]:
        found = cache.load(KIND, lang, self._version)
        return json.loads((found / FORMULAS).read_text(encoding="utf-8")) if found else {}

    def close(self, save: bool = True) -> None:
        """Stop Node and, if ``save``, keep the formulas this build used (stale ones are dropped)."""
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait()
            self._process = None
        if save and self._used and self._used != self._stored:
            kept = {key: value for key, value in self._cache.items() if key in self._used}
            cache.save(
                KIND,
                self._lang,
                self._version,
                lambda folder: (folder / FORMULAS).write_text(json.dumps(kept, ensure_ascii=False, sort_keys=True), encoding="utf-8"),
            )
            self._stored = set(kept)


def written(tex: str) -> re.Pattern:
    r"""Return a pattern of formula ``tex`` as a page writes it: between ``\( \)``, ``\[ \]``, ``$$`` or ``$``."""
    return re.compile(r"(?:\\\(|\\\[|\$\$?)\s*" + re.escape(tex.strip()) + r"\s*(?:\\\)|\\\]|\$\$?)")


def render_arithmatex(page_html: str, katex: Katex) -> str:
    r"""Typeset arithmatex's ``\( \)`` and ``\[ \]`` formulas of a Markdown page."""

    def typeset(match: re.Match) -> str:
        tag, opening, tex = match.group(1), match.group(2), html.unescape(match.group(3))
        return f'<{tag} class="arithmatex">{katex.render(tex.strip(), display=opening == "[")}</{tag}>'

    return ARITHMATEX.sub(typeset, page_html)


def render_dollars(page_html: str, katex: Katex) -> str:
    """Typeset the ``$ $`` and ``$$ $$`` formulas of a notebook's text, leaving code alone."""

    def typeset(match: re.Match) -> str:
        display, inline = match.groups()
        tex = html.unescape(display if display is not None else inline).strip()
        return katex.render(tex, display=display is not None)

    parts = PROTECTED.split(page_html)
    # split() yields text, protected block, its tag's name, text, ...: typeset the text, keep
    # the blocks, drop the names.
    return "".join(DOLLARS.sub(typeset, part) if index % 3 == 0 else part for index, part in enumerate(parts) if index % 3 != 2)
