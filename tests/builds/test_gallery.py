"""The Figures page: every registered figure, in the page's language, with its facts and downloads."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from helpers import CODES, build_site, copy_project, language_root

from sitebuild.outputs import explorer_data, figures

pytestmark = pytest.mark.site

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class GalleryParser(HTMLParser):
    """Collects each gallery item: its id, image, caption text, facts and links."""

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self._text_into: str | None = None
        self._inside = False  # within a gallery item
        self._heading: dict[str, str] | None = None  # the section heading the next item belongs to
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2":
            self._heading = {"id": attrs.get("id", ""), "text": ""}
            self._in_heading = True
        elif tag == "figure" and "bn-gallery__item" in attrs.get("class", ""):
            self.items.append({"id": self._heading["id"], "title": self._heading["text"], "links": [], "code": [], "caption": ""})
            self._inside = True
        elif not self._inside:
            return
        elif tag == "img":
            self.items[-1]["img"] = attrs
        elif tag == "a":
            self.items[-1]["links"].append(attrs)
        elif tag == "code":
            self._text_into = "code"
            self.items[-1]["code"].append("")
        elif tag == "p" and "caption_done" not in self.items[-1]:  # the item's first paragraph
            self._text_into = "caption"

    def handle_endtag(self, tag):
        if tag == "h2":
            self._heading["text"] = self._heading["text"].replace("¶", "").strip()
            self._in_heading = False
        if tag == "figure":
            self._inside = False
        if tag == "p" and self._text_into == "caption":
            self.items[-1]["caption_done"] = True
        if tag in ("code", "p"):
            self._text_into = None

    def handle_data(self, data):
        if self._in_heading:
            self._heading["text"] += data
        if self._text_into == "code":
            self.items[-1]["code"][-1] += data
        elif self._text_into == "caption":
            self.items[-1]["caption"] += data


def gallery(site: Path, code: str) -> tuple[Path, list[dict]]:
    page = language_root(site, code) / "figures" / "index.html"
    parser = GalleryParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return page, parser.items


def local_file(page: Path, site: Path, href: str) -> Path:
    # The file a relative link of `page` points at (a folder's index.html for a page URL).
    url_path = urlsplit(urljoin("http://site/" + page.relative_to(site).as_posix(), href)).path
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


@pytest.mark.parametrize("code", CODES)
def test_every_registered_figure_is_shown_with_its_caption_alt_text_and_facts(site, code):
    _, items = gallery(site, code)
    assert [item["id"] for item in items] == [spec.name for spec in figures.FIGURES]
    manifest = figures.manifest(code)
    for spec, item in zip(figures.FIGURES, items, strict=True):
        assert item["title"] == manifest[spec.name]["title"]
        assert item["img"]["alt"] == manifest[spec.name]["alt"]
        assert item["caption"] == manifest[spec.name]["caption"]
        (opens,) = [link for link in item["links"] if "bn-lightbox" in link.get("class", "")]
        assert opens["data-gallery"] == "figures"  # one lightbox gallery: arrows move through it
        assert item["code"][0] == spec.call_text(code)
        assert item["code"][0].endswith(f", lang='{code}')")  # the call that drew this language's figure
        assert item["code"][1:] == [f"{name}={value!r}" for name, value in spec.parameters.items()]


@pytest.mark.parametrize("code", CODES)
def test_each_figure_links_to_its_page_and_downloads_as_png_and_svg_in_both_schemes(site, code):
    page, items = gallery(site, code)
    for spec, item in zip(figures.FIGURES, items, strict=True):
        hrefs = [link["href"] for link in item["links"] if "bn-lightbox" not in link.get("class", "")]
        explained, png, svg, png_dark, svg_dark = hrefs
        target, _, anchor = spec.page.partition("#")
        explained_page = local_file(page, site, explained)
        assert explained_page == language_root(site, code) / Path(target).with_suffix("") / "index.html"
        if anchor:
            assert f'id="{anchor}"' in explained_page.read_text(encoding="utf-8")
        for image in (png, png_dark):
            assert local_file(page, site, image).read_bytes().startswith(PNG_SIGNATURE)
        for image in (svg, svg_dark):
            assert local_file(page, site, image).read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert local_file(page, site, png).read_bytes() != local_file(page, site, png_dark).read_bytes()
        downloads = {link["href"]: link.get("download") for link in item["links"] if "download" in link}
        name = f"{spec.name}-{code}"
        assert downloads == {png: f"{name}.png", svg: f"{name}.svg", png_dark: f"{name}-dark.png", svg_dark: f"{name}-dark.svg"}


def test_a_figure_added_to_the_registry_appears_on_the_page_without_editing_it(tmp_path):
    project = copy_project(tmp_path / "project")  # with the cache: only the new figure is drawn
    source = project / "sitebuild" / "outputs" / "figures.py"
    text = source.read_text(encoding="utf-8")
    registry_end = text.index("\n)\n", text.index("FIGURES = ("))
    addition = '\n    FigureSpec("extra-histogram", _batch_histogram, "describe_batch(make_batch(seed={seed}))", {"seed": 7}, "why.md"),'
    source.write_text(text[:registry_end] + addition + text[registry_end:], encoding="utf-8")
    for code in CODES:
        strings = project / "src" / "batchnorm_explained" / "locales" / f"{code}.toml"
        with strings.open("a", encoding="utf-8") as file:
            file.write(f'\n[figures.extra-histogram]\ntitle = "Extra {code}"\nalt = "Extra alt {code}"\ncaption = "Extra caption {code}"\n')
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for code in CODES:
        _, items = gallery(site, code)
        extra = items[-1]
        assert extra["id"] == "extra-histogram"
        assert (extra["title"], extra["img"]["alt"], extra["caption"]) == (f"Extra {code}", f"Extra alt {code}", f"Extra caption {code}")
        # The call that drew this language's figure: lang= is its last argument.
        assert "seed=7" in extra["code"] and extra["code"][0] == f"describe_batch(make_batch(seed=7), lang='{code}')"
        # Drawn with its own parameters: another batch than the registry's seed-0 histogram.
        figures_dir = language_root(site, code) / "figures"
        assert (figures_dir / "extra-histogram.svg").read_bytes() != (figures_dir / "batch-histogram.svg").read_bytes()
        # Its variants come with it: dark, and narrow for phones, with nothing added to its entry.
        for suffix in ("-dark", "-narrow", "-narrow-dark"):
            assert (figures_dir / f"extra-histogram{suffix}.svg").read_bytes()[:5] == b"<?xml"
        assert (figures_dir / "extra-histogram-dark.png").read_bytes().startswith(PNG_SIGNATURE)


def test_the_call_each_figure_shows_runs_and_draws_a_figure():
    from matplotlib.figure import Figure

    import batchnorm_explained

    namespace = {name: getattr(batchnorm_explained, name) for name in batchnorm_explained.__all__}
    for spec in figures.FIGURES:
        settings = spec.parameters
        if spec.name in ("figure-1", "learning-rates"):  # the same call, shortened so that the test does not train for seconds
            spec = figures.FigureSpec(spec.name, spec.draw, spec.call, {**settings, "steps": 20}, spec.page)
        for code in CODES:
            assert isinstance(eval(spec.call_text(code), namespace), Figure), (spec.name, code)


@pytest.mark.parametrize("code", CODES)
def test_the_explorer_data_is_the_batch_with_the_librarys_own_statistics(site, code):
    import numpy as np
    import torch

    from batchnorm_explained import batch_statistics, make_batch

    x = make_batch(seed=explorer_data.SEED)
    assert tuple(x.shape) == explorer_data.SHAPE  # the shape the explorer is told
    data = np.frombuffer((language_root(site, code) / explorer_data.URI).read_bytes(), dtype="<f4")
    count, pixels = x.numel(), x[0].numel()
    assert len(data) == count + 2 + 2 * pixels
    np.testing.assert_array_equal(data[:count], x.flatten().numpy())
    whole = torch.sqrt(x.var() + explorer_data.eps("whole"))
    np.testing.assert_array_equal(data[count : count + 2], [x.mean().item(), whole.item()])
    mean_b, var_b = batch_statistics(x.reshape(len(x), -1))
    np.testing.assert_array_equal(data[count + 2 : count + 2 + pixels], mean_b.numpy())
    np.testing.assert_array_equal(data[count + 2 + pixels :], torch.sqrt(var_b + explorer_data.eps("feature")).numpy())
