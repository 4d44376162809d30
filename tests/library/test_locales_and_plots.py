"""Figures carry their text in the reader's language, from one strings file per language."""

import matplotlib
import numpy as np
import pytest
import torch

from batchnorm_explained import (
    batch_summary,
    describe_batch,
    format_number,
    languages,
    make_batch,
    plot_gamma_beta_sweep,
    text,
)
from batchnorm_explained.locales import FIGURE_STRINGS


def test_the_language_list_starts_with_english_and_includes_italian():
    assert [(language.code, language.name) for language in languages()][:2] == [("en", "English"), ("it", "Italiano")]


@pytest.mark.parametrize("lang", [language.code for language in languages()])
def test_every_language_has_every_figure_string(lang):
    assert FIGURE_STRINGS.missing(lang) == []


def test_italian_numbers_use_a_decimal_comma_and_a_true_minus():
    assert format_number(-3.14159, "it") == "\N{MINUS SIGN}3,14"
    assert format_number(1234.5, "en", digits=1) == "1234.5"
    assert format_number(-0.001, "en") == "0.00"


def test_printed_numbers_can_carry_a_sign_an_exponent_or_grouped_thousands():
    minus = "\N{MINUS SIGN}"
    assert format_number(-1.2e-16, "it", 1, exponent=True) == f"{minus}1,2e{minus}16"
    assert format_number(1.6, "en", 1, exponent=True) == "1.6e+00"
    assert format_number(0.5, "it", 3, sign=True) == "+0,500"
    assert format_number(-0.0001, "it", 3, sign=True) == "+0,000"  # a zero is not negative
    assert format_number(-1.289, "en", 3, sign=True) == f"{minus}1.289"
    assert format_number(30720, "it", 0, grouped=True) == "30.720"
    assert format_number(30720, "en", 0, grouped=True) == "30,720"
    assert format_number(1e-5, "it", None) == f"1e{minus}05"
    assert format_number(float("nan"), "it", 3) == "nan"


def test_unknown_language_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match=r"lang must be one of 'en', 'it'.*, got 'fr'"):
        text("histogram.xlabel", "fr")
    with pytest.raises(ValueError, match=r"got 'xx'"):
        describe_batch(make_batch(2, 2, 2), lang="xx")
    with pytest.raises(ValueError, match=r"got 'EN'"):
        plot_gamma_beta_sweep(make_batch(2, 2, 2), lang="EN")


def test_a_string_missing_from_a_translation_falls_back_to_english(monkeypatch):
    original = FIGURE_STRINGS.table
    italian = dict(original("it"))
    del italian["histogram.xlabel"]
    monkeypatch.setattr(FIGURE_STRINGS, "table", lambda lang: italian if lang == "it" else original(lang))
    assert text("histogram.xlabel", "it") == "Value"
    assert FIGURE_STRINGS.missing("it") == ["histogram.xlabel"]


def test_the_package_imports_its_modules_only_when_a_name_is_used():
    import subprocess
    import sys

    import batchnorm_explained

    code = "import sys, batchnorm_explained.locales as l; print(l.languages()[0].code, 'torch' in sys.modules, 'matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == [
        "en",
        "False",
        "False",
    ]
    assert sorted(batchnorm_explained._MODULES) == sorted(batchnorm_explained.__all__)
    for name in batchnorm_explained.__all__:  # each public name resolves to what its module defines
        module = __import__(f"batchnorm_explained.{batchnorm_explained._MODULES[name]}", fromlist=[name])
        assert getattr(batchnorm_explained, name) is getattr(module, name)
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        batchnorm_explained.missing  # noqa: B018 (the attribute access is the test)


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ["min = ", "max = ", "mean = ", "var = "]), ("it", ["min = ", "max = ", "media = ", "varianza = "])]
)
def test_describe_batch_titles_the_histogram_with_its_statistics(lang, words):
    x = make_batch(seed=0)
    figure = describe_batch(x, lang=lang)
    (ax,) = figure.axes
    title = ax.get_title()
    for word in words:
        assert word in title
    stats = batch_summary(x)
    for key in ("min", "max", "mean", "var"):
        assert format_number(stats[key], lang) in title
    assert ax.get_xlabel() == text("histogram.xlabel", lang)
    # One filled outline of 50 bins: its area, in bins, counts every value once.
    (outline,) = ax.patches
    xs, ys = outline.get_xy().T
    area = 0.5 * abs(np.dot(xs, np.roll(ys, 1)) - np.dot(ys, np.roll(xs, 1)))
    assert area / ((x.max() - x.min()).item() / 50) == pytest.approx(x.numel())


def test_batch_summary_uses_the_unbiased_variance_like_the_notebook():
    x = torch.tensor([1.0, 2.0, 6.0])
    assert batch_summary(x)["var"] == pytest.approx(7.0)


def test_the_sweep_is_a_3x3_grid_with_mean_beta_and_std_gamma():
    figure = plot_gamma_beta_sweep(make_batch(seed=0), lang="it")
    assert len(figure.axes) == 9
    titles = [ax.get_title() for ax in figure.axes]
    for index, (gamma, beta) in enumerate((g, b) for g in (1, 10, 100) for b in (0, 10, 100)):
        assert titles[index].startswith(f"γ = {gamma}, β = {beta}\n")
        assert f"media = {format_number(beta, 'it')}, dev. std. = {format_number(gamma, 'it')}" in titles[index]
    assert figure.get_suptitle() == text("sweep.title", "it")


def test_plots_return_figures_without_touching_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    describe_batch(make_batch(3, 4, 4))
    plot_gamma_beta_sweep(make_batch(3, 4, 4), gammas=(1, 2), betas=(0,))
    assert plt.get_fignums() == before
    assert isinstance(describe_batch(make_batch(3, 4, 4)), matplotlib.figure.Figure)


def test_an_empty_sweep_axis_is_refused():
    with pytest.raises(ValueError, match=r"gammas must hold at least one value, got \(\)"):
        plot_gamma_beta_sweep(make_batch(3, 4, 4), gammas=())
