"""The transforms agree with torch: Algorithm 1 with F.batch_norm, its gradients with autograd."""

import math

import pytest
import torch
import torch.nn.functional as F

from batchnorm_explained import (
    batch_norm,
    batch_norm_backward,
    batch_statistics,
    normalize_whole,
)

SHAPES = [(4, 3), (17, 1), (2, 5), (6, 4, 7), (3, 2, 5, 5), (2, 8, 1, 3), (1, 3, 4, 4)]
TOLERANCE = {torch.float32: {"rtol": 1e-4, "atol": 1e-5}, torch.float64: {"rtol": 1e-10, "atol": 1e-12}}


def random_input(shape, dtype, seed):
    generator = torch.Generator().manual_seed(seed)
    # Features with their own offsets and scales, like the notebook's images.
    x = torch.randn(shape, generator=generator, dtype=torch.float64)
    view = (1, shape[1]) + (1,) * (len(shape) - 2)
    scale = torch.rand(view, generator=generator, dtype=torch.float64) * 5 + 0.1
    offset = torch.randn(view, generator=generator, dtype=torch.float64) * 20
    return (x * scale + offset).to(dtype)


def affine(shape, dtype, seed):
    generator = torch.Generator().manual_seed(seed + 1000)
    gamma = (torch.rand(shape[1], generator=generator, dtype=torch.float64) * 3 - 1).to(dtype)
    beta = torch.randn(shape[1], generator=generator, dtype=torch.float64).to(dtype)
    return gamma, beta


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_batch_norm_equals_torch_forward(shape, dtype):
    for seed in range(3):
        x = random_input(shape, dtype, seed)
        gamma, beta = affine(shape, dtype, seed)
        for eps in (1e-5, 1e-3):  # torch refuses eps = 0 in training
            expected = F.batch_norm(x, None, None, gamma, beta, training=True, eps=eps)
            torch.testing.assert_close(batch_norm(x, gamma, beta, eps), expected, **TOLERANCE[dtype])


def test_scalar_gamma_and_beta_apply_to_every_feature():
    x = random_input((8, 3, 2, 2), torch.float64, 0)
    expected = F.batch_norm(x, None, None, torch.full((3,), 2.5, dtype=x.dtype), torch.full((3,), -1.0, dtype=x.dtype), training=True)
    torch.testing.assert_close(batch_norm(x, 2.5, -1.0), expected)
    torch.testing.assert_close(batch_norm(x, [2.5, 2.5, 2.5], (-1.0, -1.0, -1.0)), expected)


def test_output_has_mean_beta_and_std_gamma_per_feature():
    x = random_input((64, 4, 3, 3), torch.float64, 1)
    gamma, beta = torch.tensor([1.0, 2.0, 0.5, 10.0], dtype=x.dtype), torch.tensor([0.0, 1.0, -3.0, 100.0], dtype=x.dtype)
    y = batch_norm(x, gamma, beta, eps=0.0)
    mean, var = batch_statistics(y)
    torch.testing.assert_close(mean, beta)
    torch.testing.assert_close(var.sqrt(), gamma)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_gradients_through_batch_norm_equal_torch_autograd(shape, dtype):
    x = random_input(shape, dtype, 5)
    gamma, beta = affine(shape, dtype, 5)
    grad_y = random_input(shape, dtype, 6)
    grads = []
    for function in (lambda x, g, b: batch_norm(x, g, b), lambda x, g, b: F.batch_norm(x, None, None, g, b, training=True)):
        leaves = [t.clone().requires_grad_() for t in (x, gamma, beta)]
        function(*leaves).backward(grad_y)
        grads.append([leaf.grad for leaf in leaves])
    # float32 gradients are sums of large terms that cancel, accumulated in another order
    # than torch's kernel: compare loosely; the float64 case is the tight check.
    tolerance = {"rtol": 1e-3, "atol": 1e-3} if dtype == torch.float32 else TOLERANCE[dtype]
    for ours, theirs in zip(*grads, strict=True):
        torch.testing.assert_close(ours, theirs, **tolerance)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_papers_backward_formulas_equal_torch_autograd(shape):
    x = random_input(shape, torch.float64, 7)
    gamma, beta = affine(shape, torch.float64, 7)
    grad_y = random_input(shape, torch.float64, 8)
    leaves = [t.clone().requires_grad_() for t in (x, gamma, beta)]
    F.batch_norm(*leaves[:1], None, None, *leaves[1:], training=True, eps=1e-5).backward(grad_y)
    grad_x, grad_gamma, grad_beta = batch_norm_backward(grad_y, x, gamma, eps=1e-5)
    torch.testing.assert_close(grad_x, leaves[0].grad, rtol=1e-9, atol=1e-12)
    torch.testing.assert_close(grad_gamma, leaves[1].grad, rtol=1e-9, atol=1e-12)
    torch.testing.assert_close(grad_beta, leaves[2].grad, rtol=1e-9, atol=1e-12)


def test_batch_statistics_are_the_biased_per_feature_mean_and_variance():
    x = torch.tensor([[1.0, 10.0], [3.0, 30.0], [5.0, 50.0]], dtype=torch.float64)
    mean, var = batch_statistics(x)
    torch.testing.assert_close(mean, torch.tensor([3.0, 30.0], dtype=torch.float64))
    torch.testing.assert_close(var, torch.tensor([8 / 3, 800 / 3], dtype=torch.float64))  # divides by m = 3


def test_normalize_whole_is_the_notebooks_formula_with_the_unbiased_variance():
    x = random_input((5, 3, 4), torch.float64, 2)
    for gamma, beta in [(1, 0), (10, 10), (100, 0), (0.5, -3)]:
        expected = gamma * (x - x.mean()) / torch.sqrt(x.var() + 1e-16) + beta
        y = normalize_whole(x, gamma, beta)
        torch.testing.assert_close(y, expected)
        assert y.mean().item() == pytest.approx(beta, abs=1e-9)
        assert y.std().item() == pytest.approx(gamma, rel=1e-9)  # unbiased, like Tensor.var()


def test_normalize_whole_pools_all_features_unlike_batch_norm():
    x = torch.tensor([[0.0, 100.0], [2.0, 102.0]])
    assert not torch.allclose(normalize_whole(x), batch_norm(x))
    assert normalize_whole(x)[:, 0].mean() < 0 < normalize_whole(x)[:, 1].mean()


def test_batch_norm_keeps_gradients_for_learnable_gamma_and_beta():
    x = random_input((6, 2), torch.float64, 3)
    gamma = torch.ones(2, dtype=torch.float64, requires_grad=True)
    beta = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    batch_norm(x, gamma, beta).pow(2).sum().backward()
    assert gamma.grad is not None and beta.grad is not None


BAD_BATCH_NORM_CALLS = [
    (lambda: batch_norm(torch.randn(5)), ValueError, r"x must have 2, 3 or 4 dimensions.* got 1 with shape \(5,\)"),
    (lambda: batch_norm(torch.randn(2, 2, 2, 2, 2)), ValueError, r"x must have 2, 3 or 4 dimensions.* got 5"),
    (lambda: batch_norm(torch.ones(4, 3, dtype=torch.int64)), TypeError, r"x must have a floating-point dtype, got torch.int64"),
    (lambda: batch_norm([[1.0, 2.0]]), TypeError, r"x must be a torch.Tensor, got list"),
    (lambda: batch_norm(torch.randn(1, 3)), ValueError, r"x must have more than 1 value per feature .* got shape \(1, 3\)"),
    (lambda: batch_norm(torch.randn(1, 3, 1, 1)), ValueError, r"more than 1 value per feature .* got shape \(1, 3, 1, 1\)"),
    (lambda: batch_norm(torch.randn(4, 3), gamma=math.nan), ValueError, r"gamma must be finite, got nan"),
    (lambda: batch_norm(torch.randn(4, 3), beta=math.inf), ValueError, r"beta must be finite, got inf"),
    (lambda: batch_norm(torch.randn(4, 3), gamma=[1.0, math.inf, 1.0]), ValueError, r"gamma must be finite, got inf"),
    (
        lambda: batch_norm(torch.randn(4, 3), beta=torch.tensor([0.0, math.nan, 0.0])),
        ValueError,
        r"beta must be finite, got \[0.0, nan, 0.0\]",
    ),
    (lambda: batch_norm(torch.randn(4, 3), gamma=torch.tensor(math.nan)), ValueError, r"gamma must be finite, got nan"),
    (lambda: batch_norm(torch.randn(4, 3), beta=torch.tensor(-math.inf)), ValueError, r"beta must be finite, got -inf"),
    (
        lambda: batch_norm(torch.randn(4, 3), gamma=torch.ones(3, dtype=torch.bool)),
        TypeError,
        r"gamma must hold real numbers, got a tensor of dtype torch.bool",
    ),
    (lambda: batch_norm(torch.randn(4, 0)), ValueError, r"x must have at least one feature in dimension 1, got shape \(4, 0\)"),
    (lambda: batch_norm_backward(torch.randn(4, 0), torch.randn(4, 0)), ValueError, r"x must have at least one feature"),
    (
        lambda: batch_norm(torch.randn(4, 3), gamma=torch.ones(2)),
        ValueError,
        r"gamma must be a scalar or have one value per feature \(num_features=3\), got shape \(2,\)",
    ),
    (lambda: batch_norm(torch.randn(4, 3), beta="1"), TypeError, r"beta must be a real number or one value per feature, got str"),
    (lambda: batch_norm(torch.randn(4, 3), eps=-1e-5), ValueError, r"eps must be a finite number >= 0, got -1e-05"),
    (lambda: batch_norm(torch.randn(4, 3), eps=math.nan), ValueError, r"eps must be a finite number >= 0, got nan"),
    (
        lambda: batch_norm_backward(torch.randn(4, 2), torch.randn(4, 3)),
        ValueError,
        r"grad_y must have the shape of x \(4, 3\), got \(4, 2\)",
    ),
    (lambda: normalize_whole(torch.tensor([1.0])), ValueError, r"x must have at least 2 elements .* got shape \(1,\)"),
    (lambda: normalize_whole(torch.randn(3), gamma=math.inf), ValueError, r"gamma must be finite, got inf"),
    (lambda: normalize_whole(torch.randn(3), beta=math.nan), ValueError, r"beta must be finite, got nan"),
    (lambda: normalize_whole(torch.randn(3), eps=-1.0), ValueError, r"eps must be a finite number >= 0, got -1.0"),
    (lambda: normalize_whole(torch.arange(3)), TypeError, r"x must have a floating-point dtype, got torch.int64"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_BATCH_NORM_CALLS)
def test_bad_input_gets_an_error_naming_the_parameter_and_value(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_zero_dimensional_tensor_gamma_or_beta_is_a_scalar():
    x = random_input((6, 3), torch.float64, 4)
    torch.testing.assert_close(batch_norm(x, torch.tensor(2.0), torch.tensor(-1.0)), batch_norm(x, 2.0, -1.0))
