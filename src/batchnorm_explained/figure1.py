"""The paper's Figure 1 experiment (section 4.1), on the handwritten digits that ship with scikit-learn.

The paper trains a network with 3 fully-connected hidden layers of 100 sigmoid units on
MNIST, with and without batch normalization, and plots (a) the test accuracy against the
training steps and (b, c) the 15th, 50th and 85th percentiles of the input to one sigmoid of
the last hidden layer. [train_digits][batchnorm_explained.train_digits] runs the same
network on scikit-learn's ``load_digits`` (1,797 8×8 images, inside the package: nothing is
downloaded), small enough to train at site-build time.

The network is written in NumPy, forward and backward, rather than with torch's autograd:
at 60 examples per step the cost is per operation, not per number, and NumPy's smaller
per-call overhead trains both networks in about 5 s instead of 8 s on one core. The batch
normalization inside it is Algorithm 1 and the backward pass the chain rule of section 3;
the tests check both against [batch_norm][batchnorm_explained.batch_norm],
[batch_norm_backward][batchnorm_explained.batch_norm_backward] and ``torch.nn.BatchNorm1d``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from . import _checks

__all__ = ["PERCENTILES", "TrainingRun", "load_digit_split", "train_digits"]

PERCENTILES = (15, 50, 85)  # the curves of Figure 1(b, c)
PLACEMENTS = ("before", "after")  # batch normalization before the sigmoid (the paper's) or after it
HIDDEN = (100, 100, 100)  # section 4.1: 3 fully-connected hidden layers of 100 sigmoid units
TRAIN_SIZE = 1400  # of load_digits' 1,797 images; the other 397 are the test set
MAX_STEPS = 100_000
"""The most training steps a run (or a sweep of runs) may take: twice the paper's 50,000, about a minute per network."""


@dataclass(frozen=True)
class TrainingRun:
    """What one training run measured, at every evaluation step.

    Attributes:
        batch_norm: Whether the hidden layers were batch-normalized.
        steps: The training steps at which the network was evaluated (0 = before training).
        accuracy: Test accuracy (fraction of the test images classified correctly) at each step.
        percentiles: At each step, the 15th, 50th and 85th percentiles over the test images
            of the input to one sigmoid of the last hidden layer (unit ``unit``).
        unit: Which sigmoid of the last hidden layer the percentiles follow.
        placement: ``"before"`` the sigmoid (the paper's) or ``"after"`` it.
        momentum: ``None`` when the evaluations used Algorithm 2's population statistics,
            else the momentum of the running averages they used.
        batch_accuracy: Test accuracy at each step with the test set normalized by its own
            batch statistics, as in training (the same as ``accuracy`` without batch
            normalization).
    """

    batch_norm: bool
    steps: tuple[int, ...]
    accuracy: tuple[float, ...]
    percentiles: tuple[tuple[float, float, float], ...]
    unit: int
    placement: str = "before"
    momentum: float | None = None
    batch_accuracy: tuple[float, ...] = ()


def load_digit_split(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return scikit-learn's digits, scaled to [0, 1] and split at random into train and test.

    Args:
        seed: Seed of the shuffle before the split.

    Returns:
        ``(x_train, y_train, x_test, y_test)``: 1,400 and 397 images as rows of 64 pixels
        (float32, from 0 to 1), with their labels 0–9.

    Raises:
        TypeError: If ``seed`` is not an integer.
        ValueError: If ``seed`` is negative.
    """
    seed = _seed(seed)
    from sklearn.datasets import (
        load_digits,  # here, not at the top: it takes a second to import
    )

    digits = load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.target))
    # float32, torch's default training precision (the paper does not say which it used);
    # the results match float64 to 5 digits.
    images = (digits.data[order] / 16.0).astype(np.float32)  # pixel values are 0..16
    labels = digits.target[order]
    return images[:TRAIN_SIZE], labels[:TRAIN_SIZE], images[TRAIN_SIZE:], labels[TRAIN_SIZE:]


def train_digits(
    *,
    batch_norm: bool,
    steps: int = 5000,
    batch_size: int = 60,
    learning_rate: float = 0.1,
    init_std: float = 0.1,
    eval_every: int = 100,
    unit: int = 0,
    eps: float = 1e-5,
    seed: int = 0,
    placement: str = "before",
    momentum: float | None = None,
) -> TrainingRun:
    """Train the paper's MNIST network on the digits, with or without batch normalization.

    64 inputs → 3 × 100 sigmoid units → 10 outputs with softmax cross-entropy, trained by
    plain stochastic gradient descent on mini-batches drawn at random, with replacement, from
    the training set.
    With ``batch_norm``, every hidden layer computes sigmoid(BN(Wu)): the bias b is dropped
    because β takes its role (section 3.2); with ``placement="after"`` every hidden layer
    computes BN(sigmoid(Wu + b)) instead. At each evaluation the layers normalize with the
    population statistics of Algorithm 2: the mean of the mini-batch means and m/(m − 1)
    times the mean of the mini-batch variances, over the whole training set cut into
    mini-batches; with a ``momentum``, with running averages updated at every training step
    as ``torch.nn.BatchNorm1d`` updates them instead. Each evaluation also measures the
    accuracy with the test set normalized by its own statistics, as a training batch is.

    Args:
        batch_norm: Normalize the input of every hidden sigmoid.
        steps: Training steps (mini-batches). The paper trains for 50,000 on MNIST.
        batch_size: Examples per mini-batch: 60 in the paper.
        learning_rate: Step size of gradient descent. Too large a step diverges without an
            error: the accuracy then stays near chance, 10% (what
            [sweep_learning_rates][batchnorm_explained.sweep_learning_rates] measures).
        init_std: Standard deviation of the Gaussian initial weights ("small random
            Gaussian values"; the paper gives no number).
        eval_every: Evaluate on the test set every this many steps (and at step 0).
        unit: The sigmoid of the last hidden layer whose input the percentiles follow.
        eps: ε of the normalization.
        seed: Seed of the data split, the initial weights and the mini-batches: the same
            arguments always give the same run.
        placement: Where batch normalization goes: ``"before"`` the sigmoid, as in the
            paper, or ``"after"`` it (then the bias b stays).
        momentum: ``None`` for Algorithm 2's population statistics; a number in (0, 1] for
            running averages, mean ← (1 − momentum) · mean + momentum · μ_B and the same for
            the variance with the unbiased m/(m − 1) · σ²_B, starting from 0 and 1 (torch's
            convention and default of 0.1).

    Returns:
        The accuracy and percentile curves.

    Raises:
        TypeError: If an argument is not a number (or not an integer where one is needed).
        ValueError: If a count is not positive, ``steps`` is above ``MAX_STEPS`` (100,000),
            ``unit`` is not a unit of the layer, or a rate, deviation or ε is out of range.
    """
    steps = _checks.at_most("steps", _checks.positive_int("steps", steps), MAX_STEPS, "MAX_STEPS, twice the paper's 50,000")
    batch_size = _checks.positive_int("batch_size", batch_size)
    if batch_norm and batch_size < 2:
        raise ValueError(f"batch_size must be at least 2 with batch normalization (a variance needs two values), got {batch_size}")
    if batch_size > TRAIN_SIZE:
        raise ValueError(f"batch_size must be at most the {TRAIN_SIZE} training images, got {batch_size}")
    eval_every = _checks.positive_int("eval_every", eval_every)
    learning_rate = _positive("learning_rate", learning_rate)
    init_std = _positive("init_std", init_std)
    eps = _checks.eps(eps)
    unit = _checks.integer("unit", unit)
    if not 0 <= unit < HIDDEN[-1]:
        raise ValueError(f"unit must be from 0 to {HIDDEN[-1] - 1}, got {unit!r}")
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {PLACEMENTS}, got {placement!r}")
    if momentum is not None:
        momentum = _checks.finite_scalar("momentum", momentum)
        if not 0 < momentum <= 1:
            raise ValueError(f"momentum must be in (0, 1], got {momentum!r}")

    x_train, y_train, x_test, y_test = load_digit_split(seed)
    rng = np.random.default_rng(seed)
    network = _Network(x_train.shape[1], rng, init_std, batch_norm, eps, placement, momentum)
    evaluated, accuracy, percentiles, batch_accuracy = [], [], [], []
    # 60×100 matrices are too small to share between threads: a second BLAS thread doubles
    # the CPU time and saves none of the wall time.
    with threadpool_limits(1, user_api="blas"):
        for step in range(steps + 1):
            if step % eval_every == 0 or step == steps:
                population = None
                if batch_norm:
                    population = network.running if momentum is not None else network.population_statistics(x_train, batch_size)
                correct, sigmoid_input = network.evaluate(x_test, y_test, unit, population)
                evaluated.append(step)
                accuracy.append(correct)
                percentiles.append(tuple(float(value) for value in np.percentile(sigmoid_input, PERCENTILES)))
                batch_accuracy.append(network.evaluate(x_test, y_test, unit, None)[0] if batch_norm else correct)
            if step < steps:
                batch = rng.integers(0, len(y_train), batch_size)
                network.train_step(x_train[batch], y_train[batch], learning_rate)
    return TrainingRun(batch_norm, tuple(evaluated), tuple(accuracy), tuple(percentiles), unit, placement, momentum, tuple(batch_accuracy))


class _Network:
    """The section 4.1 network: its weights, its forward pass and its gradient step."""

    def __init__(
        self,
        inputs: int,
        rng: np.random.Generator,
        std: float,
        batch_norm: bool,
        eps: float,
        placement: str = "before",
        momentum: float | None = None,
    ):
        sizes = (inputs, *HIDDEN, 10)
        self.weights = [rng.normal(0.0, std, (n_in, n_out)).astype(np.float32) for n_in, n_out in itertools.pairwise(sizes)]
        self.biases = [np.zeros(n_out, np.float32) for n_out in sizes[1:]]  # hidden biases stay 0 with BN before
        self.gammas = [np.ones(n, np.float32) for n in HIDDEN]
        self.betas = [np.zeros(n, np.float32) for n in HIDDEN]
        self.batch_norm, self.eps = batch_norm, eps
        self.after = batch_norm and placement == "after"  # BN(sigmoid(Wu + b)), the bias kept
        self.momentum = momentum
        # Running averages of each layer's (mean, unbiased variance), as torch starts them.
        self.running = [(np.zeros(n, np.float32), np.ones(n, np.float32)) for n in HIDDEN] if momentum is not None else None

    def evaluate(self, images, labels, unit: int, population=None) -> tuple[float, np.ndarray]:
        """Return the test accuracy and every image's input to sigmoid ``unit`` of the last hidden layer.

        With batch normalization, ``population`` holds each layer's (E[x], Var[x]); ``None``
        normalizes ``images`` with their own batch statistics, as training does.
        """
        h = images
        for layer in range(len(HIDDEN)):
            x = h @ self.weights[layer] + self.biases[layer]
            if self.after:
                inputs, h = x, self._normalize(_sigmoid(x), layer, population)
            else:
                if self.batch_norm:
                    x = self._normalize(x, layer, population)
                inputs, h = x, _sigmoid(x)
        logits = h @ self.weights[-1] + self.biases[-1]
        return float(np.mean(logits.argmax(axis=1) == labels)), inputs[:, unit]

    def _normalize(self, x: np.ndarray, layer: int, population) -> np.ndarray:
        if population is None:  # the batch's own statistics (Algorithm 1)
            return self.gammas[layer] * self._normalize_batch(x)[0] + self.betas[layer]
        # Algorithm 2, step 11: the population statistics, not the batch's
        mean, var = population[layer]
        return self.gammas[layer] * (x - mean) / np.sqrt(var + self.eps) + self.betas[layer]

    def population_statistics(self, images: np.ndarray, batch_size: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Return each hidden layer's (E[x], Var[x]) as Algorithm 2 estimates them (steps 8–10).

        The training network normalizes each mini-batch of ``images`` (cut in order, an
        incomplete last one left out) with its own statistics (of Wu, or of sigmoid(Wu + b)
        with batch normalization after the sigmoid); E[x] is the mean of the
        mini-batch means and Var[x] = m/(m − 1) times the mean of the mini-batch variances.
        """
        count = len(images) // batch_size
        batches = images[: count * batch_size].reshape(count, batch_size, -1)
        means, variances = [], []
        h = batches
        for layer in range(len(HIDDEN)):
            x = h @ self.weights[layer]  # (batches, m, units): every mini-batch at once
            if self.after:
                x = _sigmoid(x + self.biases[layer])
            mean_b = x.mean(axis=1, keepdims=True)
            var_b = ((x - mean_b) ** 2).mean(axis=1, keepdims=True)
            means.append(mean_b.mean(axis=0)[0])
            variances.append(var_b.mean(axis=0)[0] * batch_size / (batch_size - 1))
            normalized = self.gammas[layer] * (x - mean_b) / np.sqrt(var_b + self.eps) + self.betas[layer]
            h = normalized if self.after else _sigmoid(normalized)
        return list(zip(means, variances, strict=True))

    def train_step(self, images: np.ndarray, labels: np.ndarray, learning_rate: float) -> None:
        """One step of gradient descent on the mean cross-entropy of a mini-batch."""
        h, saved = images, []
        for layer in range(len(HIDDEN)):
            x = h @ self.weights[layer] + self.biases[layer]
            x_hat = inv_std = None
            if self.after:
                out = _sigmoid(x)
                x_hat, inv_std = self._normalize_batch(out, layer)
                inputs, h = h, self.gammas[layer] * x_hat + self.betas[layer]
            else:
                if self.batch_norm:
                    x_hat, inv_std = self._normalize_batch(x, layer)
                    x = self.gammas[layer] * x_hat + self.betas[layer]
                inputs, h = h, _sigmoid(x)
                out = h
            saved.append((inputs, x_hat, inv_std, out))
        grad = _softmax(h @ self.weights[-1] + self.biases[-1])
        grad[np.arange(len(labels)), labels] -= 1.0  # ∂ℓ/∂logits of the cross-entropy
        grad /= len(labels)
        grad_h = grad @ self.weights[-1].T
        self._descend(-1, h, grad, learning_rate)
        for layer in reversed(range(len(HIDDEN))):
            inputs, x_hat, inv_std, out = saved[layer]
            if self.after:  # back through BN, then through the sigmoid
                grad = self._normalize_backward(grad_h, x_hat, inv_std, layer, learning_rate)
                grad = grad * out * (1.0 - out)
            else:
                grad = grad_h * out * (1.0 - out)  # sigmoid′(x) = σ(x)(1 − σ(x))
                if self.batch_norm:
                    grad = self._normalize_backward(grad, x_hat, inv_std, layer, learning_rate)
            grad_h = grad @ self.weights[layer].T
            self._descend(layer, inputs, grad, learning_rate, bias=not self.batch_norm or self.after)

    def _normalize_batch(self, x: np.ndarray, layer: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        # Algorithm 1 with the mini-batch's mean and biased variance. In training (a layer
        # given) the running averages, if any, take in the batch's mean and unbiased variance.
        mean = x.mean(axis=0)
        centered = x - mean
        var = np.einsum("ij,ij->j", centered, centered) / len(x)  # two passes: no cancellation
        inv_std = 1.0 / np.sqrt(var + self.eps)
        if layer is not None and self.running is not None:
            running_mean, running_var = self.running[layer]
            keep = np.float32(1.0 - self.momentum)
            running_mean *= keep
            running_mean += np.float32(self.momentum) * mean
            running_var *= keep
            running_var += np.float32(self.momentum) * (var * np.float32(len(x) / (len(x) - 1)))
        return centered * inv_std, inv_std

    def _normalize_backward(self, grad_y, x_hat, inv_std, layer: int, learning_rate: float) -> np.ndarray:
        # Section 3: ∂ℓ/∂γ = Σ ∂ℓ/∂y_i · x̂_i, ∂ℓ/∂β = Σ ∂ℓ/∂y_i, and ∂ℓ/∂x_i, whose three
        # terms (through x̂_i, σ²_B and μ_B) collect into
        # (1/√(σ²_B + ε)) (g_i − mean(g) − x̂_i · mean(g · x̂)) with g = ∂ℓ/∂x̂ = ∂ℓ/∂y · γ.
        grad_xhat = grad_y * self.gammas[layer]
        grad_x = inv_std * (grad_xhat - grad_xhat.mean(axis=0) - x_hat * (grad_xhat * x_hat).mean(axis=0))
        self.gammas[layer] -= learning_rate * (grad_y * x_hat).sum(axis=0)
        self.betas[layer] -= learning_rate * grad_y.sum(axis=0)
        return grad_x

    def _descend(self, layer: int, inputs: np.ndarray, grad: np.ndarray, learning_rate: float, bias: bool = True) -> None:
        self.weights[layer] -= learning_rate * (inputs.T @ grad)
        if bias:
            self.biases[layer] -= learning_rate * grad.sum(axis=0)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))  # no overflow
    return shifted / shifted.sum(axis=1, keepdims=True)


def _positive(name: str, value: object) -> float:
    value = _checks.finite_scalar(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return value


def _seed(seed: object) -> int:
    seed = _checks.integer("seed", seed)
    if seed < 0:  # what NumPy's generators accept
        raise ValueError(f"seed must be non-negative, got {seed!r}")
    return seed
