"""make_batch builds the seed notebook's batch, reproducibly, and refuses bad sizes."""

import re

import pytest
import torch

from batchnorm_explained import make_batch


def test_shape_and_dtype_follow_the_arguments():
    x = make_batch(7, 5, 3, seed=2)
    assert x.shape == (7, 5, 3)
    assert x.dtype == torch.float32


def test_the_default_batch_is_the_notebooks_30_images_of_32x32():
    assert make_batch().shape == (30, 32, 32)


def test_same_seed_same_batch_and_other_seed_other_batch():
    assert torch.equal(make_batch(seed=3), make_batch(seed=3))
    assert not torch.equal(make_batch(seed=3), make_batch(seed=4))


def test_global_random_state_is_left_untouched():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    make_batch(seed=9)
    assert torch.equal(torch.rand(3), expected)


def test_each_image_has_an_integer_scale_in_0_5_and_offset_in_0_50():
    x = make_batch(400, 64, 64, seed=1).double()
    means, stds = x.mean(dim=(1, 2)), x.std(dim=(1, 2))
    offsets, scales = means.round(), stds.round()
    # randn * a + b: the mean is b up to noise a/64, the standard deviation is a up to a few %.
    assert torch.allclose(means, offsets, atol=0.3)
    assert torch.allclose(stds, scales, rtol=0.05, atol=1e-9)
    assert set(scales.int().tolist()) == {0, 1, 2, 3, 4}
    assert offsets.min() >= 0 and offsets.max() <= 49 and len(set(offsets.int().tolist())) > 40
    constant = scales == 0  # a_i = 0 gives a constant image, as in the notebook
    assert torch.all(x[constant] == offsets[constant].view(-1, 1, 1))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be a positive integer, got 0"),
        ({"height": -3}, ValueError, "height must be a positive integer, got -3"),
        ({"width": 0}, ValueError, "width must be a positive integer, got 0"),
        ({"batch_size": 2.5}, TypeError, "batch_size must be an integer, got 2.5"),
        ({"height": True}, TypeError, "height must be an integer, got True"),
        ({"seed": "1"}, TypeError, "seed must be an integer, got '1'"),
        ({"seed": 2**64}, ValueError, "seed must fit in 64 bits, between -2**63 and 2**64 - 1, got 18446744073709551616"),
    ],
)
def test_bad_arguments_are_named_with_their_value(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        make_batch(**kwargs)
