"""Drop what a page cannot use from the stylesheets inlined in it.

mkdocs-jupyter inlines all of JupyterLab's stylesheet (over half a megabyte, mostly custom
properties such as a full Material palette) into every notebook page, of which the page uses a
few percent: it made the notebook page the heaviest and slowest of the site. Two passes:

- a rule is dropped when a class its selectors require appears nowhere in the page (nothing
  runs JupyterLab's scripts here, so no class appears later);
- a custom property (``--name: value``) is dropped when no ``var(--name)`` is left to read it,
  repeated until nothing more goes (properties read other properties).

At-rules other than ``@media`` and ``@supports`` (fonts, keyframes) are kept as they are.
"""

from __future__ import annotations

import re

STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
NEGATION = re.compile(r":not\([^()]*\)")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# A declaration starts after "{" or ";": "--y:" inside a selector (".x--y:hover") is not one.
PROPERTY = re.compile(r"([{;]\s*)(--[\w-]+)\s*:[^;{}]*;?")
VAR = re.compile(r"var\(\s*(--[\w-]+)")


def prune_page(html: str) -> str:
    """Return ``html`` with the unused rules and custom properties of its ``<style>`` blocks removed."""
    present = {name for names in CLASS_ATTRIBUTE.findall(html) for name in names.split()}
    blocks = [prune_rules(css, present) for _, css, _ in STYLE.findall(html)]
    # Properties may be read from another block, or from the page's own style attributes.
    outside = STYLE.sub("", html)
    for _ in range(10):
        used = set(VAR.findall(outside)) | {name for css in blocks for name in VAR.findall(css)}
        pruned = [
            PROPERTY.sub(lambda match, used=used: match.group(0) if match.group(2) in used else match.group(1), css) for css in blocks
        ]
        if pruned == blocks:
            break
        blocks = pruned
    replacements = iter(blocks)
    return STYLE.sub(lambda match: match.group(1) + next(replacements) + match.group(3), html)


def prune_rules(css: str, present: set[str]) -> str:
    """Return the rules of ``css`` whose selectors can match given the ``present`` classes."""
    kept = []
    for prelude, body in _rules(COMMENT.sub("", css)):
        if prelude.startswith("@"):
            if prelude.startswith(("@media", "@supports")):
                inner = prune_rules(body, present)
                if inner:
                    kept.append(f"{prelude}{{{inner}}}")
            else:
                kept.append(f"{prelude}{{{body}}}")
        elif any(_can_match(selector, present) for selector in prelude.split(",")):
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


def _can_match(selector: str, present: set[str]) -> bool:
    if "\\" in selector:
        return True  # escaped names: keep rather than guess
    required = CLASS_IN_SELECTOR.findall(NEGATION.sub("", selector))
    return all(name in present for name in required)


def _rules(css: str) -> list[tuple[str, str]]:
    # Top-level "prelude { body }" pairs; a body may nest braces (inside @media).
    rules, depth, start, prelude = [], 0, 0, ""
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append((prelude, css[start:index]))
                start = index + 1
    return rules
