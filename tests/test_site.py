"""The built site: every language, its figures and its executed notebook, built strictly."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import jupytext
import pytest
from building import (
    CODES,
    ROOT,
    build_english_with,
    build_over_previous_site,
    build_site,
    copy_project,
    language_root,
    load_config,
    page_urls,
    previous_site_untouched,
    run,
)

from batchnorm_explained import (
    batch_summary,
    format_number,
    locales,
    make_batch,
    text,
)

pytestmark = pytest.mark.site

PAGES = page_urls()
SITE_URL = os.environ.get("SITE_URL") or load_config()["site_url"]


class LinkCollector(HTMLParser):
    """Collects the attributes of every start tag of an HTML page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.tags


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
        images = [attrs for tag, attrs in tags(root / "index.html") if tag == "img" and attrs.get("src", "").endswith(f"figures/{name}.svg")]
        assert len(images) == 1, name
        alt = images[0]["alt"]
        # The alt text is the language's string with the batch's numbers filled in.
        assert alt.startswith(locales._strings(code)[f"figures.{name}.alt"].split("{")[0]), alt
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
    assert html.count(f'alt="{text("site.notebook_figure_alt", code)}"') == 2
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
    assert f'lang="{code}"' in source


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
        english = {page: next(a["content"] for t, a in tags(site / page / "index.html") if t == "meta" and a.get("name") == "description") for page in PAGES}
        assert not {page for page in PAGES if english[page] == descriptions[page]}, "an untranslated description"


@pytest.mark.parametrize(("code", "title"), [("en", "Page not found"), ("it", "Pagina non trovata")])
def test_each_language_has_its_own_404_page(site, code, title):
    page = (language_root(site, code) / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}"' in page
    assert f"<h1>{title}</h1>" in page


@pytest.mark.parametrize("code", CODES)
def test_pages_load_nothing_from_other_hosts(site, code):
    for page in [f"{page}index.html" for page in PAGES] + ["404.html"]:
        for tag, attrs in tags(language_root(site, code) / page):
            # What the browser fetches; a canonical or prev/next <link> only names an address.
            fetched = tag == "link" and attrs.get("rel") not in ("canonical", "prev", "next")
            url = attrs.get("src") if tag in ("script", "img") else attrs.get("href") if fetched else None
            assert url is None or not urlsplit(url).netloc, (page, tag, url)
    assert (language_root(site, code) / "assets" / "katex" / "katex.min.css").exists()


def test_a_failing_example_fails_the_build_naming_file_and_cell_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "it" / "example.py").open("a", encoding="utf-8") as notebook:
        notebook.write('\n# %%\nx = 1\nraise RuntimeError("esempio rotto")\n')
    result = build_over_previous_site(project, tmp_path / "site")

    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = (project / "docs" / "it" / "example.py").read_text(encoding="utf-8").splitlines().index("x = 1") + 1
    cells = len(jupytext.read(project / "docs" / "it" / "example.py").cells)
    assert f"[it] ERROR   -  docs/it/example.py: cell {cells} (line {line}) raised RuntimeError: esempio rotto" in output
    assert '[it]     raise RuntimeError("esempio rotto")' in output  # the failing cell's source
    assert "Build failed for it" in output
    assert previous_site_untouched(tmp_path / "site")


def test_an_unknown_figure_fails_the_build_naming_page_and_figure(tmp_path):
    output = build_english_with(tmp_path, "index.md", '{{ figure("no-such-figure") }}')
    assert "docs/en/index.md: unknown figure 'no-such-figure'" in output


def cached_outputs(project: Path) -> dict[str, int]:
    """Every output the build executed and cached (figures, snippets, notebooks), with its mtime."""
    cache = project / ".cache"
    patterns = ("figures/*/manifest.json", "snippets/*.json", "notebooks/*/*.ipynb")
    return {str(path.relative_to(cache)): path.stat().st_mtime_ns for pattern in patterns for path in cache.glob(pattern)}


def redone(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def test_rebuilds_redo_only_what_changed(tmp_path):
    project = copy_project(tmp_path / "project")
    cold = build_site(project, tmp_path / "site")
    assert cold.returncode == 0, cold.stdout + cold.stderr
    outputs = cached_outputs(project)
    assert len([name for name in outputs if name.startswith("notebooks/")]) == len(CODES)

    warm = build_site(project, tmp_path / "site")
    assert warm.returncode == 0
    assert "Converting notebook" not in warm.stdout
    assert warm.stdout.count("Cache hit") == len(CODES)
    assert cached_outputs(project) == outputs

    # The library's layer is used by a few snippets, by no figure and by no notebook.
    imports_layer = re.compile(r"from batchnorm_explained import \(?[^)\n]*(?:\n[^)\n]*)*\bBatchNorm\b")
    users = {path.stem for path in (project / "docs" / "snippets").glob("*.py") if imports_layer.search(path.read_text(encoding="utf-8"))}
    assert users
    with (project / "src" / "batchnorm_explained" / "layer.py").open("a", encoding="utf-8") as source:
        source.write("\n# An edit in the layer.\n")
    before = cached_outputs(project)
    assert build_site(project, tmp_path / "site").returncode == 0
    assert redone(before, cached_outputs(project)) == {f"snippets/{name}.json" for name in users}

    # The Italian strings: the Italian figures and notebook, never the English ones.
    with (project / "src" / "batchnorm_explained" / "locales" / "it.toml").open("a", encoding="utf-8") as strings:
        strings.write("\n# An edit in the Italian strings.\n")
    before = cached_outputs(project)
    assert build_site(project, tmp_path / "site").returncode == 0
    again = redone(before, cached_outputs(project))
    assert {"figures/it/manifest.json"} <= again
    assert [name for name in again if name.startswith("notebooks/")] == [name for name in again if name.startswith("notebooks/it/")] != []
    assert not [name for name in again if name.startswith(("figures/en/", "notebooks/en/"))]

    # The plotting module: every figure and every notebook, in every language.
    with (project / "src" / "batchnorm_explained" / "plotting.py").open("a", encoding="utf-8") as source:
        source.write("\n# An edit in the plotting module.\n")
    before = cached_outputs(project)
    edited = build_site(project, tmp_path / "site")
    assert edited.returncode == 0
    assert redone(before, cached_outputs(project)) >= {f"figures/{code}/manifest.json" for code in CODES}
    assert len([name for name in redone(before, cached_outputs(project)) if name.startswith("notebooks/")]) == len(CODES)


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


@pytest.mark.parametrize(("code", "label"), [("en", "Parameters:"), ("it", "Parametri:")])
def test_the_api_reference_documents_every_public_name_with_localized_labels(site, code, label):
    import batchnorm_explained

    page = language_root(site, code) / "reference" / "index.html"
    ids = element_ids(page)
    assert {f"batchnorm_explained.{name}" for name in batchnorm_explained.__all__} <= ids
    html = page.read_text(encoding="utf-8")
    assert label in html
    assert "Computes ``" not in html  # docstrings are rendered, not dumped raw


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for_text(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def start_preview(project: Path, tmp_path: Path, *options: str) -> tuple[subprocess.Popen, str, Path]:
    """Start `make serve`'s preview of ``project`` on a free port; return it, its URL and its log."""
    if (ROOT / ".cache").is_dir():  # the outputs are keyed on their inputs: reuse them
        shutil.copytree(ROOT / ".cache", project / ".cache", dirs_exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--address", f"127.0.0.1:{port}", *options],
            cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    return server, f"http://127.0.0.1:{port}/", log


def test_serve_previews_every_language_and_rebuilds_only_the_edited_translation(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path)
    try:
        assert wait_for_text(base + "it/example/", "varianza = 1,000000", 120), log.read_text()
        assert '<html lang="en"' in fetch(base + "example/")
        assert 'hreflang="it"' in fetch(base + "why/")  # the language menu, both languages served
        built = log.read_text().count("Built ")
        with (project / "docs" / "it" / "index.md").open("a", encoding="utf-8") as page:
            page.write("\nUna frase aggiunta durante l'anteprima.\n")
        assert wait_for_text(base + "it/", "Una frase aggiunta durante l", 60), log.read_text()
        # Shown by a dirty build of the edited page, whose navigation keeps the other pages'
        # titles; then the full build of that language alone (its search index included).
        assert "La trasformazione (Algoritmo 1)" in fetch(base + "it/")

        def rebuilt() -> list[str]:
            return [line.split("Built ")[1].rsplit(" in ", 1)[0] for line in log.read_text().splitlines() if "Built " in line][built:]

        deadline = time.monotonic() + 60
        while len(rebuilt()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        assert rebuilt() == ["it (edited pages)", "it"]
        index = fetch(base + "it/search/search_index.json")  # whole again: every page, the edit included
        assert "Una frase aggiunta durante l" in index and "glossary/" in index
        with (project / "docs" / "en" / "why.md").open("a", encoding="utf-8") as page:
            page.write("\nA sentence added while previewing.\n")
        assert wait_for_text(base + "why/", "A sentence added while previewing.", 60), log.read_text()
        # The Italian twin now says that its English original changed.
        assert wait_for_text(base + "it/why/", 'data-bn-translation="stale"', 60), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_can_preview_one_language_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    server, base, log = start_preview(project, tmp_path, "--language", "it")
    try:
        assert wait_for_text(base, '<html lang="it"', 120), log.read_text()
        assert "data-bn-alternate" not in fetch(base + "why/")  # no other language to switch to
    finally:
        server.terminate()
        server.wait(timeout=20)


def check_links(site_dir: Path) -> subprocess.CompletedProcess:
    base = urlsplit(SITE_URL).path
    return run([sys.executable, "scripts/check_links.py", str(site_dir), "--base-path", base], ROOT)


def test_no_internal_link_or_anchor_is_broken_in_any_language(site):
    result = check_links(site)
    assert result.returncode == 0, result.stdout
    pages = len(list(site.rglob("*.html")))
    assert result.stderr.strip() == f"0 broken links in {pages} pages"
    assert pages >= len(PAGES) * len(CODES)


def test_the_link_check_reports_a_missing_page_and_a_missing_anchor(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    page = copy / "it" / "why" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<a href="../no-such-page/">x</a><a href="../transform/#no-such-section">y</a></article>', 1), encoding="utf-8")
    result = check_links(copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "it/why/index.html: ../no-such-page/: no such file",
        "it/why/index.html: ../transform/#no-such-section: no element with id 'no-such-section' in it/transform/index.html",
    ]


def test_two_cold_builds_of_the_same_sources_are_byte_identical(tmp_path):
    project = copy_project(tmp_path / "project")
    sites = []
    for name in ("first", "second"):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        assert build_site(project, tmp_path / name).returncode == 0
        sites.append(tmp_path / name)
    files = sorted(path.relative_to(sites[0]) for path in sites[0].rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(sites[1]) for path in sites[1].rglob("*") if path.is_file())
    different = [name for name in files if (sites[0] / name).read_bytes() != (sites[1] / name).read_bytes()]
    assert different == []


@pytest.mark.parametrize("code", CODES)
def test_formulas_are_typeset_at_build_time_and_pages_load_no_maths_script(site, code):
    html = (language_root(site, code) / "backpropagation" / "index.html").read_text(encoding="utf-8")
    assert html.count('<span class="katex-display">') >= 1
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in html  # what screen readers read
    assert "\\(" not in re.sub(r"<annotation.*?</annotation>", "", html)
    scripts = [attrs.get("src", "") for tag, attrs in tags(language_root(site, code) / "backpropagation" / "index.html") if tag == "script"]
    assert not [src for src in scripts if "katex" in src]


def test_an_invalid_formula_fails_the_build_naming_the_page(tmp_path):
    output = build_english_with(tmp_path, "why.md", "A broken formula: \\(\\frac{1}\\).")
    assert re.search(r"docs/en/why\.md: KaTeX parse error: .* in inline formula '\\\\frac\{1\}'", output)


@pytest.mark.parametrize(("code", "cold"), [("en", "Cold build, every cache empty"), ("it", "Generazione a freddo, cache vuote")])
def test_the_performance_page_shows_the_benchmark_in_the_pages_language(site, code, cold):
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    html = (language_root(site, code) / "performance" / "index.html").read_text(encoding="utf-8")
    median = format_number(results["builds"]["cold"]["median"], code)
    assert re.search(rf"<td>{re.escape(cold)}</td>\s*<td>{re.escape(median)} s</td>", html)
    for page in results["pages"]:
        assert f"<code>{page}</code>" in html
