"""The site's build: everything between the pages, the library and the published ``site/``.

Where each idea lives:

- ``paths``, ``languages``, ``strings``: the project's folders; the one list of languages and
  where each is published; the site's interface strings (``strings/<lang>.toml``).
- ``cache``: the one cache (content keys, entries written whole and checked against their
  recorded hashes when read, a lock), and the check of other tools' caches under ``.cache/``.
- ``outputs``: what is executed once per version of its inputs (the figure registry, each
  figure drawn light and dark, wide and narrow; the Figure 1 training and the later
  experiments; the explorer's and the playground's data; snippets in every language;
  notebooks; the library's wheel) and ``outputs.prepare``, the one place that runs them,
  side by side, before MkDocs.
- ``pages``: what a page may hold (the raw-HTML allowlist, links, images, formulas, front
  matter, macro calls), checked for every page before its macros run.
- ``macros``: what a page may call (``{{ figure("…") }}``, ``{{ run("…") }}``,
  ``{{ citation() }}``, ``{{ api("topic") }}``, …), one table; ``macros/api.py`` says
  which names each page of the API reference documents.
- ``html``: what is done to each rendered page (formulas, notebook figures, CSS, scripts).
- ``language_build`` and ``site_files``: one language as a MkDocs build, and the files it adds;
  ``scripts/mkdocs_hooks.py`` only forwards MkDocs' events to them.
- ``translations``: which translations (pages, the examples' twins, the terminology) are up to
  date, stale or missing, and sound; ``translated_code``: what a translation may change in code
  (checked on the syntax tree before a twin runs); ``terminology``: each language's glossary,
  avoided terms and typography; ``interface``: the English interface strings no translated
  page may show.
- ``pipeline``: every language built side by side and published in one step, one build at a
  time (``make site``); ``language_cache``: a language whose inputs did not change is copied
  from the cache instead of built again.
- ``devserver``: the live preview (``make serve``), with an error page while a build fails.
- ``folders`` and ``interrupts``: folders exchanged in one step, scratch folders swept once
  their owner is gone, locks; SIGTERM handled like Ctrl-C, child processes stopped with their parent.
- ``links``, ``staticserver``, ``browser``, ``bench``, ``pdf``: the link check, a server that
  serves a built site as GitHub Pages does, how Chromium is started here, ``make bench``, and
  ``make pdf`` (the explainer of each language printed into one PDF).

``scripts/`` holds the commands the Makefile runs, each a thin ``main`` over this package.
"""


class BuildError(Exception):
    """A page or an input is wrong; the message names the file (and line) and what is wrong."""
