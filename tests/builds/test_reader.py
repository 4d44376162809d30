"""What a reader gets besides the pages: edit links, link previews, a citation, the library's wheel."""

from __future__ import annotations

import json
import os
import re
import tomllib
import zipfile
from html import unescape
from urllib.parse import urljoin

import pytest
import yaml
from helpers import CODES, REPO_URL, ROOT, language_root, load_config, nav_pages, page_urls, tags

from sitebuild import languages, strings
from sitebuild.outputs import wheel

pytestmark = pytest.mark.site

SITE_URL = os.environ.get("SITE_URL") or load_config()["site_url"]
SOURCES = dict(zip(page_urls(), nav_pages(), strict=True))


def page_html(site, code: str, url: str) -> str:
    return (language_root(site, code) / url / "index.html").read_text(encoding="utf-8")


def meta(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for attributes in re.findall(r"<meta ([^>]*)>", html):
        fields = dict(re.findall(r'(\w[\w:-]*)="([^"]*)"', attributes))
        key = fields.get("property") or fields.get("name")
        if key:
            found.setdefault(key, []).append(fields.get("content", ""))
    return found


@pytest.mark.parametrize("code", CODES)
def test_every_page_links_its_own_source_to_edit_and_the_header_links_the_repository(site, code):
    for url, source in SOURCES.items():
        html = page_html(site, code, url)
        edits = re.findall(r'<a href="([^"]+)" rel="edit"[^>]*>(?:\s|<span.*?</span>)*([^<]+?)\s*</a>', html, re.DOTALL)
        assert edits == [(f"{REPO_URL}/edit/main/docs/{code}/{source}", strings.text("site.edit", code))], url
        repository = re.findall(r'<a href="([^"]+)" title="[^"]*" class="md-source"', html)
        assert repository == [REPO_URL, REPO_URL], url  # in the header and in the drawer of a phone
        assert "example/batchnorm-explained" in html
        assert "api.github.com" not in html


@pytest.mark.parametrize("code", CODES)
def test_every_page_has_link_previews_in_its_language_with_its_first_figure(site, code):
    root_url = SITE_URL + languages.site_prefix(code)
    for url in page_urls():
        html = page_html(site, code, url)
        found = meta(html)
        assert found["og:locale"] == [strings.text("site.locale", code)], url
        assert found["og:locale:alternate"] == [strings.text("site.locale", other) for other in CODES if other != code]
        assert found["og:url"] == [root_url + url]
        assert found["og:site_name"] == [strings.text("config.site_name", code)]
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert found["og:title"] == found["twitter:title"] and unescape(title).startswith(unescape(found["og:title"][0])), url
        assert found["og:description"] == found["twitter:description"] and found["og:description"][0] == found["description"][0]
        first = re.search(r'class="bn-lightbox" href="[^"]*figures/([\w-]+)\.svg"', html)
        if first is None:
            assert "og:image" not in found and found["twitter:card"] == ["summary"], url
            continue
        image = f"{root_url}figures/{first.group(1)}.png"  # the light wide figure
        assert found["og:image"] == found["twitter:image"] == [image], url
        assert found["twitter:card"] == ["summary_large_image"]
        assert found["og:image:alt"][0].strip()
        assert (language_root(site, code) / "figures" / f"{first.group(1)}.png").is_file()


def test_the_pages_with_figures_preview_them():
    assert {url for url in page_urls() if url in ("", "transform/", "figure-1/", "figures/")} == {"", "transform/", "figure-1/", "figures/"}


def test_the_citation_file_is_valid_cff_for_this_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert citation["cff-version"] == "1.2.0"
    assert all("name" in author or "family-names" in author for author in citation["authors"])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(citation["version"]) == project["version"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(citation["date-released"]))


@pytest.mark.parametrize("code", CODES)
def test_the_home_page_has_a_bibtex_entry_in_its_language(site, code):
    html = page_html(site, code, "")
    blocks = [re.sub(r"<[^>]+>", "", block) for block in re.findall(r"<pre>(.*?)</pre>", html, re.DOTALL)]
    (text,) = [block for block in blocks if "@misc" in block]
    assert text.startswith("@misc{batchnorm-explained,")
    assert f"{{{strings.text('config.site_name', code)}}}" in text
    assert f"{{{SITE_URL + languages.site_prefix(code)}}}" in text
    assert "{{batchnorm-explained contributors}}" in text and "{0.1.0}" in text
    assert f"{{{strings.text('site.bibtex_language', code)}}}" in text
    assert 'id="cite-this-site"' in html


@pytest.mark.parametrize("code", CODES)
def test_the_home_page_links_the_pdf_of_every_language(site, code):
    links = [attrs for tag, attrs in tags(language_root(site, code) / "index.html") if tag == "a" and "data-bn-pdf" in attrs]
    base = SITE_URL + languages.site_prefix(code)
    assert [(urljoin(base, link["href"]), link["hreflang"]) for link in links] == [
        (SITE_URL + languages.site_prefix(other) + f"pdf/batchnorm-explained-{other}.pdf", other) for other in CODES
    ]


@pytest.mark.parametrize("code", CODES)
def test_the_wheel_is_published_and_the_downloaded_notebook_installs_it_first(site, code):
    (published,) = (language_root(site, code) / wheel.FOLDER).glob("*.whl")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert published.name == f"batchnorm_explained-{version}-py3-none-any.whl"
    with zipfile.ZipFile(published) as archive:
        names = archive.namelist()
        assert "batchnorm_explained/__init__.py" in names and "batchnorm_explained/locales/it.toml" in names
        assert not any(name.startswith(("sitebuild/", "tests/")) for name in names)
    notebook = json.loads((language_root(site, code) / "example.ipynb").read_text(encoding="utf-8"))
    first = "".join(notebook["cells"][0]["source"])
    comment = " ".join(line[2:] for line in first.splitlines() if line.startswith("# "))
    assert comment == strings.text("site.notebook_install", code)
    assert first.splitlines()[-1] == f'%pip install --quiet "{SITE_URL + languages.site_prefix(code)}wheel/{published.name}"'
    assert "from batchnorm_explained import" in "".join(notebook["cells"][2]["source"])  # then the notebook as it was


def test_the_wheel_is_the_same_bytes_when_built_again(tmp_path):
    first = wheel.path()
    wheel._build(tmp_path)
    (again,) = tmp_path.glob("*.whl")
    assert again.read_bytes() == first.read_bytes()
