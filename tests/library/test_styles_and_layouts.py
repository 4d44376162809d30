"""Figures for dark pages and narrow screens: the library's colour schemes and stacked layouts."""

from __future__ import annotations

import matplotlib as mpl
import pytest
from matplotlib.colors import to_hex

from batchnorm_explained import TrainingRun, describe_batch, figure_style, make_batch, plot_figure1, plot_gamma_beta_sweep, text
from batchnorm_explained.styles import SCHEMES

WITHOUT_BN = TrainingRun(False, (0, 100), (0.1, 0.2), ((0.0, 0.1, 0.2), (0.1, 0.2, 0.3)), 0)
WITH_BN = TrainingRun(True, (0, 100), (0.1, 0.9), ((0.0, 0.1, 0.2), (-1.0, 0.0, 1.0)), 0)


def luminance(color) -> float:
    red, green, blue = mpl.colors.to_rgb(color)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_dark_scheme_draws_light_text_and_bars_on_the_dark_pages_background():
    with figure_style("dark"):
        figure = describe_batch(make_batch(seed=0))
    (ax,) = figure.axes
    assert to_hex(figure.get_facecolor()) == "#1e2029"  # Material's slate background
    assert luminance(ax.title.get_color()) > 0.7 and luminance(ax.xaxis.label.get_color()) > 0.7
    assert luminance(ax.patches[0].get_facecolor()) > luminance(mpl.rcParamsDefault["axes.prop_cycle"].by_key()["color"][0])


def test_the_light_scheme_is_matplotlibs_default_whatever_the_rcparams_in_force():
    with mpl.rc_context({"figure.facecolor": "black", "text.color": "yellow"}), figure_style("light"):
        figure = describe_batch(make_batch(seed=0))
    assert to_hex(figure.get_facecolor()) == "#ffffff"
    assert to_hex(figure.axes[0].title.get_color()) == to_hex(mpl.rcParamsDefault["text.color"])


def test_a_style_only_lasts_inside_its_context_and_an_unknown_one_is_refused():
    before = dict(mpl.rcParams)
    with figure_style("dark"):
        pass
    assert dict(mpl.rcParams) == before
    assert SCHEMES == ("light", "dark")
    with pytest.raises(ValueError, match=r"scheme must be one of 'light', 'dark', got 'sepia'"):
        figure_style("sepia")


def test_figure_1_stacks_its_panels_in_one_column_with_its_legend_in_panel_a():
    figure = plot_figure1(WITHOUT_BN, WITH_BN, lang="it", columns=1)
    accuracy, without, with_bn = figure.axes
    assert [ax.get_title() for ax in figure.axes] == [
        text(key, "it") for key in ("figure1.accuracy_title", "figure1.without_title", "figure1.with_title")
    ]
    boxes = [ax.get_position() for ax in figure.axes]
    assert boxes[0].y0 > boxes[1].y0 > boxes[2].y0  # one above the other
    assert all(abs(box.x0 - boxes[0].x0) < 0.05 for box in boxes)
    assert accuracy.get_legend() is not None and not figure.legends
    assert figure.get_size_inches()[0] < 3.5  # as wide as a phone's column
    assert without.get_ylim() == with_bn.get_ylim()


def test_figure_1_side_by_side_is_the_papers_layout():
    figure = plot_figure1(WITHOUT_BN, WITH_BN)
    boxes = [ax.get_position() for ax in figure.axes]
    assert boxes[0].x0 < boxes[1].x0 < boxes[2].x0
    assert len(figure.legends) == 1


@pytest.mark.parametrize("columns", [0, 4, 2.5])
def test_figure_1_refuses_a_layout_it_cannot_draw(columns):
    with pytest.raises((ValueError, TypeError), match="columns"):
        plot_figure1(WITHOUT_BN, WITH_BN, columns=columns)


def test_the_sweep_stacks_its_panels_in_reading_order_with_larger_ticks():
    grid = plot_gamma_beta_sweep(make_batch(seed=0), lang="it")
    stacked = plot_gamma_beta_sweep(make_batch(seed=0), lang="it", columns=1)
    assert [ax.get_title() for ax in stacked.axes] == [ax.get_title() for ax in grid.axes]
    assert len({round(ax.get_position().x0, 3) for ax in stacked.axes}) == 1
    tick = stacked.axes[0].xaxis.get_major_ticks()[0].label1.get_fontsize()
    assert tick > grid.axes[0].xaxis.get_major_ticks()[0].label1.get_fontsize()
    assert stacked.get_size_inches()[0] < 3.5


def test_the_sweep_leaves_no_empty_panel_in_a_row_it_does_not_fill():
    figure = plot_gamma_beta_sweep(make_batch(3, 4, 4), gammas=(1, 2), betas=(0,), columns=3)
    assert len(figure.axes) == 2
    with pytest.raises(ValueError, match="columns must be a positive integer, got 0"):
        plot_gamma_beta_sweep(make_batch(3, 4, 4), columns=0)
