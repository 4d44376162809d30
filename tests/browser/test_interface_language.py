"""No English interface text on a translated page: every page of every translation, in Chromium.

The English strings come from the files the interface is made of (``sitebuild.interface``).
A page's text is looked through as a reader gets it, after its scripts ran (hidden text such
as a copy button's "Copied!" included), with its ``aria-label``, ``title``, ``alt`` and
``placeholder`` attributes. Code is left out, and so is what the page marks as English with
``lang="en"``: the API reference's docstrings (the page says they are English), the glossary's
English terms, the language menu's "English".
"""

from __future__ import annotations

import functools

import pytest
from helpers import CODES, page_urls, prefix

from sitebuild import interface

pytestmark = pytest.mark.browser

PAGES = page_urls()

# Every text node and labelling attribute of the page in its own language, outside code.
COLLECT = """lang => {
  const foreign = element => (element.closest("[lang]")?.getAttribute("lang") ?? lang) !== lang;
  const code = "code, pre, kbd, samp, script, style, svg, .katex, .arithmatex";
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && !parent.closest(code) && !foreign(parent)) texts.push(node.textContent);
  }
  const attributes = [];
  for (const element of document.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
    if (foreign(element)) continue;
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      const value = element.getAttribute(name);
      if (value) attributes.push([`${name} of <${element.tagName.toLowerCase()} class="${element.className}">`, value]);
    }
  }
  return [["text", texts.join(" ").replace(/\\s+/g, " ")], ...attributes];
}"""


@functools.cache
def english(code: str) -> list[interface.EnglishString]:
    return interface.english_strings(code)


def english_found(found: list[list[str]], code: str) -> list[str]:
    return [
        f"{where}: {string.text!r} ({string.source})" for where, text in found for string in english(code) if string.pattern.search(text)
    ]


@pytest.mark.parametrize("code", CODES[1:])
@pytest.mark.parametrize("path", PAGES)
def test_a_translated_page_shows_no_english_interface_string(server, page, code, path):
    page.goto(server + prefix(code) + path)
    page.wait_for_load_state("networkidle")
    assert english_found(page.evaluate(COLLECT, code), code) == []


def test_the_list_holds_the_english_strings_of_the_theme_api_site_and_figures_that_italian_words_otherwise():
    strings = {string.text: string.source for string in english("it")}
    assert strings["Skip to content"].endswith("partials/languages/en.html: action.skip")  # the theme's
    assert strings["Parameters:"].endswith("languages/en.html.jinja: Parameters:")  # the API reference's
    assert strings["Permanent link"] == "sitebuild/strings/en.toml: site.permalink"  # the site's
    assert strings["Test accuracy"] == "src/batchnorm_explained/locales/en.toml: figure1.accuracy"  # the figures'
    assert "Output" not in strings  # Italian says it the same way
    assert "{value} s" not in strings  # too short to tell from other text


def test_the_check_finds_english_text_and_labels_but_not_code_or_what_is_marked_english(page):
    page.set_content(
        """<html lang="it"><head><title>Pagina</title></head><body>
        <h2>Titolo<a class="headerlink" href="#t" title="Permanent link">¶</a></h2>
        <footer>Made with <a href="#">Material for MkDocs</a></footer>
        <span class="notice" hidden>Copied!</span>
        <pre><code>print("Skip to content")</code></pre>
        <div lang="en"><p>Back to top</p><button aria-label="Go to repository"></button></div>
        <a lang="en" hreflang="en">English</a>
        </body></html>"""
    )
    found = english_found(page.evaluate(COLLECT, "it"), "it")
    assert [line.split(": ", 1)[1].split(" (")[0] for line in found] == ["'Copied!'", "'Made with {material}'", "'Permanent link'"]
