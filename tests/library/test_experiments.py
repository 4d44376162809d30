"""The experiments after the paper: learning rates, batch noise, variance shift, and their figures."""

from __future__ import annotations

import itertools
import math

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from batchnorm_explained import (
    BatchNoise,
    LearningRateSweep,
    VarianceShift,
    batch_statistics_noise,
    dropout_variance_shift,
    plot_batch_noise,
    plot_learning_rate_sweep,
    plot_normalization_axes,
    plot_variance_shift,
    sweep_learning_rates,
    text,
    train_digits,
)


@pytest.fixture(scope="module")
def sweeps() -> tuple[LearningRateSweep, LearningRateSweep]:
    """The default sweeps, as the site runs them: about 2.3 s of training."""
    return sweep_learning_rates(batch_norm=False), sweep_learning_rates(batch_norm=True)


def test_batch_normalization_trains_at_learning_rates_where_the_plain_network_fails(sweeps):
    without_bn, with_bn = sweeps
    assert without_bn.learning_rates == with_bn.learning_rates == (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
    assert without_bn.largest_trainable == 1.0
    assert with_bn.largest_trainable == 30.0  # 30 times larger, on this grid
    assert without_bn.trains == (True, True, True, False, False, False, False)
    assert with_bn.trains == (True, True, True, True, True, True, False)
    # Far from the threshold on both sides: what fails is near chance (10 classes), what
    # trains is well above it, so the verdicts do not hinge on the threshold's exact value.
    for sweep in sweeps:
        failed = [accuracy for accuracy, trains in zip(sweep.accuracy, sweep.trains, strict=True) if not trains]
        trained = [accuracy for accuracy, trains in zip(sweep.accuracy, sweep.trains, strict=True) if trains]
        assert max(failed) < 0.2 and min(trained) > 0.7


def test_each_run_of_a_sweep_is_train_digits_at_that_rate_and_the_grid_is_sorted(sweeps):
    with_bn = sweeps[1]
    again = sweep_learning_rates(batch_norm=True, learning_rates=[10, 3])
    assert again.learning_rates == (3.0, 10.0)
    assert again.accuracy == with_bn.accuracy[3:5]  # deterministic, and independent of the grid
    run = train_digits(batch_norm=True, steps=200, learning_rate=3.0, init_std=1.0, eval_every=200)
    assert run.accuracy[-1] == with_bn.accuracy[3]


def test_a_sweep_in_which_nothing_trains_has_no_largest_rate():
    sweep = LearningRateSweep(False, (1.0, 2.0), (0.1, 0.2), 10, 0.5)
    assert sweep.trains == (False, False) and sweep.largest_trainable is None


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"learning_rates": ()}, ValueError, r"learning_rates must hold at least one learning rate, got \(\)"),
        ({"learning_rates": (0.1, -1.0)}, ValueError, r"learning_rates must be positive, got -1.0"),
        ({"learning_rates": (0.1, "1")}, TypeError, r"learning_rates must be a real number, got '1' \(str\)"),
        ({"threshold": 1.5}, ValueError, r"threshold must be an accuracy from 0 to 1, got 1.5"),
        ({"steps": 0}, ValueError, r"steps must be a positive integer, got 0"),
        ({"init_std": 0.0}, ValueError, r"init_std must be positive, got 0.0"),
    ],
)
def test_a_bad_sweep_is_refused_with_the_parameter_and_value(arguments, error, message):
    with pytest.raises(error, match=message):
        sweep_learning_rates(batch_norm=True, **arguments)


@pytest.fixture(scope="module")
def noise() -> BatchNoise:
    return batch_statistics_noise()


def test_the_noise_of_the_batch_mean_is_sigma_over_root_m(noise):
    assert noise.batch_sizes == (2, 4, 8, 16, 32, 64, 128) and noise.draws == 1000 and noise.units == 10
    for m, mean_noise in zip(noise.batch_sizes, noise.mean_noise, strict=True):
        assert mean_noise * math.sqrt(m) == pytest.approx(1.0, abs=0.05)
    assert noise.mean_noise[0] / noise.mean_noise[-1] == pytest.approx(8.0, rel=0.05)  # √(128/2)
    # σ²_B is about as noisy and, past the smallest batches (where σ²_B is squeezed against
    # 0), falls as 1/√m too: √m times its spread stays within 10% of a constant.
    assert all(later < earlier for earlier, later in itertools.pairwise(noise.var_noise))
    scaled = [value * math.sqrt(m) for m, value in zip(noise.batch_sizes, noise.var_noise, strict=True) if m >= 8]
    assert max(scaled) / min(scaled) < 1.1 and 0.9 < min(scaled) < 1.5


def test_the_batch_variance_is_biased_low_by_m_minus_1_over_m(noise):
    for m, bias in zip(noise.batch_sizes, noise.var_bias, strict=True):
        assert bias == pytest.approx((m - 1) / m, abs=0.03)  # what Algorithm 2's m/(m − 1) undoes


def test_the_noise_experiment_is_deterministic_and_sorts_its_sizes(noise):
    assert batch_statistics_noise() == noise
    small = batch_statistics_noise((8, 2), draws=50, units=3, seed=1)
    assert small.batch_sizes == (2, 8) and small.units == 3 and small != batch_statistics_noise((8, 2), draws=50, units=3, seed=2)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"batch_sizes": (1, 4)}, ValueError, r"batch_sizes must be integers >= 2 .* got \(1, 4\)"),
        ({"batch_sizes": ()}, ValueError, r"batch_sizes must be integers >= 2"),
        ({"batch_sizes": (2.0,)}, TypeError, r"batch_sizes must be an integer, got 2.0"),
        ({"draws": 1}, ValueError, r"draws must be at least 2 to have a spread, got 1"),
        ({"units": 101}, ValueError, r"units must be from 1 to 100, got 101"),
        ({"init_std": -1.0}, ValueError, r"init_std must be positive, got -1.0"),
        ({"seed": -1}, ValueError, r"seed must be non-negative, got -1"),
    ],
)
def test_a_bad_noise_experiment_is_refused_with_the_parameter_and_value(arguments, error, message):
    with pytest.raises(error, match=message):
        batch_statistics_noise(**arguments)


def test_dropout_before_batch_norm_shrinks_its_output_at_inference_as_li_et_al_predict():
    shift = dropout_variance_shift()
    assert shift.drop_rates == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
    for measured, predicted in zip(shift.output_std, shift.predicted_std, strict=True):
        assert measured == pytest.approx(predicted, abs=0.015)
    assert shift.output_std[0] == pytest.approx(1.0, abs=0.01) and shift.output_std[-1] < 0.72
    assert dropout_variance_shift() == shift


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"drop_rates": (0.0, 1.0)},
            ValueError,
            r"drop_rates must be dropout rates from 0 \(included\) to 1 \(excluded\), got \(0.0, 1.0\)",
        ),
        ({"drop_rates": (-0.1,)}, ValueError, r"drop_rates must be dropout rates"),
        ({"drop_rates": ()}, ValueError, r"drop_rates must be dropout rates"),
        ({"drop_rates": (math.nan,)}, ValueError, r"drop_rates must be finite, got nan"),
        ({"batch_size": 1}, ValueError, r"batch_size must be at least 2 \(a variance needs two values\), got 1"),
        ({"features": 0}, ValueError, r"features must be a positive integer, got 0"),
        ({"batches": 2.5}, TypeError, r"batches must be an integer, got 2.5"),
    ],
)
def test_a_bad_variance_shift_experiment_is_refused(arguments, error, message):
    with pytest.raises(error, match=message):
        dropout_variance_shift(**arguments)


# The figures: Figures, never pyplot; labelled in the reader's language.

SWEEPS = (
    LearningRateSweep(False, (0.1, 1.0, 10.0), (0.9, 0.95, 0.1), 200, 0.5),
    LearningRateSweep(True, (0.1, 1.0, 10.0), (0.9, 0.96, 0.97), 200, 0.5),
)
NOISE = BatchNoise((2, 8, 32), (0.7, 0.35, 0.18), (0.67, 0.43, 0.23), (0.5, 0.87, 0.97), 1000, 10)
SHIFT = VarianceShift((0.0, 0.25, 0.5), (1.0, 0.87, 0.71), 100, 64, 16)


def draw_all(lang: str) -> list[Figure]:
    return [
        plot_learning_rate_sweep(*SWEEPS, lang=lang),
        plot_batch_noise(NOISE, lang=lang),
        plot_variance_shift(SHIFT, lang=lang),
        plot_normalization_axes(lang=lang),
    ]


def test_the_figures_are_figures_made_without_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    figures = draw_all("en")
    assert plt.get_fignums() == before
    assert all(isinstance(figure, Figure) for figure in figures)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_experiment_figures_are_labelled_in_the_readers_language(lang):
    rates, noise, shift, _ = draw_all(lang)
    ax = rates.axes[0]
    assert ax.get_xlabel() == text("learning_rates.xlabel", lang)
    assert ax.get_ylabel() == text("learning_rates.ylabel", lang, steps="200")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        text("figure1.without_bn", lang),
        text("figure1.with_bn", lang),
        text("learning_rates.threshold", lang, threshold="0.5" if lang == "en" else "0,5"),
    ]
    marks = [child.get_text() for child in ax.texts]
    assert marks == [text("learning_rates.largest", lang, rate="1"), text("learning_rates.largest", lang, rate="10")]
    assert ax.xaxis.get_major_formatter()(0.1, 0) == ("0.1" if lang == "en" else "0,1")
    assert noise.axes[0].get_xlabel() == text("batch_noise.xlabel", lang)
    assert noise.axes[0].get_ylabel() == text("batch_noise.ylabel", lang, draws="1,000" if lang == "en" else "1.000")
    assert [t.get_text() for t in noise.axes[0].get_legend().get_texts()] == [
        text(f"batch_noise.{key}", lang) for key in ("reference", "mean", "var")
    ]
    assert shift.axes[0].get_xlabel() == text("variance_shift.xlabel", lang)
    assert [t.get_text() for t in shift.axes[0].get_legend().get_texts()] == [
        text(f"variance_shift.{key}", lang) for key in ("training", "predicted", "measured")
    ]
    assert text("learning_rates.xlabel", "it") != text("learning_rates.xlabel", "en")


def test_the_sweep_figure_refuses_swapped_or_mismatched_sweeps():
    with pytest.raises(ValueError, match="without_bn must be a sweep without batch normalization"):
        plot_learning_rate_sweep(SWEEPS[1], SWEEPS[0])
    other = LearningRateSweep(True, (0.1, 1.0, 10.0), (0.9, 0.96, 0.97), 300, 0.5)
    with pytest.raises(ValueError, match="the sweeps must share learning rates, steps and threshold"):
        plot_learning_rate_sweep(SWEEPS[0], other)


def shaded_cells(ax) -> tuple[int, int, int]:
    """Count the shaded cells of the front, top and side faces of a cube panel."""
    counts = []
    plain = np.array(to_rgb(matplotlib.rcParams["axes.facecolor"]))
    for collection, light in zip([c for c in ax.collections if isinstance(c, PolyCollection)], (1.0, 0.85, 0.7), strict=True):
        colors = collection.get_facecolors()[:, :3]
        counts.append(int(np.sum(~np.all(np.isclose(colors, plain * light), axis=1))))
    return tuple(counts)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_cubes_shade_the_values_that_share_statistics(lang):
    figure = plot_normalization_axes(lang=lang)
    panels = figure.axes[:5]
    keys = ("batch", "layer", "instance", "group", "rms")
    assert [ax.get_title() for ax in panels] == [text(f"normalization_axes.{key}", lang) for key in keys]
    # (front = example 0: C × H·W cells, top: N × C, side: N × H·W), with N = 4, C = 6, H·W = 4.
    expected = {"batch": (4, 4, 0), "layer": (24, 6, 4), "instance": (4, 1, 0), "group": (8, 2, 0), "rms": (24, 6, 4)}
    assert [shaded_cells(ax) for ax in panels] == [expected[key] for key in keys]
    legend = figure.axes[5].get_legend()  # the key fills the sixth slot of the 3 × 2 grid
    assert [t.get_text() for t in legend.get_texts()] == [
        text(f"normalization_axes.{key}", lang) for key in ("shaded", "axis_n", "axis_c", "axis_hw")
    ]


def test_the_cubes_can_stand_in_one_row_and_take_their_colours_from_rcparams():
    with matplotlib.rc_context({"axes.prop_cycle": matplotlib.cycler(color=["#ff8800"]), "axes.facecolor": "#202020"}):
        figure = plot_normalization_axes(columns=5)
    assert len(figure.axes) == 5 and len(figure.legends) == 1  # the key goes below the row
    front = figure.axes[0].collections[0].get_facecolors()[:, :3]
    assert np.allclose(front[0], to_rgb("#ff8800")) and np.allclose(front[-1], to_rgb("#202020"))
    for columns, error in ((0, ValueError), (6, ValueError), (2.0, TypeError)):
        with pytest.raises(error, match="columns"):
            plot_normalization_axes(columns=columns)
