"""The Figure 1 experiment: the NumPy network against torch, its errors, and the claims the page makes."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from helpers import ROOT

from batchnorm_explained import (
    TrainingRun,
    load_digit_split,
    plot_figure1,
    text,
    train_digits,
)
from batchnorm_explained.figure1 import HIDDEN, _Network
from sitebuild.outputs import training


def _torch_twin(network: _Network, batch_norm: bool, placement: str = "before") -> torch.nn.Sequential:
    # The same network in torch, with the NumPy network's current weights.
    layers = []
    after = batch_norm and placement == "after"
    for index in range(len(HIDDEN) + 1):
        weight = torch.tensor(network.weights[index].T.astype(np.float64))
        last = index == len(HIDDEN)
        linear = torch.nn.Linear(*reversed(weight.shape), bias=last or not batch_norm or after, dtype=torch.float64)
        linear.weight.data.copy_(weight)
        if linear.bias is not None:
            linear.bias.data.copy_(torch.tensor(network.biases[index].astype(np.float64)))
        layers.append(linear)
        if not last:
            if after:
                layers.append(torch.nn.Sigmoid())
            if batch_norm:
                norm = torch.nn.BatchNorm1d(weight.shape[0], eps=network.eps, dtype=torch.float64)
                norm.weight.data.copy_(torch.tensor(network.gammas[index].astype(np.float64)))
                norm.bias.data.copy_(torch.tensor(network.betas[index].astype(np.float64)))
                layers.append(norm)
            if not after:
                layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize(("batch_norm", "placement"), [(False, "before"), (True, "before"), (True, "after")])
def test_one_training_step_equals_torch_autograd_and_batchnorm1d(batch_norm, placement):
    rng = np.random.default_rng(3)
    network = _Network(64, rng, 0.5, batch_norm, 1e-5, placement)
    if placement == "after":  # biases away from 0, where a gradient that forgot them would still agree
        network.biases = [rng.uniform(-1.0, 1.0, bias.shape).astype(np.float32) for bias in network.biases]
    # γ and β away from 1 and 0, where a gradient that forgot one of them would still agree.
    network.gammas = [rng.uniform(0.5, 2.0, size).astype(np.float32) for size in HIDDEN]
    network.betas = [rng.uniform(-1.0, 1.0, size).astype(np.float32) for size in HIDDEN]
    twin = _torch_twin(network, batch_norm, placement)
    images = rng.random((60, 64)).astype(np.float32)
    labels = rng.integers(0, 10, 60)

    network.train_step(images, labels, learning_rate=0.1)
    loss = torch.nn.functional.cross_entropy(twin(torch.tensor(images, dtype=torch.float64)), torch.tensor(labels))
    loss.backward()
    with torch.no_grad():
        for parameter in twin.parameters():
            parameter -= 0.1 * parameter.grad

    linears = [layer for layer in twin if isinstance(layer, torch.nn.Linear)]
    for index, linear in enumerate(linears):
        np.testing.assert_allclose(network.weights[index].T, linear.weight.detach().numpy(), rtol=0, atol=2e-6)
    if batch_norm:
        norms = [layer for layer in twin if isinstance(layer, torch.nn.BatchNorm1d)]
        for index, norm in enumerate(norms):
            np.testing.assert_allclose(network.gammas[index], norm.weight.detach().numpy(), atol=2e-6)
            np.testing.assert_allclose(network.betas[index], norm.bias.detach().numpy(), atol=2e-6)
    if not batch_norm or placement == "after":
        for index, linear in enumerate(linears[:-1]):
            np.testing.assert_allclose(network.biases[index], linear.bias.detach().numpy(), atol=2e-6)


def test_evaluation_uses_the_population_statistics_of_algorithm_2():
    rng = np.random.default_rng(4)
    network = _Network(64, rng, 0.5, True, 1e-5)
    network.gammas = [rng.uniform(0.5, 2.0, size).astype(np.float32) for size in HIDDEN]
    for _ in range(3):
        network.train_step(rng.random((60, 64)).astype(np.float32), rng.integers(0, 10, 60), learning_rate=0.1)
    training = rng.random((130, 64)).astype(np.float32)  # two mini-batches of 60; the last 10 are left out
    population = network.population_statistics(training, 60)

    # Algorithm 2 by hand with torch: the training network on each mini-batch, then
    # E[x] = mean of the batch means and Var[x] = m/(m − 1) · mean of the batch variances.
    twin = _torch_twin(network, True)
    for norm in (layer for layer in twin if isinstance(layer, torch.nn.BatchNorm1d)):
        norm.momentum = None  # cumulative average: the mean over the batches it sees
        norm.reset_running_stats()
    with torch.no_grad():
        for batch in (training[:60], training[60:120]):
            twin(torch.tensor(batch, dtype=torch.float64))
    norms = [layer for layer in twin if isinstance(layer, torch.nn.BatchNorm1d)]
    for (mean, var), norm in zip(population, norms, strict=True):
        np.testing.assert_allclose(mean, norm.running_mean.numpy(), atol=1e-5)
        np.testing.assert_allclose(var, norm.running_var.numpy(), rtol=1e-4)

    images = rng.random((40, 64)).astype(np.float32)
    labels = rng.integers(0, 10, 40)
    accuracy, sigmoid_input = network.evaluate(images, labels, 7, population)
    twin.eval()  # BatchNorm1d in eval mode normalizes with those running statistics
    with torch.no_grad():
        hidden = twin[:-2](torch.tensor(images, dtype=torch.float64))  # up to the last BN, before its sigmoid
        logits = twin(torch.tensor(images, dtype=torch.float64))
    np.testing.assert_allclose(sigmoid_input, hidden[:, 7].numpy(), atol=1e-4)
    assert accuracy == pytest.approx((logits.argmax(1).numpy() == labels).mean())


@pytest.mark.parametrize("placement", ["before", "after"])
def test_population_statistics_and_batch_statistics_evaluation_match_torch(placement):
    rng = np.random.default_rng(6)
    network = _Network(64, rng, 0.5, True, 1e-5, placement)
    network.biases = [rng.uniform(-1.0, 1.0, bias.shape).astype(np.float32) for bias in network.biases]
    if placement == "before":
        network.biases[:-1] = [np.zeros_like(bias) for bias in network.biases[:-1]]  # no bias before BN
    network.gammas = [rng.uniform(0.5, 2.0, size).astype(np.float32) for size in HIDDEN]
    training = rng.random((120, 64)).astype(np.float32)
    population = network.population_statistics(training, 40)
    twin = _torch_twin(network, True, placement)
    for norm in (layer for layer in twin if isinstance(layer, torch.nn.BatchNorm1d)):
        norm.momentum = None
        norm.reset_running_stats()
    with torch.no_grad():
        for start in range(0, 120, 40):
            twin(torch.tensor(training[start : start + 40], dtype=torch.float64))
    norms = [layer for layer in twin if isinstance(layer, torch.nn.BatchNorm1d)]
    for (mean, var), norm in zip(population, norms, strict=True):
        np.testing.assert_allclose(mean, norm.running_mean.numpy(), atol=1e-5)
        np.testing.assert_allclose(var, norm.running_var.numpy(), rtol=1e-4, atol=1e-7)

    images = rng.random((50, 64)).astype(np.float32)
    labels = rng.integers(0, 10, 50)
    # The sigmoid's input: after the BN before it, before the sigmoid after the linear layer.
    cut = -2 if placement == "before" else -3
    for mode in ("eval", "train"):  # the population's statistics, then the test batch's own
        twin.train(mode == "train")
        with torch.no_grad():
            hidden = twin[:cut](torch.tensor(images, dtype=torch.float64))
            logits = twin(torch.tensor(images, dtype=torch.float64))
        accuracy, sigmoid_input = network.evaluate(images, labels, 3, population if mode == "eval" else None)
        np.testing.assert_allclose(sigmoid_input, hidden[:, 3].numpy(), atol=1e-4)
        assert accuracy == pytest.approx((logits.argmax(1).numpy() == labels).mean())


@pytest.mark.parametrize("placement", ["before", "after"])
def test_running_averages_follow_torch_batchnorm1d_momentum(placement):
    rng = np.random.default_rng(8)
    network = _Network(64, rng, 0.5, True, 1e-5, placement, momentum=0.3)
    twin = _torch_twin(network, True, placement)
    norms = [layer for layer in twin if isinstance(layer, torch.nn.BatchNorm1d)]
    for norm in norms:
        norm.momentum = 0.3
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.1)
    for _ in range(4):
        images, labels = rng.random((30, 64)).astype(np.float32), rng.integers(0, 10, 30)
        network.train_step(images, labels, learning_rate=0.1)
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(twin(torch.tensor(images, dtype=torch.float64)), torch.tensor(labels)).backward()
        optimizer.step()
    for (mean, var), norm in zip(network.running, norms, strict=True):
        np.testing.assert_allclose(mean, norm.running_mean.numpy(), atol=1e-5)
        np.testing.assert_allclose(var, norm.running_var.numpy(), rtol=1e-4, atol=1e-7)


def test_the_new_options_leave_the_default_run_alone_and_change_what_they_should():
    base = train_digits(batch_norm=True, steps=200, eval_every=100, seed=2)
    assert base == train_digits(batch_norm=True, steps=200, eval_every=100, seed=2, placement="before", momentum=None)
    assert base.placement == "before" and base.momentum is None and len(base.batch_accuracy) == 3
    after = train_digits(batch_norm=True, steps=200, eval_every=100, seed=2, placement="after")
    running = train_digits(batch_norm=True, steps=200, eval_every=100, seed=2, momentum=0.1)
    assert after.percentiles != base.percentiles and running.percentiles != base.percentiles
    # The running averages start at 0 and 1: before training they normalize nothing.
    assert running.batch_accuracy == base.batch_accuracy  # the same training: only evaluation differs
    plain = train_digits(batch_norm=False, steps=200, eval_every=100, seed=2, placement="after")
    assert plain.batch_accuracy == plain.accuracy
    assert plain.percentiles == train_digits(batch_norm=False, steps=200, eval_every=100, seed=2).percentiles


def test_training_is_deterministic_and_records_every_evaluation():
    first = train_digits(batch_norm=True, steps=250, eval_every=100, seed=5)
    second = train_digits(batch_norm=True, steps=250, eval_every=100, seed=5)
    assert first == second
    assert first.steps == (0, 100, 200, 250)
    assert len(first.accuracy) == len(first.percentiles) == 4
    assert all(low <= middle <= high for low, middle, high in first.percentiles)
    assert first != train_digits(batch_norm=True, steps=250, eval_every=100, seed=6)


def test_the_digits_are_split_in_the_same_way_for_a_seed():
    x_train, y_train, x_test, y_test = load_digit_split(0)
    assert x_train.shape == (1400, 64) and x_test.shape == (397, 64)
    assert x_train.min() >= 0.0 and x_train.max() <= 1.0
    assert set(y_test.tolist()) == set(range(10))
    np.testing.assert_array_equal(load_digit_split(0)[1], y_train)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be a positive integer, got 0"),
        ({"steps": 2.5}, TypeError, "steps"),
        ({"batch_size": 1}, ValueError, "batch_size must be at least 2 with batch normalization"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate must be positive, got -0.1"),
        ({"init_std": float("nan")}, ValueError, "init_std must be finite"),
        ({"eps": -1.0}, ValueError, "eps must be a finite number >= 0"),
        ({"unit": 100}, ValueError, "unit must be from 0 to 99, got 100"),
        ({"unit": 1.0}, TypeError, "unit must be an integer, got 1.0"),
        ({"batch_size": 1401}, ValueError, "batch_size must be at most the 1400 training images, got 1401"),
        ({"seed": "0"}, TypeError, "seed must be an integer, got '0'"),
        ({"seed": -1}, ValueError, "seed must be non-negative, got -1"),
        ({"placement": "inside"}, ValueError, "placement must be one of ('before', 'after'), got 'inside'"),
        ({"momentum": 0.0}, ValueError, "momentum must be in (0, 1], got 0.0"),
        ({"momentum": 1.5}, ValueError, "momentum must be in (0, 1], got 1.5"),
        ({"momentum": "0.1"}, TypeError, "momentum"),
    ],
)
def test_bad_arguments_are_refused_with_their_name_and_value(arguments, error, message):
    with pytest.raises(error, match=re.escape(message)):
        train_digits(batch_norm=True, **arguments)


def test_plot_refuses_runs_passed_in_the_wrong_order():
    run = TrainingRun(False, (0,), (0.1,), ((0.0, 0.0, 0.0),), 0)
    with pytest.raises(ValueError, match="without_bn must be a run without batch normalization"):
        plot_figure1(run, run)


def test_the_figure_has_three_panels_labelled_in_the_reader_language():
    without_bn = TrainingRun(False, (0, 100), (0.1, 0.2), ((0.0, 0.1, 0.2), (0.1, 0.2, 0.3)), 0)
    with_bn = TrainingRun(True, (0, 100), (0.1, 0.9), ((0.0, 0.1, 0.2), (-1.0, 0.0, 1.0)), 0)
    figure = plot_figure1(without_bn, with_bn, lang="it")
    titles = [ax.get_title() for ax in figure.axes]
    assert titles == [text(key, "it") for key in ("figure1.accuracy_title", "figure1.without_title", "figure1.with_title")]
    assert [line.get_label() for line in figure.axes[0].get_lines()] == [text("figure1.without_bn", "it"), text("figure1.with_bn", "it")]
    assert figure.axes[2].get_legend() is None and figure.axes[1].get_legend() is not None
    assert figure.axes[1].get_ylim() == figure.axes[2].get_ylim()  # (b) and (c) on one scale


@pytest.fixture(scope="module")
def runs():
    """The build's own Figure 1 runs (from the cache the site build fills, or trained now)."""
    return training.runs()


def _at(run: TrainingRun, step: int) -> int:
    return run.steps.index(step)


def test_with_batch_normalization_the_network_learns_within_a_few_hundred_steps(runs):
    without_bn, with_bn = runs
    assert with_bn.accuracy[_at(with_bn, 500)] >= 0.95
    first_thousand = without_bn.accuracy[: _at(without_bn, 1200) + 1]
    assert max(first_thousand) <= 0.2  # "near chance for more than a thousand steps"
    assert with_bn.accuracy[-1] > without_bn.accuracy[-1]


def test_without_batch_normalization_the_sigmoid_input_drifts_and_with_it_it_stays(runs):
    without_bn, with_bn = runs
    low, _, high = without_bn.percentiles[0]
    assert high - low < 0.05  # "they start bunched together"
    medians = [middle for _, middle, _ in without_bn.percentiles]
    assert medians[0] - min(medians) > 0.3  # "drift downwards"

    def ranges(run: TrainingRun) -> list[float]:
        # How far each percentile moves once the first few hundred steps are over.
        later = run.percentiles[_at(run, 400) :]
        return [max(step[index] for step in later) - min(step[index] for step in later) for index in range(3)]

    assert max(ranges(with_bn)) < 0.4  # "drift apart by about a third"
    assert ranges(without_bn)[0] > 0.9  # "the 15th percentile falls by about one"


def test_with_large_initial_weights_batch_normalization_makes_little_difference():
    # The page's "regime" paragraph: N(0, 1) weights and a learning rate of 0.5.
    runs = [train_digits(batch_norm=batch_norm, init_std=1.0, learning_rate=0.5) for batch_norm in (False, True)]
    for run in runs:
        assert run.accuracy[_at(run, 1000)] > 0.95
    assert abs(runs[0].accuracy[-1] - runs[1].accuracy[-1]) < 0.01  # "within a percentage point"


@pytest.mark.parametrize(
    ("lang", "cells"),
    [
        (
            "en",
            (
                "Gaussian with standard deviation {init_std}",
                "{batch_size} examples, drawn at random",
                "{steps} steps of plain gradient descent, learning rate {learning_rate}",
                "mini-batches of {batch_size}",
                "1,400 for training and 397 for testing",
            ),
        ),
        (
            "it",
            (
                "gaussiani con deviazione standard {init_std}",
                "{batch_size} esempi, estratti a caso",
                "{steps} passi di discesa del gradiente semplice, con tasso di apprendimento (learning rate) {learning_rate}",
                "mini-batch da {batch_size}",
                "1.400 per l'addestramento e 397 per il test",
            ),
        ),
    ],
)
def test_the_pages_settings_table_states_the_settings_the_build_trains_with(lang, cells):
    # The table is written by hand: it must say what training.FIGURE1 makes the build do.
    from batchnorm_explained import format_number
    from batchnorm_explained.figure1 import TRAIN_SIZE

    page = (ROOT / "docs" / lang / "figure-1.md").read_text(encoding="utf-8")
    settings = training.FIGURE1
    values = {
        "init_std": format_number(settings["init_std"], lang, None),
        "learning_rate": format_number(settings["learning_rate"], lang, None),
        "batch_size": str(settings["batch_size"]),
        "steps": format_number(settings["steps"], lang, 0, grouped=True),
    }
    for cell in cells:
        assert cell.format(**values) in page
    assert TRAIN_SIZE == 1400 and len(load_digit_split(0)[3]) == 397
