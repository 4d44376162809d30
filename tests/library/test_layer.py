"""BatchNorm behaves exactly like torch.nn.BatchNorm1d / BatchNorm2d in training and eval."""

import pytest
import torch
from torch import nn

from batchnorm_explained import BatchNorm

CASES = [
    (nn.BatchNorm1d, (16, 5)),
    (nn.BatchNorm1d, (8, 3, 10)),
    (nn.BatchNorm2d, (4, 3, 6, 6)),
    (nn.BatchNorm2d, (2, 6, 3, 5)),
]


def batches(shape, count, dtype, seed):
    generator = torch.Generator().manual_seed(seed)
    view = (1, shape[1]) + (1,) * (len(shape) - 2)
    offset = torch.randn(view, generator=generator, dtype=dtype) * 10
    for _ in range(count):
        yield torch.randn(shape, generator=generator, dtype=dtype) * 3 + offset


def twin_layers(torch_class, num_features, dtype, **kwargs):
    ours = BatchNorm(num_features, **kwargs).to(dtype)
    theirs = torch_class(num_features, **kwargs).to(dtype)
    with torch.no_grad():  # non-default γ and β, the same in both
        ours.weight.uniform_(0.5, 2.0)
        ours.bias.uniform_(-1.0, 1.0)
        theirs.load_state_dict(ours.state_dict())
    return ours, theirs


@pytest.mark.parametrize("momentum", [0.1, 0.5, 0.0, 1.0, None])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize(("torch_class", "shape"), CASES)
def test_training_steps_then_eval_match_torch(torch_class, shape, dtype, momentum):
    ours, theirs = twin_layers(torch_class, shape[1], dtype, eps=1e-5, momentum=momentum)
    tolerance = {"rtol": 1e-5, "atol": 1e-5} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    for x in batches(shape, 5, dtype, seed=1):
        torch.testing.assert_close(ours(x), theirs(x), **tolerance)
        torch.testing.assert_close(ours.running_mean, theirs.running_mean, **tolerance)
        torch.testing.assert_close(ours.running_var, theirs.running_var, **tolerance)
        assert ours.num_batches_tracked.item() == theirs.num_batches_tracked.item()
    ours.eval()
    theirs.eval()
    for x in batches(shape, 2, dtype, seed=2):
        torch.testing.assert_close(ours(x), theirs(x), **tolerance)
    assert ours.num_batches_tracked.item() == 5  # eval does not update the statistics


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize(("torch_class", "shape"), CASES)
def test_gradients_of_a_step_match_torch(torch_class, shape, training):
    ours, theirs = twin_layers(torch_class, shape[1], torch.float64)
    for x in batches(shape, 3, torch.float64, seed=7):  # running statistics away from 0 and 1
        ours(x), theirs(x)
    ours.train(training)
    theirs.train(training)
    x = next(batches(shape, 1, torch.float64, seed=3))
    grad_y = next(batches(shape, 1, torch.float64, seed=4))
    inputs = [x.clone().requires_grad_(), x.clone().requires_grad_()]
    ours(inputs[0]).backward(grad_y)
    theirs(inputs[1]).backward(grad_y)
    torch.testing.assert_close(inputs[0].grad, inputs[1].grad)
    torch.testing.assert_close(ours.weight.grad, theirs.weight.grad)
    torch.testing.assert_close(ours.bias.grad, theirs.bias.grad)


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_half_precision_input_to_a_float32_layer_works_as_in_torch(dtype):
    ours, theirs = twin_layers(nn.BatchNorm2d, 3, torch.float32)
    for x in batches((8, 3, 4, 4), 3, torch.float32, seed=8):
        y, expected = ours(x.to(dtype)), theirs(x.to(dtype))
        assert y.dtype == expected.dtype == dtype
        torch.testing.assert_close(y, expected)
        torch.testing.assert_close(ours.running_mean, theirs.running_mean, rtol=1e-5, atol=1e-5)
        torch.testing.assert_close(ours.running_var, theirs.running_var, rtol=1e-5, atol=1e-5)


def test_running_variance_is_the_unbiased_batch_variance():
    layer = BatchNorm(1, momentum=1.0)  # momentum 1 keeps only the last batch
    x = torch.tensor([[1.0], [2.0], [6.0]])
    layer(x)
    assert layer.running_mean.item() == pytest.approx(3.0)
    assert layer.running_var.item() == pytest.approx(7.0)  # Σ(x − 3)² / (m − 1) = 14 / 2


def test_starts_like_torch_and_has_the_same_state_dict_keys():
    layer = BatchNorm(4)
    reference = nn.BatchNorm2d(4)
    assert layer.state_dict().keys() == reference.state_dict().keys()
    for key, value in reference.state_dict().items():
        assert torch.equal(layer.state_dict()[key], value), key
    assert layer.gamma is layer.weight and layer.beta is layer.bias


def test_eval_output_of_one_example_does_not_depend_on_its_batch():
    layer = BatchNorm(3)
    for x in batches((8, 3), 3, torch.float32, seed=5):
        layer(x)
    layer.eval()
    x = next(batches((8, 3), 1, torch.float32, seed=6))
    torch.testing.assert_close(layer(x)[:1], layer(x[:1]))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: BatchNorm(0), ValueError, r"num_features must be a positive integer, got 0"),
        (lambda: BatchNorm(2.0), TypeError, r"num_features must be an integer, got 2.0"),
        (lambda: BatchNorm(3, eps=-1.0), ValueError, r"eps must be a finite number >= 0, got -1.0"),
        (lambda: BatchNorm(3, momentum=1.5), ValueError, r"momentum must lie in \[0, 1\] or be None, got 1.5"),
        (lambda: BatchNorm(3)(torch.randn(4, 2)), ValueError, r"x must have num_features=3 features in dimension 1, got shape \(4, 2\)"),
        (lambda: BatchNorm(3)(torch.randn(3)), ValueError, r"x must have 2, 3 or 4 dimensions.* got 1 with shape \(3,\)"),
        (lambda: BatchNorm(3)(torch.randn(1, 3)), ValueError, r"x must have more than 1 value per feature .* got shape \(1, 3\)"),
        (lambda: BatchNorm(3)(torch.ones(2, 3, dtype=torch.int32)), TypeError, r"x must have a floating-point dtype, got torch.int32"),
        (
            lambda: BatchNorm(3)(torch.ones(2, 3, dtype=torch.float64)),
            TypeError,
            r"x must have the layer's dtype torch.float32 .*, got torch.float64",
        ),
        (lambda: BatchNorm(3)(torch.ones(0, 3)), ValueError, r"more than 1 value per feature .* got shape \(0, 3\)"),
    ],
)
def test_bad_input_gets_an_error_naming_the_parameter_and_value(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_single_example_is_fine_in_eval_mode():
    layer = BatchNorm(3).eval()
    assert layer(torch.randn(1, 3)).shape == (1, 3)
