"""The built site: every language, its figures, its executed notebook, its addresses and formulas."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from helpers import CODES, ROOT, language_root, load_config, page_urls, tags

from batchnorm_explained import batch_summary, format_number, make_batch, text
from batchnorm_explained.locales import FIGURE_STRINGS
from sitebuild import strings
from sitebuild.macros.api import TOPICS

pytestmark = pytest.mark.site

PAGES = page_urls()
SITE_URL = os.environ.get("SITE_URL") or load_config()["site_url"]


@pytest.mark.parametrize("code", CODES)
def test_every_language_has_every_page_with_its_html_lang(site, code):
    for page in PAGES:
        html = (language_root(site, code) / page / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html, page


def test_material_speaks_the_pages_language(site):
    assert 'placeholder="Search"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Cerca"' in (site / "it" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", CODES)
def test_home_embeds_the_build_time_figures_with_localized_alt_and_caption(site, code):
    root = language_root(site, code)
    html = (root / "index.html").read_text(encoding="utf-8")
    for name in ("batch-histogram", "gamma-beta-sweep"):
        assert b"<svg" in (root / "figures" / f"{name}.svg").read_bytes()[:500]
        images = [
            attrs for tag, attrs in tags(root / "index.html") if tag == "img" and attrs.get("src", "").endswith(f"figures/{name}.svg")
        ]
        assert len(images) == 1, name
        alt = images[0]["alt"]
        # The alt text is the language's string with the batch's numbers filled in.
        assert alt.startswith(FIGURE_STRINGS.table(code)[f"figures.{name}.alt"].split("{")[0]), alt
        assert re.search(r"<figcaption>[^<]{40,}</figcaption>", html)
    assert "{{ figure(" not in html


@pytest.mark.parametrize("code", CODES)
def test_captions_carry_the_batchs_numbers_written_the_languages_way(site, code):
    html = (language_root(site, code) / "index.html").read_text(encoding="utf-8")
    fields = {key: format_number(value, code) for key, value in batch_summary(make_batch(seed=0)).items()}
    caption = text("figures.batch-histogram.caption", code, **fields)
    assert f"<figcaption>{caption}</figcaption>" in html


@pytest.mark.parametrize(("code", "printed"), [("en", "variance = 1.000000"), ("it", "varianza = 1,000000")])
def test_the_notebook_is_executed_in_each_language(site, code, printed):
    page = language_root(site, code) / "example" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "torch.Size([30, 32, 32]) torch.float32" in html
    assert printed in html
    assert html.count('data-mime-type="image/svg+xml"') == 2  # the histogram and the sweep, as SVG
    assert 'src="data:image' not in html  # saved as files beside the page, not inlined
    assert html.count(f'alt="{strings.text("site.notebook_figure_alt", code)}"') == 2
    assert "Traceback" not in html


@pytest.mark.parametrize("code", CODES)
def test_the_notebook_page_links_its_ipynb_download(site, code):
    root = language_root(site, code)
    links = [attrs["href"] for tag, attrs in tags(root / "example" / "index.html") if tag == "a" and "download" in attrs]
    assert links == ["../example.ipynb"]
    notebook = json.loads((root / "example.ipynb").read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    assert [cell["id"] for cell in notebook["cells"]] == [f"cell-{i}" for i in range(len(notebook["cells"]))]
    source = "".join("".join(cell["source"]) for cell in notebook["cells"])
    assert f'lang = "{code}"' in source  # the downloaded notebook draws and prints in the page's language


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_its_own_search_index(site, code):
    index = json.loads((language_root(site, code) / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [code]
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert locations == set(PAGES)
    home = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"] if doc["location"].startswith("#"))
    ours, theirs = ("Studenti", "Students") if code == "it" else ("Students", "Studenti")
    assert ours in home and theirs not in home


def test_italian_search_loads_the_italian_stemmer(site):
    worker = (site / "it" / "assets" / "javascripts").glob("workers/search.*.min.js")
    assert next(worker, None) is not None
    assert list((site / "it" / "assets" / "javascripts" / "lunr" / "min").glob("lunr.it.min.js"))


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("page", PAGES)
def test_the_language_menu_links_every_language_to_the_same_page(site, code, page):
    url = f"http://127.0.0.1/{'' if code == CODES[0] else code + '/'}{page}"
    links = {
        attrs["hreflang"]: urljoin(url, attrs["href"])
        for tag, attrs in tags(language_root(site, code) / page / "index.html")
        if tag == "a" and "data-bn-alternate" in attrs
    }
    assert links == {other: f"http://127.0.0.1/{'' if other == CODES[0] else other + '/'}{page}" for other in CODES}


def absolute(code: str, page: str = "") -> str:
    return SITE_URL + ("" if code == CODES[0] else f"{code}/") + page


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_a_sitemap_naming_every_pages_twins(site, code):
    namespaces = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(language_root(site, code) / "sitemap.xml").findall("sm:url", namespaces)
    entries = {url.find("sm:loc", namespaces).text: url for url in urls}
    assert set(entries) == {absolute(code, page) for page in PAGES}
    for page in PAGES:
        links = entries[absolute(code, page)].findall("xhtml:link", namespaces)
        twins = {link.get("hreflang"): link.get("href") for link in links if link.get("rel") == "alternate"}
        assert twins == {**{other: absolute(other, page) for other in CODES}, "x-default": absolute(CODES[0], page)}


def test_robots_txt_names_every_languages_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *\nAllow: /\n")
    assert [line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")] == [
        absolute(code, "sitemap.xml") for code in CODES
    ]


@pytest.mark.parametrize("code", CODES)
def test_every_page_has_its_canonical_url_and_a_description_of_its_own_in_its_language(site, code):
    descriptions = {}
    for page in PAGES:
        head = tags(language_root(site, code) / page / "index.html")
        canonical = [attrs["href"] for tag, attrs in head if tag == "link" and attrs.get("rel") == "canonical"]
        assert canonical == [absolute(code, page)]
        found = [attrs["content"] for tag, attrs in head if tag == "meta" and attrs.get("name") == "description"]
        assert len(found) == 1 and len(found[0]) > 50, page
        descriptions[page] = found[0]
        # Material's hreflang links to each language's root would be wrong on every other page.
        assert not [attrs for tag, attrs in head if tag == "link" and "hreflang" in attrs], page
    assert len(set(descriptions.values())) == len(PAGES), "two pages share a description"
    if code != CODES[0]:
        english = {
            page: next(a["content"] for t, a in tags(site / page / "index.html") if t == "meta" and a.get("name") == "description")
            for page in PAGES
        }
        assert not {page for page in PAGES if english[page] == descriptions[page]}, "an untranslated description"


@pytest.mark.parametrize(("code", "title"), [("en", "Page not found"), ("it", "Pagina non trovata")])
def test_each_language_has_its_own_404_page(site, code, title):
    page = (language_root(site, code) / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}"' in page
    assert f"<h1>{title}</h1>" in page


LOADING = (
    "script",
    "img",
    "iframe",
    "frame",
    "embed",
    "source",
    "video",
    "audio",
    "track",
    "input",
)  # elements whose src the browser fetches


@pytest.mark.parametrize("code", CODES)
def test_pages_load_nothing_from_other_hosts(site, code):
    for page in [f"{page}index.html" for page in PAGES] + ["404.html"]:
        for tag, attrs in tags(language_root(site, code) / page):
            # What the browser fetches; a canonical or prev/next <link> only names an address.
            fetched = tag == "link" and attrs.get("rel") not in ("canonical", "prev", "next")
            urls = [
                attrs.get("src") if tag in LOADING else attrs.get("href") if fetched else None,
                attrs.get("data") if tag == "object" else None,
            ]
            urls += [candidate.split()[0] for candidate in attrs.get("srcset", "").split(",") if candidate.strip()]
            assert not [url for url in urls if url and urlsplit(url).netloc], (page, tag, urls)
    assert (language_root(site, code) / "assets" / "katex" / "katex.min.css").exists()


@pytest.mark.parametrize("code", CODES)
def test_no_page_runs_code_from_an_attribute_or_an_address(site, code):
    for page in [f"{page}index.html" for page in PAGES] + ["404.html"]:
        for tag, attrs in tags(language_root(site, code) / page):
            assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
            addresses = [attrs.get(name, "").strip().lower() for name in ("href", "src", "action", "formaction")]
            assert not [url for url in addresses if url.startswith(("javascript:", "vbscript:", "data:text"))], (page, tag, attrs)


def heading_ids(path: Path) -> set[str]:
    return {attrs["id"] for tag, attrs in tags(path) if tag in ("h2", "h3", "h4") and "id" in attrs}


def element_ids(path: Path) -> set[str]:
    return {attrs["id"] for tag, attrs in tags(path) if "id" in attrs}


@pytest.mark.parametrize("page", PAGES)
def test_translated_pages_keep_every_english_section_anchor(site, page):
    english = heading_ids(site / page / "index.html")
    assert english
    for code in CODES[1:]:
        assert english <= element_ids(language_root(site, code) / page / "index.html"), code


REFERENCE_PAGES = [page for page in PAGES if page.startswith("reference-")]


@pytest.mark.parametrize(("code", "label"), [("en", "Parameters:"), ("it", "Parametri:")])
def test_the_api_reference_documents_every_public_name_once_with_localized_labels(site, code, label):
    import batchnorm_explained

    documented = []
    for page in REFERENCE_PAGES:
        path = language_root(site, code) / page / "index.html"
        # A name's heading is its id; its attributes and methods add ids below it ("...BatchNorm.forward").
        documented += [name for name in element_ids(path) if name.count(".") == 1 and name.startswith("batchnorm_explained.")]
        html = path.read_text(encoding="utf-8")
        assert label in html, page
        assert "Computes ``" not in html  # docstrings are rendered, not dumped raw
    assert sorted(documented) == sorted(f"batchnorm_explained.{name}" for name in batchnorm_explained.__all__)


@pytest.mark.parametrize("code", CODES)
def test_each_reference_page_documents_its_topics_names_in_order_under_its_own_introduction(site, code):
    import batchnorm_explained

    assert sorted(REFERENCE_PAGES) == sorted(f"reference-{topic}/" for topic in TOPICS)
    # The package's docstring introduces the whole library, in English: the overview does that.
    opening = batchnorm_explained.__doc__.split(",")[0]
    for topic, names in TOPICS.items():
        path = language_root(site, code) / f"reference-{topic}" / "index.html"
        headings = [attrs["id"] for tag, attrs in tags(path) if tag == "h2" and attrs.get("id", "").startswith("batchnorm_explained.")]
        assert headings == [f"batchnorm_explained.{name}" for name in names], topic
        html = path.read_text(encoding="utf-8")
        assert html.count(f'href="#batchnorm_explained.{names[0]}"') >= 1, topic  # in the table of contents
        assert opening.replace("&", "&amp;") not in html, topic
    overview = (language_root(site, code) / "reference" / "index.html").read_text(encoding="utf-8")
    assert all(f"reference-{topic}/" in overview for topic in TOPICS)


@pytest.mark.parametrize("code", CODES)
def test_formulas_are_typeset_at_build_time_and_pages_load_no_maths_script(site, code):
    html = (language_root(site, code) / "backpropagation" / "index.html").read_text(encoding="utf-8")
    assert html.count('<span class="katex-display">') >= 1
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in html  # what screen readers read
    assert "\\(" not in re.sub(r"<annotation.*?</annotation>", "", html)
    scripts = [attrs.get("src", "") for tag, attrs in tags(language_root(site, code) / "backpropagation" / "index.html") if tag == "script"]
    assert not [src for src in scripts if "katex" in src]


@pytest.mark.parametrize(("code", "cold"), [("en", "Cold build, every cache empty"), ("it", "Generazione a freddo, cache vuote")])
def test_the_performance_page_shows_the_benchmark_in_the_pages_language(site, code, cold):
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    html = (language_root(site, code) / "performance" / "index.html").read_text(encoding="utf-8")
    median = format_number(results["builds"]["cold"]["median"], code)
    assert re.search(rf"<td>{re.escape(cold)}</td>\s*<td>{re.escape(median)} s</td>", html)
    for page, scores in results["pages"].items():
        # Both colour schemes' lowest score, light / dark, in each row.
        light, dark = scores["light"]["performance"], scores["dark"]["performance"]
        assert re.search(rf"<td><code>{re.escape(page)}</code></td>\s*<td>[^<]+</td>\s*<td>{light} / {dark}</td>", html), page
    languages = results["languages"]
    label = strings.text("bench.language_cold", code, count=len(languages["added"]))
    added = format_number(languages["cold_per_language"], code)
    assert re.search(rf"<td>{re.escape(label)}</td>\s*<td>{re.escape(added)} s</td>", html)
    assert results["commit"] in html and str(int(results["date"][:4])) in html
