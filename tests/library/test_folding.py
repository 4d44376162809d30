"""fold_batch_norm: one layer equal to the layer followed by batch normalization in eval mode."""

import copy

import pytest
import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

from batchnorm_explained import BatchNorm, fold_batch_norm

TOLERANCE = {torch.float32: {"rtol": 1e-4, "atol": 1e-5}, torch.float64: {"rtol": 1e-10, "atol": 1e-12}}

CONVOLUTIONS = [
    {"in_channels": 3, "out_channels": 5, "kernel_size": 3},
    {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1, "groups": 2},
    {"in_channels": 4, "out_channels": 4, "kernel_size": (3, 1), "dilation": 2, "groups": 4, "bias": False},
    {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": "same", "padding_mode": "reflect"},
    {"in_channels": 3, "out_channels": 2, "kernel_size": 1, "bias": False},
]
LINEARS = [{"in_features": 7, "out_features": 5}, {"in_features": 3, "out_features": 8, "bias": False}]


def trained_pair(layer, bn, input_shape, dtype, seed):
    """``layer`` then ``bn`` after a few SGD steps: weights, γ, β and running statistics all moved."""
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)  # the layers' own initial weights
    model = nn.Sequential(layer, bn).to(dtype)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    offset = torch.randn(input_shape[1:], generator=generator, dtype=dtype) * 3
    for _ in range(6):
        x = torch.randn(input_shape, generator=generator, dtype=dtype) * 2 + offset
        loss = (model(x) - 1.5).square().mean()  # pulls β away from 0 and γ away from 1
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    return layer, bn, torch.randn(input_shape, generator=generator, dtype=dtype) * 2 + offset


def assert_folds_exactly(layer, bn, x, dtype, torch_fuse):
    folded = fold_batch_norm(layer, bn)
    assert type(folded) is type(layer) and folded.bias is not None
    assert folded.weight.dtype == dtype and folded.weight.shape == layer.weight.shape
    with torch.no_grad():
        expected = bn(layer(x))
        torch.testing.assert_close(folded(x), expected, **TOLERANCE[dtype])
        if isinstance(bn, nn.modules.batchnorm._BatchNorm):  # torch's own fusion agrees
            torch.testing.assert_close(folded(x), torch_fuse(layer, bn)(x), **TOLERANCE[dtype])
    assert not torch.allclose(bn.running_mean, torch.zeros_like(bn.running_mean))  # non-trivial statistics
    return folded


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("bn_class", [BatchNorm, nn.BatchNorm2d])
@pytest.mark.parametrize("settings", CONVOLUTIONS)
def test_a_folded_convolution_equals_the_convolution_then_batch_norm(settings, bn_class, dtype):
    conv = nn.Conv2d(**settings)
    layer, bn, x = trained_pair(conv, bn_class(settings["out_channels"]), (6, settings["in_channels"], 9, 8), dtype, seed=1)
    folded = assert_folds_exactly(layer, bn, x, dtype, fuse_conv_bn_eval)
    for name in ("kernel_size", "stride", "padding", "dilation", "groups", "padding_mode"):
        assert getattr(folded, name) == getattr(conv, name), name


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("bn_class", [BatchNorm, nn.BatchNorm1d])
@pytest.mark.parametrize("settings", LINEARS)
def test_a_folded_linear_layer_equals_the_layer_then_batch_norm(settings, bn_class, dtype):
    layer, bn, x = trained_pair(nn.Linear(**settings), bn_class(settings["out_features"]), (16, settings["in_features"]), dtype, seed=2)
    assert_folds_exactly(layer, bn, x, dtype, fuse_linear_bn_eval)


@pytest.mark.parametrize(
    ("layer", "bn", "shape"),
    [
        (nn.Linear(4, 3), nn.BatchNorm1d(3, affine=False), (10, 4)),
        (nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3, affine=False), (4, 2, 6, 6)),
    ],
)
def test_a_batch_norm_without_gamma_and_beta_folds_with_gamma_1_and_beta_0(layer, bn, shape):
    layer, bn, x = trained_pair(layer, bn, shape, torch.float64, seed=3)
    assert bn.weight is None and bn.bias is None
    folded = fold_batch_norm(layer, bn)
    torch.testing.assert_close(folded(x), bn(layer(x)), **TOLERANCE[torch.float64])


def test_folding_changes_neither_argument_and_records_no_gradient():
    layer, bn, x = trained_pair(nn.Conv2d(3, 4, 3, bias=True), nn.BatchNorm2d(4), (4, 3, 5, 5), torch.float32, seed=4)
    bn.train()  # folding uses the running statistics whatever bn's mode
    before = (copy.deepcopy(layer.state_dict()), copy.deepcopy(bn.state_dict()), layer.training, bn.training)
    rng_state = torch.random.get_rng_state()
    folded = fold_batch_norm(layer, bn)
    after = (layer.state_dict(), bn.state_dict(), layer.training, bn.training)
    for old, new in zip(before[:2], after[:2], strict=True):
        assert old.keys() == new.keys() and all(torch.equal(old[key], new[key]) for key in old)
    assert before[2:] == after[2:] and not folded.training  # the layer's mode, eval
    assert folded.weight.data_ptr() != layer.weight.data_ptr() and folded.bias.data_ptr() != layer.bias.data_ptr()
    assert torch.equal(rng_state, torch.random.get_rng_state())  # no random initial weights drawn
    assert folded.weight.is_leaf and folded.weight.grad_fn is None and folded.bias.grad_fn is None
    originals = [*layer.parameters(), *bn.parameters()]
    grads = [parameter.grad.clone() for parameter in originals]  # left by the last training step
    folded(x).sum().backward()  # training the folded layer leaves the originals' gradients alone
    assert all(torch.equal(old, parameter.grad) for old, parameter in zip(grads, originals, strict=True))


def test_folding_needs_no_gradients():
    layer, bn = nn.Linear(3, 2).requires_grad_(False), nn.BatchNorm1d(2).requires_grad_(False).eval()
    folded = fold_batch_norm(layer, bn)
    with torch.inference_mode():
        x = torch.randn(5, 3)
        torch.testing.assert_close(fold_batch_norm(layer, bn)(x), bn(layer(x)))
    assert folded.weight.requires_grad  # a fresh layer, trainable like any new one


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: fold_batch_norm(nn.Conv1d(2, 3, 3), nn.BatchNorm1d(3)),
            TypeError,
            r"layer must be a torch.nn.Linear or torch.nn.Conv2d, got Conv1d",
        ),
        (
            lambda: fold_batch_norm(nn.Linear(2, 3), nn.LayerNorm(3)),
            TypeError,
            r"bn must be a batchnorm_explained.BatchNorm, torch.nn.BatchNorm1d or torch.nn.BatchNorm2d, got LayerNorm",
        ),
        (
            lambda: fold_batch_norm(nn.Linear(2, 3), nn.BatchNorm2d(3)),
            TypeError,
            r"bn must be a BatchNorm1d \(or a batchnorm_explained.BatchNorm\) to follow a Linear, got BatchNorm2d",
        ),
        (
            lambda: fold_batch_norm(nn.Conv2d(2, 3, 1), nn.BatchNorm1d(3)),
            TypeError,
            r"bn must be a BatchNorm2d .* to follow a Conv2d, got BatchNorm1d",
        ),
        (
            lambda: fold_batch_norm(nn.Linear(2, 3), nn.BatchNorm1d(4)),
            ValueError,
            r"bn must have one feature per output of layer, got bn.num_features=4 for layer.out_features=3",
        ),
        (lambda: fold_batch_norm(nn.Conv2d(2, 3, 1), BatchNorm(2)), ValueError, r"got bn.num_features=2 for layer.out_channels=3"),
        (
            lambda: fold_batch_norm(nn.Linear(2, 3), nn.BatchNorm1d(3, track_running_stats=False)),
            ValueError,
            r"bn must keep running statistics to be folded, got running_mean=None \(as a layer built with track_running_stats=False has\)",
        ),
    ],
)
def test_bad_arguments_get_an_error_naming_them(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_batch_norm_whose_running_variance_was_removed_is_refused():
    bn = nn.BatchNorm1d(3)
    bn.running_var = None
    with pytest.raises(ValueError, match="got running_var=None"):
        fold_batch_norm(nn.Linear(2, 3), bn)
