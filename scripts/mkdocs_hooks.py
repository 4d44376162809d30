"""MkDocs hooks: the thin glue between the build scripts and each language's MkDocs build.

Every language is a separate MkDocs build (``mkdocs.yml`` for the default language,
``mkdocs.<code>.yml`` for the others, each inheriting this hook). For the build's language
the hook:

- derives the language switcher's entries from the one language list;
- keys mkdocs-jupyter's notebook cache on the library's source, per language;
- hands MkDocs the figures (built by ``figures.py``), KaTeX and each notebook's ``.ipynb``;
- expands ``{{ figure("name") }}`` in pages into the figure with its localized alt text
  and caption, and ``{{ run("name") }}`` into a snippet's code and printed output
  (``snippets.py``); an unknown name or a failing snippet fails the build;
- under ``mkdocs serve`` of the default language, builds the other languages into the
  served folder, so the whole bilingual site is previewed with live reload.
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import figures
import jupytext
import project
import snippets
import translations
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from nbclient.exceptions import CellExecutionError

log = logging.getLogger("mkdocs.hooks.batchnorm_explained")

KATEX_DIR = project.ROOT / "node_modules" / "katex" / "dist"
KATEX_FILES = ("katex.min.css", "katex.min.js", "contrib/auto-render.min.js", "fonts/*")
PLACEHOLDER = re.compile(r"\{\{\s*(figure|run)\(\s*\"([^\"]*)\"\s*\)\s*\}\}")
STATUS_PLACEHOLDER = re.compile(r"\{\{\s*translation_status\(\s*\)\s*\}\}")
TRANSLATE_PAGE = "translate/"  # the guide a translation notice links to
NOTEBOOK_SUFFIX = ".py"
SITE_STRINGS = (
    "download_notebook", "download_notebook_title", "output",
    "untranslated_title", "untranslated_text", "untranslated_link", "stale_title", "stale_text", "stale_link",
    "not_found_title", "not_found_text", "not_found_link",
)

_command = "build"
_manifest: dict[str, dict] = {}
_translation: dict[str, translations.PageStatus] = {}  # this build's pages that are not up to date


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # before the plugins read their options
def on_config(config):
    lang = config.theme["language"]
    if lang not in project.language_codes():
        raise PluginError(
            f"theme.language {lang!r} is not in the language list "
            f"(src/batchnorm_explained/locales/languages.toml): {project.language_codes()}"
        )
    alone = _command == "serve" and lang != project.locales.DEFAULT_LANGUAGE  # `make serve LANGUAGE=it`
    root_url = config.site_url or ""
    if root_url and not alone:
        # site_url names the whole site; this language lives in its folder, and its canonical
        # URLs, sitemap and 404 page must say so.
        config.site_url = root_url + project.site_prefix(lang)
    # A language preview served alone has no other language to switch to.
    config.extra["alternate"] = [] if alone else _alternates(lang)
    config.extra["hreflang"] = [
        {"lang": code, "root": root_url + project.site_prefix(code)} for code in project.language_codes()
    ] if root_url else []
    config.extra["base_path"] = urlsplit(config.site_url or "/").path
    # The root 404 page forwards readers lost under another language's folder (overrides/404.html).
    config.extra["language_folders"] = [project.site_prefix(code) for code in project.language_codes()[1:]] if lang == project.locales.DEFAULT_LANGUAGE and not alone else []
    config.extra["strings"] = {key: project.locales.text(f"site.{key}", lang) for key in SITE_STRINGS}
    jupyter = config.plugins["mkdocs-jupyter"].config
    # mkdocs-jupyter keys its cache on the notebook file only; a folder per library digest
    # makes an edit in src/ re-execute the notebooks, and a folder per language keeps one
    # language's build from evicting the other's entries.
    cache_dir = project.CACHE_DIR / "notebooks" / lang / project.library_digest()[:16]
    for stale in cache_dir.parent.glob("*"):
        if stale != cache_dir:  # entries for an older library can never hit again
            shutil.rmtree(stale)
    jupyter["cache_dir"] = str(cache_dir)
    return config


@event_priority(50)  # before mkdocs-jupyter picks the notebooks out, fallback ones included
def on_files(files: Files, config) -> Files:
    global _manifest, _translation
    lang = config.theme["language"]
    _translation = {}
    if lang != project.locales.DEFAULT_LANGUAGE:
        _translation = _add_fallback_pages(files, config, lang)
    _manifest = figures.build_figures(lang)
    for name, figure in _manifest.items():
        files.append(File.generated(config, f"figures/{name}.png", abs_src_path=figure["file"]))
    if not (KATEX_DIR / "katex.min.js").exists():
        raise PluginError(f"KaTeX is missing from {KATEX_DIR}: run `make deps` (npm ci) first")
    for pattern in KATEX_FILES:
        for path in sorted(KATEX_DIR.glob(pattern)):
            uri = "assets/katex/" + path.relative_to(KATEX_DIR).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    for notebook in [file for file in files if file.src_uri.endswith(NOTEBOOK_SUFFIX)]:
        files.append(File.generated(config, notebook.src_uri[: -len(NOTEBOOK_SUFFIX)] + ".ipynb", content=_ipynb(notebook)))
    if lang == project.locales.DEFAULT_LANGUAGE and config.extra["hreflang"]:
        # One robots.txt at the site's root names every language's sitemap.
        sitemaps = "".join(f"Sitemap: {entry['root']}sitemap.xml\n" for entry in config.extra["hreflang"])
        files.append(File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\n{sitemaps}"))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    def expand(match: re.Match) -> str:
        kind, name = match.groups()
        if kind == "run":
            return _snippet_markdown(name, page, config)
        if name not in _manifest:
            raise PluginError(
                f"{_project_path(page.file)}: unknown figure {name!r} in {match.group(0)!r}; "
                f"figures are listed in scripts/figures.py: {sorted(_manifest)}"
            )
        return _figure_markdown(name, page.file.src_uri)

    markdown = STATUS_PLACEHOLDER.sub(lambda match: _status_markdown(config.theme["language"], page.file.src_uri), markdown)
    return PLACEHOLDER.sub(expand, markdown)


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(NOTEBOOK_SUFFIX) and not page.meta.get("description"):
        # A notebook has no front matter: its description is in its jupytext header.
        page.meta["description"] = jupytext.read(page.file.abs_src_path).metadata.get("description", "")
    # main.html shows the notice above the page: read in English, or an older translation.
    entry = _translation.get(page.file.src_uri)
    if entry is not None:
        page.bn_translation = {
            "state": entry.state,
            "english": project.locales.DEFAULT_LANGUAGE,
            "original": _alternates(config.theme["language"])[0]["link"] + page.url,
            "translate": TRANSLATE_PAGE,
        }
    return context


@event_priority(-100)  # after mkdocs-jupyter has put its notebook renderer on the page
def on_pre_page(page, config, files):
    if page.file.src_uri.endswith(NOTEBOOK_SUFFIX):
        render = page.render

        def render_or_explain(*args, **kwargs):
            try:
                return render(*args, **kwargs)
            except CellExecutionError as error:
                raise PluginError(_explain_failed_cell(page.file, error)) from None

        page.render = render_or_explain
    return page


def on_serve(server, config, builder):
    if config.theme["language"] == project.locales.DEFAULT_LANGUAGE:
        for code in project.language_codes()[1:]:
            server.watch(str(project.DOCS_DIR / code))
            server.watch(str(project.config_file(code)))
    return server


def on_post_build(config) -> None:
    if _command != "serve" or config.theme["language"] != project.locales.DEFAULT_LANGUAGE:
        return
    # `mkdocs serve` builds one config; build the other languages into its folder so the
    # switcher and every /<code>/ page work in the preview too.
    for code in project.language_codes()[1:]:
        target = Path(config.site_dir) / project.site_prefix(code)
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project.config_file(code)), "-d", str(target)]
        if subprocess.run(command, cwd=project.ROOT, check=False).returncode != 0:
            log.error("The %r site failed to build; see the messages above.", code)


def _add_fallback_pages(files: Files, config, lang: str) -> dict[str, translations.PageStatus]:
    # A page this language lacks is built from the English source at this language's URL,
    # so links, the navigation and the switcher keep working; the notice says why.
    english_dir = project.DOCS_DIR / project.locales.DEFAULT_LANGUAGE
    pending = {}
    for name in translations.english_pages():
        entry = translations.page_status(lang, name)
        if entry.state == translations.MISSING:
            files.append(File(name, str(english_dir), config.site_dir, config.use_directory_urls))
        if entry.state != translations.UP_TO_DATE:
            pending[name] = entry
    return pending


def _status_markdown(lang: str, page_uri: str) -> str:
    # The same data as `make translations`: one row per page, one column per translation.
    def strings(key: str, **fields: object) -> str:
        return project.locales.text(f"status.{key}", lang, **fields)

    codes = project.language_codes()
    names = {language.code: language.name for language in project.locales.languages()}
    header = f"| {strings('page')} | " + " | ".join(names[code] for code in codes[1:]) + " |"
    rows = [header, "|" + " --- |" * len(codes)]
    table = {(entry.lang, entry.page): entry for entry in translations.status(codes[1:])}
    for page in translations.english_pages():
        link = posixpath.relpath(page, posixpath.dirname(page_uri) or ".")
        cells = []
        for code in codes[1:]:
            entry = table[(code, page)]
            cell = strings(entry.state.replace("-", "_"))
            if entry.problems:
                cell += " · " + strings("problems", count=len(entry.problems))
            cells.append(cell)
        rows.append(f"| [{page}]({link}) | " + " | ".join(cells) + " |")
    strings_row = [strings("strings_missing", count=len(translations.missing_figure_strings(code))) for code in codes[1:]]
    rows.append(f"| {strings('figure_strings')} | " + " | ".join(strings_row) + " |")
    return "\n".join(rows)


def _alternates(lang: str) -> list[dict[str, str]]:
    # Each language's root relative to this language's root ("it/" from English, "../" from
    # Italian): templates put it after base_url, so the links hold under any base path (a
    # GitHub Pages project site lives under /<repo>/) and on any local server. The switcher
    # (overrides/partials/alternate.html) appends the page.
    up = "../" * project.site_prefix(lang).count("/")
    return [
        {"name": language.name, "lang": language.code, "link": "" if language.code == lang else up + project.site_prefix(language.code)}
        for language in project.locales.languages()
    ]


def _figure_markdown(name: str, page_uri: str) -> str:
    figure = _manifest[name]
    src = posixpath.relpath(f"figures/{name}.png", posixpath.dirname(page_uri) or ".")
    alt = figure["alt"].replace("[", "\\[").replace("]", "\\]")
    return (
        f'<figure class="bn-figure" markdown="span">\n'
        f'  ![{alt}]({src}){{ width="{figure["width"]}" height="{figure["height"]}" loading="lazy" }}\n'
        f'  <figcaption>{figure["caption"]}</figcaption>\n'
        f"</figure>"
    )


def _snippet_markdown(name: str, page, config) -> str:
    try:
        code, printed = snippets.source(name), snippets.output(name)
    except snippets.SnippetError as error:
        raise PluginError(f"{_project_path(page.file)}: {{{{ run({name!r}) }}}}: {error}") from None
    label = config.extra["strings"]["output"]
    return (
        f'```python title="{name}.py"\n{code.rstrip()}\n```\n\n'
        f'``` {{ .text .bn-output title="{label}" }}\n{printed}\n```'
    )


def _explain_failed_cell(file: File, error: CellExecutionError) -> str:
    # nbclient reports the failing cell's source with a coloured traceback; an author wants
    # the file, the cell's number and line, the exception and the cell, in plain text.
    text = Path(file.abs_src_path).read_text(encoding="utf-8")
    cells = jupytext.reads(text, fmt="py:percent").cells
    markers = [number for number, line in enumerate(text.splitlines(), start=1) if line.startswith("# %%")]
    # "In [n]": the n-th code cell that ran; nbclient runs every non-empty code cell in order.
    executed = re.search(r"In ?\[(\d+)\]", re.sub(r"\x1b\[[0-9;]*m", "", str(error)))
    code_cells = [index for index, cell in enumerate(cells) if cell.cell_type == "code" and cell.source.strip()]
    path = _project_path(file)
    if not executed or not 0 < int(executed.group(1)) <= len(code_cells) or len(markers) != len(cells):
        return f"{path}: a cell raised {error.ename}: {error.evalue}"
    index = code_cells[int(executed.group(1)) - 1]
    listing = "".join(f"\n    {line}" for line in cells[index].source.splitlines())
    where = f"cell {index + 1} (line {markers[index] + 1})"
    return f"{path}: {where} raised {error.ename}: {error.evalue}{listing}"


def _project_path(file: File) -> str:
    # docs/it/example.py rather than example.py: every language has an example.py.
    return Path(file.abs_src_path).resolve().relative_to(project.ROOT).as_posix()


def _ipynb(file: File) -> str:
    notebook = jupytext.read(file.abs_src_path)
    # jupytext draws random cell ids; stable ones keep the download identical between builds.
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    return jupytext.writes(notebook, fmt="ipynb")
