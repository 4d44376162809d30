"""The seed notebook's example input: a batch of noisy images with different scales and offsets."""

from __future__ import annotations

import torch

from . import _checks

__all__ = ["make_batch"]


def make_batch(batch_size: int = 30, height: int = 32, width: int = 32, *, seed: int = 0) -> torch.Tensor:
    """Build the notebook's batch of random images.

    Image ``i`` is ``randn(height, width) * a_i + b_i`` with integers ``a_i`` drawn from
    ``[0, 5)`` and ``b_i`` from ``[0, 50)``, exactly as the original notebook does with
    ``randn * randint(5) + randint(50)``. The images therefore differ wildly in scale and
    offset (an image with ``a_i = 0`` is constant), which is what makes the histogram of the
    whole batch ragged before normalization.

    Args:
        batch_size: Number of images, m in the paper's notation.
        height: Height of each image in pixels.
        width: Width of each image in pixels.
        seed: Seed of a private random generator; the same seed always gives the same batch
            and the global random state is left untouched.

    Returns:
        A float32 tensor of shape ``(batch_size, height, width)``.

    Raises:
        TypeError: If a size or the seed is not an integer.
        ValueError: If a size is not positive, the batch would need more memory than the
            machine has, or the seed does not fit in 64 bits.

    Examples:
        >>> x = make_batch(4, 8, 8, seed=1)
        >>> tuple(x.shape), x.dtype
        ((4, 8, 8), torch.float32)
        >>> torch.equal(x, make_batch(4, 8, 8, seed=1))
        True
    """
    batch_size = _checks.positive_int("batch_size", batch_size)
    height = _checks.positive_int("height", height)
    width = _checks.positive_int("width", width)
    seed = _checks.integer("seed", seed)
    # At its peak: a_i and b_i as int64, then the noise, its product and the sum as float32.
    peak = 16 * batch_size + 12 * batch_size * height * width
    _checks.fits_in_memory(f"make_batch(batch_size={batch_size}, height={height}, width={width})", peak)

    if not -(2**63) <= seed < 2**64:  # what torch.Generator.manual_seed accepts
        raise ValueError(f"seed must fit in 64 bits, between -2**63 and 2**64 - 1, got {seed!r}")
    generator = torch.Generator().manual_seed(seed)
    scales = torch.randint(0, 5, (batch_size, 1, 1), generator=generator)  # a_i, (N, 1, 1)
    offsets = torch.randint(0, 50, (batch_size, 1, 1), generator=generator)  # b_i, (N, 1, 1)
    noise = torch.randn(batch_size, height, width, generator=generator)  # (N, H, W)
    return noise * scales + offsets
