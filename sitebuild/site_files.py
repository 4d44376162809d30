"""The files one language's MkDocs build adds to its pages: fallbacks, figures, data, KaTeX, downloads.

- A page this language lacks is built from the English source at this language's URL, so
  links, the navigation and the switcher keep working; a notice says why (``overrides/main.html``).
- The figures, the explorer's and the playground's data and each notebook's executed ``.ipynb`` come from the cache,
  where ``sitebuild.outputs.prepare`` put them: a language build reads, it never executes.
- KaTeX's stylesheet and fonts, and each notebook's ``.ipynb`` to download, whose first cell
  installs the library's wheel, published beside it (``wheel/``), so that it runs anywhere.
- At the site's root, ``robots.txt`` naming every language's sitemap.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, Files

from sitebuild import BuildError, languages, strings, translations
from sitebuild.outputs import explorer_data, figures, notebooks, playground_data, wheel
from sitebuild.paths import NODE_MODULES

KATEX_DIR = NODE_MODULES / "katex" / "dist"
KATEX_FILES = ("katex.min.css", "fonts/*.woff2")  # formulas are typeset at build time (sitebuild.html.maths)
TRANSLATE_PAGE = "translate/"  # the guide a notice of a missing translation links to
FIRST_FIGURE = re.compile(r'class="bn-lightbox" href="[^"]*figures/([\w-]+)\.svg"')  # sitebuild/macros/figure.py
# Material's palette stylesheet stops every transition while the colour scheme switches with
# "[data-md-color-switching] *": a universal selector, so setting and removing that attribute,
# which Material's script does on every page load, restyles every element of the page twice.
THEME_CSS = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css")
SWITCHING_RULE = re.compile(r"\[data-md-color-switching\] \*,[^{}]*\{([^{}]*)\}")
TRANSITION_RULE = re.compile(r"([^{}]+)\{[^{}]*\btransition\b(?!:\s*none)[^{}]*\}")
PSEUDO = re.compile(r"::?[\w-]+(\((?:[^()]|\([^()]*\))*\))?")  # :hover, :not(:first-child), ::before
NOT_PREPARED = "is not prepared: build with `make site` or `make serve`, which run sitebuild.outputs.prepare first"


@dataclass
class LanguageFiles:
    """What the language build needs to know of the files it added.

    Attributes:
        figures: The language's figure manifest (``sitebuild.outputs.figures.manifest``).
        pending: Pages that are not up to date in this language, by file name.
        notebooks: For each notebook page, its jupytext source and its executed ``.ipynb``.
    """

    figures: dict[str, dict]
    pending: dict[str, translations.PageStatus] = field(default_factory=dict)
    notebooks: dict[str, tuple[Path, Path]] = field(default_factory=dict)


def add(files: Files, config) -> LanguageFiles:
    """Add the language's generated files to ``files``; return what the build needs of them.

    Raises:
        BuildError: If an output is not prepared, or KaTeX is missing.
    """
    lang = config.theme["language"]
    manifest = figures.manifest(lang)
    data, digits, library = explorer_data.cached(), playground_data.cached(), wheel.cached()
    if manifest is None or data is None or digits is None or library is None:
        raise BuildError(f"the figures of {lang!r} {NOT_PREPARED}")
    added = LanguageFiles(manifest, _add_fallback_pages(files, config, lang))
    for name, drawn in manifest.items():
        for suffix, files_of_variant in drawn["variants"].items():  # light and dark, wide and narrow
            for kind in ("svg", "png"):
                if kind in files_of_variant:
                    files.append(File.generated(config, f"figures/{name}{suffix}.{kind}", abs_src_path=files_of_variant[kind]))
    files.append(File.generated(config, explorer_data.URI, abs_src_path=str(data)))
    files.append(File.generated(config, playground_data.URI, abs_src_path=str(digits)))
    files.append(File.generated(config, f"{wheel.FOLDER}/{library.name}", abs_src_path=str(library)))
    _add_katex(files, config)
    _quiet_palette(files, config)
    for page in [file for file in files if file.src_uri.endswith(notebooks.SUFFIX)]:
        source = Path(page.abs_src_path)
        executed = notebooks.executed(source)
        if executed is None:
            raise BuildError(f"the notebook {page.src_uri} of {lang!r} {NOT_PREPARED}")
        added.notebooks[page.src_uri] = (source, executed)
        download = _download(source, lang, wheel.url(config.site_url or ""))
        files.append(File.generated(config, page.src_uri[: -len(notebooks.SUFFIX)] + ".ipynb", content=download))
    if lang == languages.DEFAULT and config.extra["hreflang"]:
        sitemaps = "".join(f"Sitemap: {entry['root']}sitemap.xml\n" for entry in config.extra["hreflang"])
        files.append(File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\n{sitemaps}"))
    return added


def _add_fallback_pages(files: Files, config, lang: str) -> dict[str, translations.PageStatus]:
    pending = {}
    if lang == languages.DEFAULT:
        return pending
    for name in translations.english_pages():
        entry = translations.page_status(lang, name, with_problems=False)  # the build checks each page itself
        if entry.state == translations.MISSING:
            files.append(File(name, str(languages.docs_dir(languages.DEFAULT)), config.site_dir, config.use_directory_urls))
        if entry.state != translations.UP_TO_DATE:
            pending[name] = entry
    return pending


def _add_katex(files: Files, config) -> None:
    if not (KATEX_DIR / "katex.min.js").exists():
        raise BuildError(f"KaTeX is missing from {KATEX_DIR}: run `make deps` (npm ci) first")
    for pattern in KATEX_FILES:
        for path in sorted(KATEX_DIR.glob(pattern)):
            files.append(File.generated(config, "assets/katex/" + path.relative_to(KATEX_DIR).as_posix(), abs_src_path=str(path)))


def _quiet_palette(files: Files, config) -> None:
    """Serve Material's palette stylesheet with its "no transitions while switching" rule narrowed.

    The rule now names what Material's stylesheet gives a transition to (about 70 kinds of
    element: links, the header, the navigation, buttons) instead of every element, so setting
    the attribute restyles those alone; a page of formulas or of API tables is not restyled.

    Raises:
        BuildError: If a stylesheet or the rule is missing (a new Material release moved them).
    """
    found = {match[1]: file for file in files if (match := THEME_CSS.fullmatch(file.src_uri))}
    if set(found) != {"main", "palette"}:
        raise BuildError("Material's stylesheets (assets/stylesheets/main.*.min.css, palette.*.min.css) are not among the theme's files")
    palette = found["palette"]
    files.remove(palette)
    files.append(File.generated(config, palette.src_uri, content=_narrowed(found["main"].abs_src_path, palette.abs_src_path)))


@functools.lru_cache(maxsize=2)  # the same for every language: the files' names hold a hash of their content
def _narrowed(main_path: str, palette_path: str) -> str:
    main = Path(main_path).read_text(encoding="utf-8")
    css = Path(palette_path).read_text(encoding="utf-8")
    if len(SWITCHING_RULE.findall(css)) != 1:
        raise BuildError(f"{palette_path}: expected one [data-md-color-switching] rule")
    return SWITCHING_RULE.sub(lambda rule: _switching_rule(transitioned(main), rule[1]), css)


def transitioned(css: str) -> list[str]:
    """The elements ``css`` gives a transition to: each selector's last compound, pseudo-classes removed.

    Raises:
        BuildError: If a selector's last compound is pseudo-classes alone (``:hover``): it
            names no kind of element, and only the universal selector would cover it.
    """
    found = set()
    for selectors in TRANSITION_RULE.findall(css):
        for selector in selectors.split(","):
            last = re.split(r"\s*[\s>+~]\s*", selector.strip())[-1]
            if not PSEUDO.sub("", last):
                raise BuildError(f"Material's stylesheet gives a transition to {selector.strip()!r}, which names no kind of element")
            found.add(PSEUDO.sub("", last))
    return sorted(found)


def _switching_rule(elements: list[str], declarations: str) -> str:
    kinds = ",".join(elements)
    return ",".join(f"[data-md-color-switching] :is({kinds}){after}" for after in ("", "::before", "::after")) + f"{{{declarations}}}"


def _download(source: Path, lang: str, wheel_url: str) -> str:
    # The notebook as a reader downloads it: a first cell installs the library from the site.
    import textwrap

    import jupytext
    import nbformat

    notebook = notebooks.read(source)
    if wheel_url:
        comment = "".join(f"# {line}\n" for line in textwrap.wrap(strings.text("site.notebook_install", lang), 88))
        notebook.cells.insert(0, nbformat.v4.new_code_cell(f'{comment}%pip install --quiet "{wheel_url}"'))
        for index, cell in enumerate(notebook.cells):  # stable ids, counted from the new first cell
            cell["id"] = f"cell-{index}"
    return jupytext.writes(notebook, fmt="ipynb")


def notice(entry: translations.PageStatus, lang: str, url: str, config) -> dict[str, str]:
    """Return what ``overrides/main.html`` shows above a page not up to date in ``lang``.

    Args:
        entry: The page's translation status (stale or missing).
        lang: The build's language.
        url: The page's URL inside its language's site.
        config: The build's configuration: a missing page's "Edit" link is its English
            source's (``overrides/partials/source-file.html``).
    """
    return {
        "state": entry.state,
        "english": languages.DEFAULT,
        "original": languages.alternates(lang)[0]["link"] + url,
        "translate": TRANSLATE_PAGE,
        "edit": f"{config.repo_url.rstrip('/')}/{languages.edit_uri(languages.DEFAULT)}{entry.page}" if config.repo_url else "",
    }


def preview(content: str, config, figures_drawn: dict[str, dict]) -> dict[str, object] | None:
    """Return the image of a page's link previews (``overrides/main.html``): its first figure, if it has one.

    Args:
        content: The page's rendered HTML.
        config: The build's configuration (its ``site_url`` is this language's root).
        figures_drawn: The language's figure manifest.

    Returns:
        The figure's light PNG (previews are shown on light and dark backgrounds alike) as an
        absolute ``url``, its ``alt`` text, ``width`` and ``height``; None for a page with no figure.
    """
    found = FIRST_FIGURE.search(content)
    if found is None or not config.site_url:
        return None
    drawn = figures_drawn[found.group(1)]
    scale = figures.PNG_DPI / figures.CSS_PX_PER_INCH
    return {
        "url": f"{config.site_url}figures/{found.group(1)}.png",
        "alt": drawn["alt"],
        "width": round(drawn["width"] * scale),
        "height": round(drawn["height"] * scale),
    }
