"""One language of the site as a MkDocs build: its configuration, derived from the one English config.

Every language builds from ``mkdocs.yml`` with what differs set here: its pages
(``docs/<code>``), the theme's language, its name, description and copyright, the heading
links' tooltip, the labels of the colour scheme toggle and the navigation's section titles
(from its interface strings), its address inside the site, where its pages' sources are
edited, the language switcher's links and its own notebook cache. Adding a language is adding
it to the language list; nothing here changes.

    python -m sitebuild.language_build <code> <site_dir> [--strict]   # what the pipeline runs
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild import BuildError, cache, languages, pages, strings
from sitebuild.paths import CACHE_DIR, MKDOCS_CONFIG, QUIET_MKDOCS, ROOT, relative

CONFIG_STRINGS = ("site_name", "site_description", "copyright")


def load(code: str, site_dir: Path, *, strict: bool = False, alone: bool = False):
    """Return the MkDocs configuration of language ``code``, building into ``site_dir``.

    Args:
        code: A language of the language list.
        site_dir: Where MkDocs writes this language's pages.
        strict: Fail the build on any MkDocs warning.
        alone: The language is previewed on its own (``make serve LANGUAGE=it``): served at
            the root, without the language menu.
    """
    from mkdocs.config import load_config

    options = {key: strings.text(f"config.{key}", code) for key in CONFIG_STRINGS}
    docs_dir = languages.docs_dir(code)
    if not docs_dir.is_dir():  # a language with no page yet: every page is a fallback (site_files)
        docs_dir = CACHE_DIR / "no-pages"
        docs_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(str(MKDOCS_CONFIG), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=strict, **options)
    config.theme["language"] = code
    for option in config.theme["palette"]:
        option["toggle"]["name"] = strings.text(option["toggle"]["name"], code)
    config.nav = _translated_nav(config.nav, code)
    if config.repo_url:  # the header's link names the repository, "owner/name"; pages link their source
        config.repo_name = urlsplit(config.repo_url).path.strip("/") or config.repo_url
        config.edit_uri = languages.edit_uri(code)
    root_url = config.site_url or ""
    if root_url and not alone:
        # site_url names the whole site; this language lives in its folder, and its canonical
        # URLs, sitemap and 404 page must say so.
        config.site_url = root_url + languages.site_prefix(code)
    config.extra["alternate"] = [] if alone else languages.alternates(code)
    config.extra["hreflang"] = languages.hreflang(root_url)
    config.extra["base_path"] = urlsplit(config.site_url or "/").path
    # One colour scheme (and any other choice Material stores) for every language of the site.
    config.extra["scope"] = urlsplit(root_url or "/").path
    # The root 404 page forwards readers lost under another language's folder (overrides/404.html).
    folders = [languages.site_prefix(other) for other in languages.translations()]
    config.extra["language_folders"] = folders if code == languages.DEFAULT and not alone else []
    config.extra["strings"] = strings.section("site", code)
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = strings.text("site.permalink", code)
    config.extra["other_locales"] = [strings.text("site.locale", other) for other in languages.codes() if other != code]
    # mkdocs-jupyter renders the notebooks prepare executed; its HTML cache is per language so
    # that one language's build does not evict the other's entries.
    config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(tool_caches(code)[0])
    return config


def _translated_nav(nav: list, code: str) -> list:
    # Section titles (and a page's own entry title) are written in mkdocs.yml as string keys.
    translated = []
    for entry in nav:
        if isinstance(entry, dict):
            ((title, value),) = entry.items()
            entry = {strings.text(title, code): _translated_nav(value, code) if isinstance(value, list) else value}
        translated.append(entry)
    return translated


def pin_build_date() -> None:
    """Date the build by its sources, not the clock: set ``SOURCE_DATE_EPOCH`` unless it is set.

    MkDocs writes the build's date into the output (the gzip header of the sitemaps) and takes
    it from ``SOURCE_DATE_EPOCH`` when set; this sets it to the time of the last commit, or to
    0 for a copy of the project outside git, so that a build gives the same bytes on any day.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time())


def _last_commit_time() -> str:
    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    # Only the project's own repository: a copy inside another one is not dated by it.
    top = git("rev-parse", "--show-toplevel")
    return (top and Path(top).resolve() == ROOT.resolve() and git("log", "-1", "--format=%ct")) or "0"


def tool_caches(code: str) -> list[Path]:
    """Return the folders where other tools cache for language ``code``: mkdocs-jupyter's HTML, Jinja's templates.

    Each language has its own, so that the two builds running side by side never write the
    same folder; ``build`` checks them before a build and records them after.
    """
    return [CACHE_DIR / "notebook-html" / code, CACHE_DIR / "jinja" / code]


def cache_templates(env, config) -> None:
    """Keep the compiled templates of ``env`` and of every environment the theme makes in the cache.

    Compiling templates is a large part of a warm build. The theme makes several environments
    (the search plugin asks for its own), so every one it hands out gets the cache, and so
    does mkdocstrings' (``prepare_api_templates``).
    """
    import jinja2

    bytecode = jinja2.FileSystemBytecodeCache(str(_jinja_cache(config)))
    env.bytecode_cache = bytecode
    make_env = config.theme.get_env

    def get_env_with_cache():
        made = make_env()
        made.bytecode_cache = bytecode
        return made

    config.theme.get_env = get_env_with_cache


def prepare_api_templates(config) -> None:
    """Set up mkdocstrings' templates for an API reference page of this language.

    Its template environment gets the same bytecode cache as the theme's. On a translated
    page, every docstring text it renders is marked ``lang="en"``: the docstrings are
    English (the page says so), and a screen reader should read them as English.
    """
    import jinja2
    from markupsafe import Markup

    handler = config.plugins["mkdocstrings"].handlers.get_handler("python")
    handler.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_jinja_cache(config)))
    convert = handler.env.filters["convert_markdown"]
    if config.theme["language"] == languages.DEFAULT or getattr(convert, "in_english", False):
        return

    def convert_in_english(text, *args, strip_paragraph: bool = False, **kwargs):
        tag = "span" if strip_paragraph else "div"  # inline where the template expects a phrase
        return Markup(f'<{tag} lang="{languages.DEFAULT}">{convert(text, *args, strip_paragraph=strip_paragraph, **kwargs)}</{tag}>')

    convert_in_english.in_english = True
    handler.env.filters["convert_markdown"] = convert_in_english


def macro_page(page, config, files, figures: dict[str, dict]):
    """Return what the macros of MkDocs page ``page`` know of it (``sitebuild.macros.Page``)."""
    from mkdocs.utils import get_relative_url

    from sitebuild.macros import Page

    def page_url(source: str) -> str | None:
        target = files.get_file_from_path(source)
        return None if target is None else get_relative_url(target.url, page.url)

    return Page(
        lang=config.theme["language"],
        src_uri=page.file.src_uri,
        path=relative(page.file.abs_src_path),
        # Raw HTML is not rewritten by MkDocs: its links are made relative to the page's URL.
        url=lambda path: get_relative_url(path, page.url),
        page_url=page_url,
        figures=figures,
        site_url=config.site_url or "",
    )


class LinkLines(logging.Filter):
    """Put the page's file and line before MkDocs' messages about a link: ``docs/it/why.md:12: Doc file …``.

    MkDocs names the page and the link only; the line is where the page first writes the link.
    """

    MESSAGE = re.compile(r"Doc file '([^']+)' contains (?:a link|an absolute link|an unrecognized relative link|a link to) '([^']+)'")

    def __init__(self, code: str):
        super().__init__()
        self.folders = [languages.docs_dir(code), languages.docs_dir(languages.DEFAULT)]  # a missing page falls back to English

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message of a record about a link; let every record through."""
        message = record.getMessage()
        found = self.MESSAGE.match(message)
        source = next((folder / found[1] for folder in self.folders if (folder / found[1]).is_file()), None) if found else None
        if source is not None:
            record.msg, record.args = f"{pages.where(source, found[2])}: {message}", ()
        return True


def _jinja_cache(config) -> Path:
    folder = tool_caches(config.theme["language"])[1]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build(code: str, site_dir: Path, *, strict: bool = False, dirty: bool = False, alone: bool = False) -> None:
    """Build language ``code`` into ``site_dir`` in this process.

    Args:
        code: A language of the language list.
        site_dir: Where to write it.
        strict: Fail on any MkDocs warning.
        dirty: Render only the pages edited since the last build (``make serve``).
        alone: See ``load``.

    Raises:
        mkdocs.exceptions.Abort: If the build fails; MkDocs has logged why.
        sitebuild.cache.CacheError: If another tool's cache cannot be checked.
    """
    from mkdocs.commands.build import build as mkdocs_build

    config = load(code, site_dir, strict=strict, alone=alone)
    if dirty:
        # A dirty build renders the edited pages alone; after it, mkdocs-jupyter would evict
        # from its cache every notebook it did not render, and the full build that follows
        # would convert them again (its on_post_build keeps only what this build used).
        config.plugins["mkdocs-jupyter"].config["cache"] = False
    for place in tool_caches(code):
        cache.check_tool_cache(place)
    links = LinkLines(code)
    logging.getLogger("mkdocs.structure.pages").addFilter(links)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        mkdocs_build(config, dirty=dirty)
    except Exception:
        _record_tool_caches(code)  # an error stops a build between writes, not in the middle of one
        raise
    else:
        _record_tool_caches(code)
    finally:
        config.plugins.on_shutdown()
        logging.getLogger("mkdocs.structure.pages").removeFilter(links)


def _record_tool_caches(code: str) -> None:
    for place in tool_caches(code):
        cache.record_tool_cache(place)


FAILED = "This language did not build."  # the line ``main`` ends with for each language that failed


def main() -> None:
    """Build the languages named on the command line one after the other, logging as ``mkdocs build`` does.

    Each line is prefixed by its language (``[it] INFO - ...``). A language that fails does not
    stop the next one; the exit code is 1 if any failed.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, help="each language is built into site_dir/<code>")
    parser.add_argument("codes", nargs="+", choices=languages.codes(), metavar="code", help="the languages to build, in order")
    parser.add_argument("--strict", action="store_true", help="fail on any warning")
    arguments = parser.parse_args()
    os.environ.update(QUIET_MKDOCS)
    pin_build_date()
    handler = logging.StreamHandler(sys.stdout)
    for name in ("mkdocs", "sitebuild"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    failed = [code for code in arguments.codes if not _build_logged(code, arguments.site_dir / code, arguments.strict, handler)]
    for code in failed:
        print(f"[{code}] {FAILED}", flush=True)
    sys.exit(1 if failed else 0)


def _build_logged(code: str, site_dir: Path, strict: bool, handler: logging.Handler) -> bool:
    # One process builds several languages: the later ones reuse its imports, plugins and
    # compiled templates, which are most of what a language's first build costs.
    from mkdocs.exceptions import Abort

    handler.setFormatter(logging.Formatter(f"[{code}] %(levelname)-7s -  %(message)s"))
    try:
        build(code, site_dir, strict=strict)
    except Abort as error:
        print(f"[{code}] {error}", flush=True)
        return False
    except BuildError as error:
        print(f"[{code}] ERROR   -  {error}", flush=True)
        return False
    return True


if __name__ == "__main__":
    main()
