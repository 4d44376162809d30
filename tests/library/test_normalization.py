"""Layer, group, instance and RMS normalization agree with torch.nn.functional, forward and backward."""

import math

import pytest
import torch
import torch.nn.functional as F

from batchnorm_explained import (
    batch_norm,
    group_norm,
    instance_norm,
    layer_norm,
    rms_norm,
)

DTYPES = [torch.float32, torch.float64]
TOLERANCE = {torch.float32: {"rtol": 1e-4, "atol": 1e-5}, torch.float64: {"rtol": 1e-10, "atol": 1e-12}}
# float32 gradients are sums of terms that cancel, accumulated in another order than
# torch's kernels: compare them loosely; the float64 case is the tight check.
GRAD_TOLERANCE = {torch.float32: {"rtol": 1e-3, "atol": 1e-3}, torch.float64: TOLERANCE[torch.float64]}

# (shape of x, normalized_shape): 1-D to 4-D inputs, one or several normalized dimensions.
TRAILING_CASES = [
    ((4, 3), (3,)),
    ((5, 7), 7),
    ((2, 3, 5), (5,)),
    ((2, 3, 5), (3, 5)),
    ((3, 2, 4, 4), (2, 4, 4)),
    ((2, 3, 4, 5), (5,)),
    ((6,), (6,)),
]
GROUP_CASES = [((4, 6), 3), ((4, 6), 1), ((3, 6, 5), 2), ((3, 6, 5), 6), ((2, 8, 3, 3), 4), ((2, 8, 3, 3), 8), ((1, 4, 2, 2), 1)]
INSTANCE_SHAPES = [(3, 4, 5), (2, 3, 4, 4), (1, 2, 3, 3), (5, 1, 7)]


def random_tensor(shape, dtype, seed, offset=20.0):
    generator = torch.Generator().manual_seed(seed)
    # Values far from 0 with a spread of their own: a careless variance would show.
    x = torch.randn(shape, generator=generator, dtype=torch.float64)
    scale = torch.rand(shape[-1:], generator=generator, dtype=torch.float64) * 5 + 0.1
    return (x * scale + offset * torch.randn(shape[-1:], generator=generator, dtype=torch.float64)).to(dtype)


def as_tuple(normalized_shape):
    return (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape


def assert_same_forward_and_gradients(ours, theirs, tensors, dtype):
    """Run both functions on copies of ``tensors`` and compare outputs and every gradient."""
    outputs, grads = [], []
    grad_y = None
    for function in (ours, theirs):
        leaves = [t.clone().requires_grad_() for t in tensors]
        y = function(*leaves)
        if grad_y is None:
            grad_y = random_tensor(y.shape, dtype, 99, offset=0.0)
        y.backward(grad_y)
        outputs.append(y.detach())
        grads.append([leaf.grad for leaf in leaves])
    torch.testing.assert_close(*outputs, **TOLERANCE[dtype])
    for mine, reference in zip(*grads, strict=True):
        torch.testing.assert_close(mine, reference, **GRAD_TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("shape", "normalized_shape"), TRAILING_CASES)
def test_layer_norm_equals_torch(shape, normalized_shape, dtype):
    x = random_tensor(shape, dtype, 1)
    gamma, beta = random_tensor(as_tuple(normalized_shape), dtype, 2, 1.0), random_tensor(as_tuple(normalized_shape), dtype, 3, 0.0)
    for eps in (1e-5, 1e-2):
        assert_same_forward_and_gradients(
            lambda x, g, b, eps=eps: layer_norm(x, normalized_shape, g, b, eps),
            lambda x, g, b, eps=eps: F.layer_norm(x, as_tuple(normalized_shape), g, b, eps),
            (x, gamma, beta),
            dtype,
        )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("shape", "num_groups"), GROUP_CASES)
def test_group_norm_equals_torch(shape, num_groups, dtype):
    x = random_tensor(shape, dtype, 4)
    gamma, beta = random_tensor((shape[1],), dtype, 5, 1.0), random_tensor((shape[1],), dtype, 6, 0.0)
    assert_same_forward_and_gradients(
        lambda x, g, b: group_norm(x, num_groups, g, b, eps=1e-3),
        lambda x, g, b: F.group_norm(x, num_groups, g, b, eps=1e-3),
        (x, gamma, beta),
        dtype,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", INSTANCE_SHAPES)
def test_instance_norm_equals_torch_with_the_inputs_own_statistics(shape, dtype):
    x = random_tensor(shape, dtype, 7)
    gamma, beta = random_tensor((shape[1],), dtype, 8, 1.0), random_tensor((shape[1],), dtype, 9, 0.0)
    assert_same_forward_and_gradients(
        lambda x, g, b: instance_norm(x, g, b, eps=1e-4),
        lambda x, g, b: F.instance_norm(x, weight=g, bias=b, use_input_stats=True, eps=1e-4),
        (x, gamma, beta),
        dtype,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("shape", "normalized_shape"), TRAILING_CASES)
def test_rms_norm_equals_torch(shape, normalized_shape, dtype):
    x = random_tensor(shape, dtype, 10, offset=1.0)
    gamma = random_tensor(as_tuple(normalized_shape), dtype, 11, 1.0)
    assert_same_forward_and_gradients(
        lambda x, g: rms_norm(x, normalized_shape, g, eps=1e-6),
        lambda x, g: F.rms_norm(x, as_tuple(normalized_shape), g, eps=1e-6),
        (x, gamma),
        dtype,
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_torchs_rms_norm_without_eps_uses_the_dtypes_machine_epsilon(dtype):
    # What the docstring says of torch 2.13: eps=None means torch.finfo(x.dtype).eps.
    x = random_tensor((3, 4), dtype, 12, offset=0.0) * 1e-4
    expected = F.rms_norm(x, (4,), eps=None)
    torch.testing.assert_close(rms_norm(x, 4, eps=torch.finfo(dtype).eps), expected, **TOLERANCE[dtype])
    assert not torch.allclose(rms_norm(x, 4), expected)  # our default 1e-6 is another ε


@pytest.mark.parametrize("dtype", DTYPES)
def test_scalar_gamma_and_beta_apply_to_every_element_and_channel(dtype):
    x = random_tensor((4, 6, 3, 3), dtype, 13)
    full = torch.full((6, 3, 3), 2.5, dtype=dtype)
    channel = torch.full((6,), 2.5, dtype=dtype)
    tolerance = TOLERANCE[dtype]
    torch.testing.assert_close(layer_norm(x, (6, 3, 3), 2.5, -1.0), F.layer_norm(x, (6, 3, 3), full, full - 3.5), **tolerance)
    torch.testing.assert_close(group_norm(x, 3, 2.5, -1.0), F.group_norm(x, 3, channel, channel - 3.5), **tolerance)
    torch.testing.assert_close(instance_norm(x, 2.5, -1.0), F.instance_norm(x, weight=channel, bias=channel - 3.5), **tolerance)
    torch.testing.assert_close(rms_norm(x, (6, 3, 3), 2.5), F.rms_norm(x, (6, 3, 3), full, eps=1e-6), **tolerance)
    torch.testing.assert_close(group_norm(x, 3, [2.5] * 6, torch.tensor(-1.0)), group_norm(x, 3, 2.5, -1.0))
    xs = x.clone().requires_grad_()
    rms_norm(xs, (3, 3), 2.0).sum().backward()  # a scalar γ still lets gradients reach x
    assert xs.grad is not None


def test_group_norm_with_one_group_or_one_channel_per_group_is_layer_or_instance_norm():
    # Wu & He 2018, section 3.1: LN and IN are the two extreme cases of GN.
    x = random_tensor((3, 6, 4, 4), torch.float64, 14)
    torch.testing.assert_close(group_norm(x, 1), layer_norm(x, (6, 4, 4)))
    torch.testing.assert_close(group_norm(x, 6), instance_norm(x))


def test_only_batch_norm_mixes_the_examples_of_a_batch():
    x = random_tensor((8, 4, 3, 3), torch.float64, 15)
    for normalize in (lambda x: layer_norm(x, (4, 3, 3)), lambda x: group_norm(x, 2), instance_norm, lambda x: rms_norm(x, (3, 3))):
        torch.testing.assert_close(normalize(x)[:2], normalize(x[:2]))
    assert not torch.allclose(batch_norm(x)[:2], batch_norm(x[:2]))


def test_rms_norm_does_not_subtract_the_mean():
    x = torch.tensor([[0.5, 0.5, 0.5, 0.5], [1.0, -1.0, 3.0, -3.0]], dtype=torch.float64)
    torch.testing.assert_close(
        rms_norm(x, 4, eps=0.0),
        torch.tensor([[1.0, 1.0, 1.0, 1.0], [0.4472, -0.4472, 1.3416, -1.3416]], dtype=torch.float64),
        atol=1e-4,
        rtol=0,
    )
    torch.testing.assert_close(rms_norm(x[1:], 4, eps=0.0), layer_norm(x[1:], 4, eps=0.0))  # mean 0: the same


def test_statistics_are_taken_in_two_passes_so_a_large_offset_costs_no_accuracy():
    # float32 values 10⁴ ± 1: E[x²] − E[x]² would lose the variance in rounding.
    x64 = 1e4 + random_tensor((4, 256), torch.float64, 16, offset=0.0)
    x32 = x64.float()
    reference = layer_norm(x32.double(), 256)  # the same rounded inputs, computed in float64
    torch.testing.assert_close(layer_norm(x32, 256).double(), reference, rtol=0, atol=2e-3)
    torch.testing.assert_close(group_norm(x32.view(4, 4, 64), 2).double(), group_norm(x32.double().view(4, 4, 64), 2), rtol=0, atol=2e-3)


BAD_CALLS = [
    (lambda: layer_norm([[1.0, 2.0]], 2), TypeError, r"x must be a torch.Tensor, got list"),
    (lambda: layer_norm(torch.ones(2, 3, dtype=torch.int64), 3), TypeError, r"x must have a floating-point dtype, got torch.int64"),
    (
        lambda: layer_norm(torch.randn(2, 3), 4),
        ValueError,
        r"normalized_shape must be the last dimensions of x, got normalized_shape=\(4,\) for x of shape \(2, 3\)",
    ),
    (
        lambda: layer_norm(torch.randn(3), (2, 3)),
        ValueError,
        r"normalized_shape must be the last dimensions of x, got normalized_shape=\(2, 3\) for x of shape \(3,\)",
    ),
    (
        lambda: layer_norm(torch.randn(2, 3), ()),
        ValueError,
        r"normalized_shape must be the last dimensions of x, got normalized_shape=\(\)",
    ),
    (
        lambda: layer_norm(torch.randn(2, 3), "3"),
        TypeError,
        r"normalized_shape must be an integer or a sequence of integers, got '3' \(str\)",
    ),
    (lambda: layer_norm(torch.randn(2, 3), (3.0,)), TypeError, r"normalized_shape must be an integer, got 3.0 \(float\)"),
    (lambda: layer_norm(torch.randn(2, 0), (0,)), ValueError, r"normalized_shape must be a positive integer, got 0"),
    (
        lambda: layer_norm(torch.randn(4, 1), 1),
        ValueError,
        r"x must have more than 1 value in normalized_shape=\(1,\) \(a single value has no spread to normalize\), got shape \(4, 1\)",
    ),
    (
        lambda: layer_norm(torch.randn(2, 3), 3, gamma=torch.ones(2)),
        ValueError,
        r"gamma must be a scalar or have one value per normalized element \(normalized_shape=\(3,\)\), got shape \(2,\)",
    ),
    (
        lambda: layer_norm(torch.randn(2, 3, 4), (3, 4), beta=torch.ones(4)),
        ValueError,
        r"beta must be a scalar or have one value per normalized element \(normalized_shape=\(3, 4\)\), got shape \(4,\)",
    ),
    (lambda: layer_norm(torch.randn(2, 3), 3, gamma=math.nan), ValueError, r"gamma must be finite, got nan"),
    (lambda: layer_norm(torch.randn(2, 3), 3, beta=[0.0, math.inf, 0.0]), ValueError, r"beta must be finite, got inf"),
    (
        lambda: layer_norm(torch.randn(2, 3), 3, gamma="1"),
        TypeError,
        r"gamma must be a real number or one value per normalized element, got str",
    ),
    (lambda: layer_norm(torch.randn(2, 3), 3, eps=-1e-5), ValueError, r"eps must be a finite number >= 0, got -1e-05"),
    (
        lambda: group_norm(torch.randn(2, 6), 4),
        ValueError,
        r"num_groups must divide the 6 channels of x, got num_groups=4 for shape \(2, 6\)",
    ),
    (lambda: group_norm(torch.randn(2, 6), 0), ValueError, r"num_groups must be a positive integer, got 0"),
    (lambda: group_norm(torch.randn(2, 6), 2.0), TypeError, r"num_groups must be an integer, got 2.0"),
    (lambda: group_norm(torch.randn(2, 6), 6), ValueError, r"x must have more than 1 value per group .* got shape \(2, 6\)"),
    (lambda: group_norm(torch.randn(6), 2), ValueError, r"x must have 2, 3 or 4 dimensions.* got 1 with shape \(6,\)"),
    (
        lambda: group_norm(torch.randn(2, 6, 3), 2, gamma=torch.ones(3)),
        ValueError,
        r"gamma must be a scalar or have one value per channel \(C=6\), got shape \(3,\)",
    ),
    (
        lambda: group_norm(torch.randn(2, 6, 3), 2, beta=torch.tensor([0.0] * 5 + [math.nan])),
        ValueError,
        r"beta must be finite, got \[0.0, 0.0, 0.0, 0.0, 0.0, nan\]",
    ),
    (lambda: group_norm(torch.randn(2, 6, 3), 2, eps=math.inf), ValueError, r"eps must be a finite number >= 0, got inf"),
    (
        lambda: instance_norm(torch.randn(4, 3)),
        ValueError,
        r"x must have 3 or 4 dimensions, \(N, C, L\) or \(N, C, H, W\): instance normalization averages over positions, got 2 with shape \(4, 3\)",
    ),
    (
        lambda: instance_norm(torch.randn(4, 3, 1, 1)),
        ValueError,
        r"x must have more than 1 value per channel of an example .* got shape \(4, 3, 1, 1\)",
    ),
    (lambda: instance_norm(torch.ones(2, 3, 4, dtype=torch.int32)), TypeError, r"x must have a floating-point dtype, got torch.int32"),
    (
        lambda: instance_norm(torch.randn(2, 3, 4), gamma=torch.ones(3, dtype=torch.bool)),
        TypeError,
        r"gamma must hold real numbers, got a tensor of dtype torch.bool",
    ),
    (
        lambda: instance_norm(torch.randn(2, 3, 4), beta=torch.ones(2, 3)),
        ValueError,
        r"beta must be a scalar or have one value per channel \(C=3\), got shape \(2, 3\)",
    ),
    (lambda: instance_norm(torch.randn(2, 3, 4), eps="0"), TypeError, r"eps must be a real number, got '0' \(str\)"),
    (
        lambda: rms_norm(torch.randn(2, 3), 2),
        ValueError,
        r"normalized_shape must be the last dimensions of x, got normalized_shape=\(2,\) for x of shape \(2, 3\)",
    ),
    (
        lambda: rms_norm(torch.randn(2, 3), 3, gamma=torch.tensor([1.0, -math.inf, 1.0])),
        ValueError,
        r"gamma must be finite, got \[1.0, -inf, 1.0\]",
    ),
    (lambda: rms_norm(torch.randn(2, 3), 3, eps=None), TypeError, r"eps must be a real number, got None \(NoneType\)"),
    (lambda: rms_norm(torch.arange(3), 3), TypeError, r"x must have a floating-point dtype, got torch.int64"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_CALLS)
def test_bad_input_gets_an_error_naming_the_parameter_and_value(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_single_value_is_fine_for_rms_norm_which_does_not_centre():
    torch.testing.assert_close(rms_norm(torch.tensor([[-2.0], [3.0]]), 1, eps=0.0), torch.tensor([[-1.0], [1.0]]))
