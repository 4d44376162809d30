"""MkDocs hooks: the thin glue between the build scripts and each language's MkDocs build.

Every language is a separate MkDocs build (``mkdocs.yml`` for the default language,
``mkdocs.<code>.yml`` for the others, each inheriting this hook). For the build's language
the hook:

- derives the language switcher's entries from the one language list;
- has each notebook executed (``notebooks.py``, cached) and typesets every formula (``maths.py``);
- hands MkDocs the figures (built by ``figures.py``), KaTeX and each notebook's ``.ipynb``;
- expands ``{{ figure("name") }}`` in pages into the figure with its localized alt text
  and caption, and ``{{ run("name") }}`` into a snippet's code and printed output
  (``snippets.py``); an unknown name or a failing snippet fails the build;
- expands ``{{ explorer() }}`` into the γ/β explorer (``explorer.py``),
  ``{{ playground() }}`` into the Figure 1 playground (``playground.py``, with its data file
  from ``playground_data.py``) and ``{{ figure_gallery() }}`` into the gallery of every
  figure (``gallery.py``);
- under ``scripts/serve.py --language``, leaves out the language menu of a language
  previewed alone.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import bench_report
import explorer
import figures
import gallery
import jinja2
import jupytext
import maths
import notebooks
import playground
import project
import snippets
import translations
import unused_css
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.batchnorm_explained")

KATEX_DIR = project.ROOT / "node_modules" / "katex" / "dist"
KATEX_FILES = ("katex.min.css", "fonts/*.woff2")  # formulas are typeset at build time (maths.py)
PLACEHOLDER = re.compile(r"\{\{\s*(figure|run)\(\s*\"([^\"]*)\"\s*\)\s*\}\}")
DATA_IMAGE = re.compile(r'(src|href)="data:image/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=\s]+)"')
STATUS_PLACEHOLDER = re.compile(r"\{\{\s*translation_status\(\s*\)\s*\}\}")
BENCH_PLACEHOLDER = re.compile(r"\{\{\s*benchmark_results\(\s*(?:\"(\w*)\")?\s*\)\s*\}\}")
BUNDLE_SCRIPT = re.compile(r'(<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js")></script>')
EXPLORER_PLACEHOLDER = re.compile(r"\{\{\s*explorer\(\s*\)\s*\}\}")
PLAYGROUND_PLACEHOLDER = re.compile(r"\{\{\s*playground\(\s*\)\s*\}\}")
GALLERY_PLACEHOLDER = re.compile(r"\{\{\s*figure_gallery\(\s*\)\s*\}\}")
TRANSLATE_PAGE = "translate/"  # the guide a translation notice links to
NOTEBOOK_SUFFIX = ".py"
SITE_STRINGS = (
    "download_notebook", "download_notebook_title", "output",
    "untranslated_title", "untranslated_text", "untranslated_link", "stale_title", "stale_text", "stale_link",
    "not_found_title", "not_found_text", "not_found_link", "notebook_figure_alt",
)

_command = "build"
_dirty = False  # a dirty build (make serve, after a page edit) renders only the edited pages
_titles: dict[str, dict[str, str]] = {}  # language -> page -> its title in the last full build
_manifest: dict[str, dict] = {}
_translation: dict[str, translations.PageStatus] = {}  # this build's pages that are not up to date
_katex: maths.Katex | None = None
_notebook_sources: dict[str, Path] = {}  # page src_uri -> its jupytext source
_executed: dict[str, Path] = {}  # page src_uri -> the executed .ipynb the page renders


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command = command
    _dirty = dirty


def on_nav(nav, config, files):
    if _dirty:
        # The pages a dirty build does not read have no title: the navigation of the edited
        # page would show file names. They keep the titles of the last full build instead.
        titles = _titles.get(config.theme["language"], {})
        for page in nav.pages:
            if not page.file.is_modified() and page.file.src_uri in titles:
                page.title = titles[page.file.src_uri]
    return nav


@event_priority(100)  # before the plugins read their options
def on_config(config):
    global _katex
    lang = config.theme["language"]
    if lang not in project.language_codes():
        raise PluginError(
            f"theme.language {lang!r} is not in the language list "
            f"(src/batchnorm_explained/locales/languages.toml): {project.language_codes()}"
        )
    alone = _command == "serve"  # one language previewed alone (scripts/serve.py --language)
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
    _katex = maths.Katex(lang)
    # mkdocs-jupyter renders the notebooks notebooks.py executed; its HTML cache is per
    # language so that one language's build does not evict the other's entries.
    config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(project.CACHE_DIR / "notebook-html" / lang)
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
        files.append(File.generated(config, f"figures/{name}.svg", abs_src_path=figure["file"]))
        files.append(File.generated(config, f"figures/{name}.png", abs_src_path=figure["png"]))
    files.append(File.generated(config, explorer.DATA_URI, abs_src_path=str(figures.batch_data(lang))))
    files.append(File.generated(config, playground.DATA_URI, abs_src_path=str(playground.data_file())))
    if not (KATEX_DIR / "katex.min.js").exists():
        raise PluginError(f"KaTeX is missing from {KATEX_DIR}: run `make deps` (npm ci) first")
    for pattern in KATEX_FILES:
        for path in sorted(KATEX_DIR.glob(pattern)):
            uri = "assets/katex/" + path.relative_to(KATEX_DIR).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    for notebook in [file for file in files if file.src_uri.endswith(NOTEBOOK_SUFFIX)]:
        files.append(File.generated(config, notebook.src_uri[: -len(NOTEBOOK_SUFFIX)] + ".ipynb", content=_ipynb(notebook)))
        source = Path(notebook.abs_src_path)
        try:
            executed = notebooks.executed(source, lang)
        except notebooks.NotebookError as error:
            raise PluginError(str(error)) from None
        _notebook_sources[notebook.src_uri] = source
        _executed[notebook.src_uri] = executed
    if lang == project.locales.DEFAULT_LANGUAGE and config.extra["hreflang"]:
        # One robots.txt at the site's root names every language's sitemap.
        sitemaps = "".join(f"Sitemap: {entry['root']}sitemap.xml\n" for entry in config.extra["hreflang"])
        files.append(File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\n{sitemaps}"))
    return files


def on_env(env, config, files):
    # Compiling templates is a large part of a warm build: keep their bytecode between builds.
    # The theme makes several environments (the search plugin asks for its own), so every
    # one it hands out gets the cache.
    cache = jinja2.FileSystemBytecodeCache(str(_jinja_cache()))
    env.bytecode_cache = cache
    make_env = config.theme.get_env

    def get_env_with_cache():
        made = make_env()
        made.bytecode_cache = cache
        return made

    config.theme.get_env = get_env_with_cache
    return env


def _jinja_cache() -> Path:
    folder = project.CACHE_DIR / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_page_markdown(markdown: str, page, config, files) -> str:
    if "::: " in markdown:  # an API reference page: mkdocstrings' templates, cached too
        handler = config.plugins["mkdocstrings"].handlers.get_handler("python")
        handler.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_jinja_cache()))

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

    lang = config.theme["language"]

    def site_url(path: str) -> str:
        # Raw HTML is not rewritten by MkDocs: make its links relative to the page's URL.
        return get_relative_url(path, page.url)

    def page_url(source: str) -> str | None:
        target = files.get_file_from_path(source)
        return None if target is None else site_url(target.url)

    try:
        markdown = GALLERY_PLACEHOLDER.sub(lambda match: gallery.html(lang, _manifest, site_url, page_url), markdown)
    except ValueError as error:
        raise PluginError(f"{_project_path(page.file)}: {{{{ figure_gallery() }}}}: {error}") from None
    markdown = EXPLORER_PLACEHOLDER.sub(lambda match: explorer.html(lang, _manifest[explorer.FIGURE], site_url), markdown)
    markdown = PLAYGROUND_PLACEHOLDER.sub(lambda match: playground.html(lang, site_url), markdown)
    markdown = STATUS_PLACEHOLDER.sub(lambda match: _status_markdown(config.theme["language"], page.file.src_uri), markdown)
    try:
        markdown = BENCH_PLACEHOLDER.sub(lambda match: bench_report.markdown(lang, match.group(1) or ""), markdown)
    except ValueError as error:
        raise PluginError(f"{_project_path(page.file)}: {error}") from None
    return PLACEHOLDER.sub(expand, markdown)


@event_priority(50)  # before mkdocs-jupyter reads the file it renders
def on_pre_page(page, config, files):
    if page.file.src_uri in _executed:
        # mkdocs-jupyter renders the executed notebook as it is (execute: false); its file
        # wrapper reads abs_src_path from its own attributes, so set it there.
        page.file.abs_src_path = str(_executed[page.file.src_uri])
    return page


def on_page_context(context, page, config, nav):
    if not _dirty:
        _titles.setdefault(config.theme["language"], {})[page.file.src_uri] = page.title
    if page.file.src_uri in _notebook_sources and not page.meta.get("description"):
        # A notebook has no front matter: its description is in its jupytext header.
        page.meta["description"] = jupytext.read(_notebook_sources[page.file.src_uri]).metadata.get("description", "")
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


def on_post_page(output: str, page, config) -> str:
    output = _defer_scripts(output)
    # After the search plugin has indexed the page's text: the index keeps the TeX source.
    try:
        if page.file.src_uri.endswith(NOTEBOOK_SUFFIX):
            # Figures as files, and only the JupyterLab styles the page can use.
            return unused_css.prune_page(_outputs_as_files(maths.render_dollars(output, _katex), page, config))
        return maths.render_arithmatex(output, _katex)
    except maths.FormulaError as error:
        raise PluginError(f"{_project_path(page.file)}: {error}") from None


def on_build_error(error) -> None:
    if _katex is not None:
        _katex.close()


def on_post_build(config) -> None:
    _katex.close()


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


def _defer_scripts(html: str) -> str:
    # mkdocs-glightbox loads its script in <head>, blocking the first paint of every page for
    # a lightbox nobody has clicked yet. Deferred, with its start-up code as a module (modules
    # run after deferred scripts, in order), it loads alongside the page instead. The theme's
    # bundle blocks the parser at the end of <body> (Lighthouse counts it as render-blocking);
    # deferred, it still runs before DOMContentLoaded and before the scripts that follow it.
    html = html.replace('glightbox.min.js"></script>', 'glightbox.min.js" defer></script>', 1)
    html = BUNDLE_SCRIPT.sub(r'\1 defer></script>', html, count=1)
    return html.replace('<script id="init-glightbox">', '<script id="init-glightbox" type="module">', 1)


def _outputs_as_files(html: str, page, config) -> str:
    # nbconvert embeds each figure a cell drew as a base64 data: URL, which made the notebook
    # page the heaviest of the site and kept its figures out of the browser's cache. Each
    # becomes a file next to the page, named by its content, with its size set.
    folder = Path(config.site_dir) / posixpath.dirname(page.file.dest_uri)

    def save(match: re.Match) -> str:
        attribute, kind, data = match.group(1), match.group(2), base64.b64decode(match.group(3))
        name = f"output-{hashlib.sha256(data).hexdigest()[:12]}.{ 'svg' if kind == 'svg+xml' else kind }"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        # The lightbox's link to the same figure points at the same file.
        return f'{attribute}="{name}"' + (_image_size(data, kind) if attribute == "src" else "")

    # nbconvert's alt text is an English placeholder; say what the image is, in the page's language.
    alt = 'alt="' + config.extra["strings"]["notebook_figure_alt"] + '"'
    return DATA_IMAGE.sub(save, html).replace('alt="No description has been provided for this image"', alt)


def _image_size(data: bytes, kind: str) -> str:
    # width/height attributes reserve the figure's room before it loads (no layout shift).
    if kind == "svg+xml":
        match = re.search(rb'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', data)
        if match:
            width, height = (round(float(value) * 96 / 72) for value in match.groups())
            return f' width="{width}" height="{height}"'
    elif kind == "png" and data[12:16] == b"IHDR":
        return f' width="{int.from_bytes(data[16:20], "big")}" height="{int.from_bytes(data[20:24], "big")}"'
    return ""


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
    src = posixpath.relpath(f"figures/{name}.svg", posixpath.dirname(page_uri) or ".")
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


def _project_path(file: File) -> str:
    # docs/it/example.py rather than example.py: every language has an example.py.
    source = _notebook_sources.get(file.src_uri, Path(file.abs_src_path))
    return source.resolve().relative_to(project.ROOT).as_posix()


def _ipynb(file: File) -> str:
    notebook = jupytext.read(file.abs_src_path)
    # jupytext draws random cell ids; stable ones keep the download identical between builds.
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    return jupytext.writes(notebook, fmt="ipynb")
