"""What the library refuses, each with an error naming the parameter and its value, where it would otherwise go silently wrong or hang."""

from __future__ import annotations

import math

import pytest
import torch

from batchnorm_explained import (
    BatchNorm,
    _checks,
    batch_norm,
    batch_norm_backward,
    batch_statistics,
    batch_statistics_noise,
    batch_summary,
    describe_batch,
    dropout_variance_shift,
    format_number,
    group_norm,
    instance_norm,
    layer_norm,
    make_batch,
    normalize_whole,
    plot_gamma_beta_sweep,
    rms_norm,
    sweep_learning_rates,
    text,
    train_digits,
)

TRANSFORMS = {
    "normalize_whole": normalize_whole,
    "batch_norm": batch_norm,
    "batch_norm_backward": lambda x, eps=1e-5: batch_norm_backward(torch.ones_like(x), x, eps=eps),
    "layer_norm": lambda x, eps=1e-5: layer_norm(x, x.shape[1:], eps=eps),
    "group_norm": lambda x, eps=1e-5: group_norm(x, 1, eps=eps),
    "instance_norm": lambda x, eps=1e-5: instance_norm(x, eps=eps),
    "rms_norm": lambda x, eps=1e-5: rms_norm(x, x.shape[-1], eps=eps),
}


def batch(value: float = 0.0, index: tuple[int, ...] = (1, 0, 2)) -> torch.Tensor:
    x = torch.randn(4, 3, 5, generator=torch.Generator().manual_seed(0))  # (N, C, L)
    x[index] = value
    return x


@pytest.mark.parametrize("name", TRANSFORMS)
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_the_transforms_refuse_a_nan_or_infinite_input_naming_the_first(name, value):
    with pytest.raises(ValueError, match=rf"x must be finite, got 1 NaN or infinite value\(s\), the first {value} at index \(1, 0, 2\)"):
        TRANSFORMS[name](batch(value))


def test_the_backward_pass_refuses_a_nan_gradient():
    grad_y = batch(math.nan)
    with pytest.raises(ValueError, match=r"grad_y must be finite, got 1 NaN or infinite value\(s\), the first nan at index \(1, 0, 2\)"):
        batch_norm_backward(grad_y, batch())


@pytest.mark.parametrize("name", TRANSFORMS)
def test_values_whose_variance_overflows_float32_are_refused_rather_than_normalized_to_zeros(name):
    x = torch.tensor([[[-3e38, 3e38, 1e38, -1e38]], [[2e38, -2e38, 0.0, 1.0]]])  # (2, 1, 4), float32
    with pytest.raises(ValueError, match=r"of x overflows torch.float32 \(its largest magnitude is 3e\+38\).* x\.double\(\)"):
        TRANSFORMS[name](x)
    y = TRANSFORMS[name](x.double())  # what the message advises works
    assert torch.isfinite(y[0] if isinstance(y, tuple) else y).all()


@pytest.mark.parametrize("name", TRANSFORMS)
def test_a_constant_input_with_eps_zero_is_refused_rather_than_divided_zero_by_zero(name):
    x = torch.zeros(2, 2, 3)  # constant everywhere: every variance (and mean square) is 0
    with pytest.raises(
        ValueError, match=r"x has a (variance|mean square) of 0.* and eps=0, so normalizing would divide 0 by 0; use eps > 0"
    ):
        TRANSFORMS[name](x, eps=0.0)
    assert torch.isfinite(TRANSFORMS[name](x, eps=1e-5)[0]).all()  # the default ε handles it


def test_batch_norm_names_the_constant_feature():
    x = torch.tensor([[1.0, 5.0, 2.0], [3.0, 5.0, 4.0]])
    with pytest.raises(ValueError, match=r"x has a variance of 0 \(feature 1\) and eps=0"):
        batch_norm(x, eps=0.0)


def statistics(layer: BatchNorm) -> list[torch.Tensor]:
    return [layer.running_mean.clone(), layer.running_var.clone(), layer.num_batches_tracked.clone()]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (batch(math.nan), r"x must be finite, got 1 NaN or infinite value\(s\), the first nan at index \(1, 0, 2\)"),
        (batch(math.inf), r"x must be finite"),
        (torch.tensor([[-3e38, 1.0, 1.0], [3e38, 2.0, 2.0]]), r"the variance of x overflows torch.float32"),
        # Finite statistics, but the unbiased variance σ²_B · m/(m − 1) overflows.
        (torch.tensor([[-1.35e19, 1.0, 1.0], [1.35e19, 2.0, 2.0]]), r"x would make running_var of feature 0 inf; the batch is refused"),
    ],
)
def test_a_training_batch_that_would_spoil_the_running_statistics_is_refused_and_leaves_them_unchanged(bad, message):
    layer = BatchNorm(3)
    layer(torch.randn(8, 3, 5) if bad.dim() == 3 else torch.randn(8, 3))
    before = statistics(layer)
    with pytest.raises(ValueError, match=message):
        layer(bad)
    assert all(torch.equal(old, new) for old, new in zip(before, statistics(layer), strict=True))
    layer.eval()
    assert torch.isfinite(layer(torch.randn(4, 3))).all()  # later predictions are not NaN


def test_in_eval_mode_a_nan_input_gives_nan_outputs_as_in_torch_and_changes_nothing():
    ours, theirs = BatchNorm(3).eval(), torch.nn.BatchNorm1d(3).eval()
    x = batch(math.nan)
    assert torch.equal(torch.isnan(ours(x)), torch.isnan(theirs(x)))
    assert torch.equal(ours.running_mean, torch.zeros(3)) and ours.num_batches_tracked.item() == 0


def test_batch_statistics_refuses_an_empty_batch():
    with pytest.raises(ValueError, match=r"x must have at least one value per feature to have statistics, got shape \(0, 3\)"):
        batch_statistics(torch.empty(0, 3))


def test_make_batch_refuses_a_batch_larger_than_the_machines_memory(monkeypatch):
    with pytest.raises(
        ValueError, match=r"make_batch\(batch_size=1000000000000, height=1000, width=1000\) needs .* GB of memory at its peak"
    ):
        make_batch(10**12, 1000, 1000)
    monkeypatch.setattr(_checks.os, "sysconf", lambda name: 2**20 if name == "SC_PAGE_SIZE" else 1024)  # 1 GiB
    with pytest.raises(ValueError, match=r"make_batch\(batch_size=1000000000, height=1, width=1\) needs 28.0 GB .* this machine's 1.1 GB"):
        make_batch(10**9, 1, 1)
    assert make_batch(4, 8, 8).shape == (4, 8, 8)


def test_batch_statistics_noise_refuses_draws_larger_than_the_machines_memory():
    with pytest.raises(ValueError, match=r"batch_statistics_noise\(batch_sizes=\(4, 64\), draws=1000000000000, units=10\) needs"):
        batch_statistics_noise((4, 64), draws=10**12)


def test_a_sweep_of_more_than_100_panels_is_refused_before_drawing():
    x = make_batch(4, 4, 4)
    with pytest.raises(ValueError, match=r"len\(gammas\) × len\(betas\) = 200 × 200 must be at most 100 \(MAX_SWEEP_PANELS panels"):
        plot_gamma_beta_sweep(x, gammas=range(200), betas=range(200))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: train_digits(batch_norm=True, steps=10**12), r"steps must be at most 100,000 \(MAX_STEPS, .*\), got 1,000,000,000,000"),
        (
            lambda: sweep_learning_rates(batch_norm=True, learning_rates=(0.1,) * 1000),
            r"len\(learning_rates\) × steps must be at most 100,000",
        ),
        (lambda: dropout_variance_shift(batches=10**9), r"batches must be at most 100,000 \(MAX_BATCHES\), got 1,000,000,000"),
        (lambda: dropout_variance_shift(batch_size=10**9), r"batch_size must be at most 1,000,000 \(MAX_BATCH_SIZE\)"),
    ],
)
def test_step_counts_beyond_the_documented_limit_are_refused_at_once(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("function", [batch_summary, describe_batch])
def test_a_batch_summary_refuses_non_finite_values_rather_than_titling_a_figure_nan(function):
    with pytest.raises(ValueError, match=r"x must be finite, got 1 NaN or infinite value\(s\), the first inf at index \(1, 0, 2\)"):
        function(batch(math.inf))


def test_format_number_and_text_name_what_is_wrong():
    with pytest.raises(TypeError, match=r"value must be a real number, got '3' \(str\)"):
        format_number("3")
    with pytest.raises(
        KeyError,
        match=r"string 'stats.mean_std' needs a value for each of its placeholders \['mean', 'std'\], got none for \['mean', 'std'\]",
    ):
        text("stats.mean_std", "it")
