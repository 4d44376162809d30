"""Every registered figure in four variants: light and dark, wide and narrow, checked as they are drawn."""

from __future__ import annotations

import json

import pytest
from helpers import CODES, language_root

from sitebuild import BuildError
from sitebuild.outputs import figures

VARIANTS = ("", "-dark", "-narrow", "-narrow-dark")


@pytest.mark.site
@pytest.mark.parametrize("code", CODES)
def test_every_figure_has_its_variants_and_its_narrow_ones_fit_a_phone_at_their_own_size(site, code):
    manifest = figures.manifest(code)
    assert list(manifest) == [spec.name for spec in figures.FIGURES]
    for name, drawn in manifest.items():
        assert sorted(drawn["variants"]) == sorted(VARIANTS), name
        for suffix, variant in drawn["variants"].items():
            published = language_root(site, code) / "figures" / f"{name}{suffix}.svg"
            assert published.read_bytes()[:5] == b"<?xml", published
            assert ("png" in variant) == ("narrow" not in suffix)  # downloads are the wide figures
            if "narrow" in suffix:
                assert variant["width"] <= figures.NARROW_WIDTH and variant["text_px"] >= figures.MIN_TEXT_PX, (name, suffix)
        # The dark variant is the same figure: same size, other colours.
        light, dark = drawn["variants"][""], drawn["variants"]["-dark"]
        assert (light["width"], light["height"]) == (dark["width"], dark["height"])
        assert b"#1e2029" in (language_root(site, code) / "figures" / f"{name}-dark.svg").read_bytes()


def _spec(draw) -> figures.FigureSpec:
    return figures.FigureSpec("test-figure", lambda lang: (draw(), {}), "draw()", {}, "index.md")


def _wide_figure(title: str, fontsize: float = 10):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    figure.add_subplot().set_title(title, fontsize=fontsize)
    return figure


def test_a_figure_redrawn_narrow_keeps_its_text_inside_and_records_its_size(tmp_path):
    drawn, _, _ = figures._draw(_spec(lambda: _wide_figure("A short title")), "en", "narrow", "dark", tmp_path)
    assert (drawn["width"], drawn["text_px"]) == (figures.NARROW_WIDTH, 13.33)
    assert "png" not in drawn and (tmp_path / "test-figure-narrow-dark.svg").is_file()


def test_a_narrow_variant_that_cuts_text_off_fails_and_names_the_figure(tmp_path):
    long_title = "A title far too long to fit the width of a phone's column without wrapping"
    with pytest.raises(BuildError, match=r"figure 'test-figure-narrow' cuts off .A title far too long.*narrow layout"):
        figures._draw(_spec(lambda: _wide_figure(long_title)), "en", "narrow", "light", tmp_path)


def test_a_narrow_variant_with_text_too_small_to_read_fails(tmp_path):
    with pytest.raises(BuildError, match=r"figure 'test-figure-narrow' has text of 6.7 px, below 9 px"):
        figures._draw(_spec(lambda: _wide_figure("Tiny", fontsize=5)), "en", "narrow", "light", tmp_path)


def test_the_manifest_records_the_variants_of_a_figure(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "FIGURES", (_spec(lambda: _wide_figure("Title")),))
    monkeypatch.setattr("batchnorm_explained.text", lambda key, lang, **fields: key)
    figures._draw_all("en", tmp_path)
    written = json.loads((tmp_path / figures.MANIFEST).read_text(encoding="utf-8"))["test-figure"]
    assert sorted(written["variants"]) == sorted(VARIANTS)
    assert (written["width"], written["height"]) == (614, 384)  # the wide light one, as links and previews use


@pytest.mark.parametrize("name", ["gamma-beta-sweep", "normalization-axes"])  # a wrapped title above the panels; a key below them
def test_a_dark_variant_drawn_in_the_light_ones_layout_is_the_same_bytes_as_one_laid_out_anew(tmp_path, name):
    spec = next(spec for spec in figures.FIGURES if spec.name == name)
    taken, solved = tmp_path / "taken", tmp_path / "solved"
    taken.mkdir(), solved.mkdir()
    for layout in figures.LAYOUTS:
        _, _, light = figures._draw(spec, "it", layout, "light", taken)
        figures._draw(spec, "it", layout, "dark", taken, like=light)
        figures._draw(spec, "it", layout, "dark", solved)
    assert sorted(path.name for path in solved.iterdir()) == [
        f"{name}{suffix}" for suffix in ("-dark.png", "-dark.svg", "-narrow-dark.svg")
    ]
    for path in solved.iterdir():
        assert (taken / path.name).read_bytes() == path.read_bytes(), path.name
