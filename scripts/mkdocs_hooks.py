"""MkDocs hooks: each language's MkDocs build forwards its events to the ``sitebuild`` package.

The hook holds one language build's state (``BuildState``) and no logic of its own: the files a
build adds come from ``sitebuild.site_files``, what a page may hold from ``sitebuild.pages``,
page macros from ``sitebuild.macros``, the HTML
post-processing from ``sitebuild.html``, the configuration from ``sitebuild.language_build``.
A ``sitebuild.BuildError`` (a wrong page, a missing output) fails the build with its message.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sitebuild import BuildError, html, language_build, macros, pages, site_files, strings
from sitebuild.html.maths import Katex
from sitebuild.outputs import notebooks
from sitebuild.paths import relative


@dataclass
class BuildState:
    """One language build's state, from ``on_startup`` to ``on_post_build``.

    Attributes:
        dirty: The build renders only the pages edited since the last one (``make serve``).
        files: What ``site_files.add`` added: the figures, notebooks and pending translations.
        katex: The formula renderer of this build.
        titles: Each page's title in the last full build of each language: a dirty build does
            not read the other pages, whose navigation entries keep these instead of file names.
    """

    dirty: bool = False
    files: site_files.LanguageFiles | None = None
    katex: Katex | None = None
    titles: dict[str, dict[str, str]] = field(default_factory=dict)


state = BuildState()


def reported(event):
    """Make a ``BuildError`` raised by hook ``event`` fail the build with its message (``PluginError``)."""

    @functools.wraps(event)
    def forward(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except BuildError as error:
            raise PluginError(str(error)) from None

    return forward


def on_startup(command: str, dirty: bool) -> None:
    """Note whether this is a dirty build."""
    state.dirty = dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start the build's formula renderer, with its language's cached formulas."""
    state.katex = Katex(config.theme["language"])
    return config


@event_priority(50)  # before mkdocs-jupyter picks the notebooks out, fallback ones included
@reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the fallback pages, figures, data, KaTeX and downloads."""
    state.files = site_files.add(files, config)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """In a dirty build, give the pages it does not read their titles of the last full build."""
    titles = state.titles.get(config.theme["language"], {}) if state.dirty else {}
    for page in nav.pages:
        if not page.file.is_modified() and page.file.src_uri in titles:
            page.title = titles[page.file.src_uri]
    return nav


def on_env(env, config: MkDocsConfig, files: Files):
    """Keep the compiled templates between builds."""
    language_build.cache_templates(env, config)
    return env


@reported
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Check what the page holds (a notebook: its jupytext source), then expand its macros."""
    notebook = state.files.notebooks.get(page.file.src_uri)
    pages.check(notebook[0] if notebook else Path(page.file.abs_src_path))
    if notebook:
        return markdown
    context = language_build.macro_page(page, config, files, state.files.figures)
    expanded = macros.expand_page(markdown, context, page.file.content_string)
    if "::: " in expanded:  # an API reference topic: mkdocstrings' templates, cached too, docstrings marked English
        language_build.prepare_api_templates(config)
    return expanded


@event_priority(50)  # before mkdocs-jupyter reads the file it renders
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Have mkdocs-jupyter render a notebook's executed ``.ipynb`` (its file wrapper reads ``abs_src_path``)."""
    if page.file.src_uri in state.files.notebooks:
        page.file.abs_src_path = str(state.files.notebooks[page.file.src_uri][1])
    return page


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Record the page's title; give a notebook its description, a page its preview image, a pending translation its notice."""
    lang = config.theme["language"]
    if not state.dirty:
        state.titles.setdefault(lang, {})[page.file.src_uri] = page.title
    if page.file.src_uri in state.files.notebooks and not page.meta.get("description"):
        page.meta["description"] = notebooks.description(state.files.notebooks[page.file.src_uri][0])
    page.bn_preview = site_files.preview(page.content, config, state.files.figures)  # link previews' image
    if page.file.src_uri in state.files.pending:  # overrides/main.html shows it above the page
        page.bn_translation = site_files.notice(state.files.pending[page.file.src_uri], lang, page.url, config)
    return context


@reported
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Typeset the page's formulas, after the search plugin has indexed its text (the index keeps the TeX)."""
    notebook = state.files.notebooks.get(page.file.src_uri)
    if notebook is None:
        return html.postprocess(output, state.katex, relative(page.file.abs_src_path))
    labels = strings.section("site", config.theme["language"])
    return html.postprocess(output, state.katex, relative(notebook[0]), Path(page.file.abs_dest_path).parent, labels)


def on_build_error(error: Exception) -> None:
    """Stop the formula renderer."""
    if state.katex is not None:
        state.katex.close(save=False)


def on_post_build(config: MkDocsConfig) -> None:
    """Stop the formula renderer and keep the formulas a full build used."""
    state.katex.close(save=not state.dirty)
