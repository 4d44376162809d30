"""Argument checks shared by the library: each error names the parameter and the value."""

from __future__ import annotations

import math
import numbers
import os

import torch


def integer(name: str, value: object) -> int:
    """Return ``value`` as an int if it is an integer (not a bool), else raise TypeError."""
    # bool is an int subclass, but `make_batch(True)` is a mistake, not a batch of one.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    return int(value)


def positive_int(name: str, value: object) -> int:
    """Return ``value`` if it is an integer greater than zero, else raise."""
    value = integer(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def float_tensor(name: str, value: object) -> torch.Tensor:
    """Return ``value`` if it is a floating-point tensor, else raise."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must have a floating-point dtype, got {value.dtype}")
    return value


def eps(value: object) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"eps must be a real number, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"eps must be a finite number >= 0, got {value!r}")
    return float(value)


def finite_scalar(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def affine_param(name: str, value: object, num_features: int, like: torch.Tensor) -> torch.Tensor:
    """Return gamma or beta as a tensor of shape (C,) on ``like``'s dtype and device.

    Args:
        name: ``"gamma"`` or ``"beta"``, for error messages.
        value: A real number (shared by every feature) or one value per feature
            (a sequence or a 1-D tensor of length ``num_features``).
        num_features: C, the size of dimension 1 of the input.
        like: The input tensor, whose dtype and device the result takes.
    """
    return affine_values(name, value, (num_features,), like, "one value per feature", f"num_features={num_features}")


def affine_values(name: str, value: object, shape: tuple[int, ...], like: torch.Tensor, per: str, size: str) -> torch.Tensor:
    """Return gamma or beta as a tensor of ``shape`` on ``like``'s dtype and device.

    Args:
        name: ``"gamma"`` or ``"beta"``, for error messages.
        value: A real number (shared by every element) or one value per element of
            ``shape`` (a tensor of that shape, or a flat sequence when ``shape`` is 1-D).
        shape: The shape of torch's ``weight``/``bias`` for this normalization.
        like: The input tensor, whose dtype and device the result takes.
        per: What the values belong to, for error messages, e.g. ``"one value per channel"``.
        size: The size that implies, for error messages, e.g. ``"C=4"``.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return torch.full(shape, finite_scalar(name, value), dtype=like.dtype, device=like.device)
    if isinstance(value, torch.Tensor):
        if value.dtype == torch.bool or value.is_complex():
            raise TypeError(f"{name} must hold real numbers, got a tensor of dtype {value.dtype}")
        # Keep the tensor itself (not a copy) so gradients flow back to a learnable gamma/beta.
        tensor = value.to(dtype=like.dtype, device=like.device)
    elif isinstance(value, (list, tuple)):
        tensor = torch.tensor([finite_scalar(name, v) for v in value], dtype=like.dtype, device=like.device)
    else:
        raise TypeError(f"{name} must be a real number or {per}, got {type(value).__name__}")
    if tensor.dim() > 0 and tensor.shape != shape:
        raise ValueError(f"{name} must be a scalar or have {per} ({size}), got shape {tuple(tensor.shape)}")
    if not torch.isfinite(tensor).all():
        raise ValueError(f"{name} must be finite, got {tensor.tolist()!r}")
    return tensor.expand(shape)


def finite_values(name: str, value: torch.Tensor) -> torch.Tensor:
    """Return tensor ``value`` if every element is finite, else raise ValueError naming the first that is not."""
    finite = torch.isfinite(value.detach())
    if not finite.all():
        where = tuple((~finite).nonzero()[0].tolist())
        raise ValueError(
            f"{name} must be finite, got {int((~finite).sum())} NaN or infinite value(s), "
            f"the first {value.detach()[where].item()} at index {where}"
        )
    return value


def spread(name: str, x: torch.Tensor, var: torch.Tensor, eps: float, per: str = "", statistic: str = "variance") -> None:
    """Refuse a variance that cannot normalize ``x``: one that overflows its dtype, or 0 with ``eps`` 0.

    Args:
        name: The input's name, for error messages.
        x: The (finite) input.
        var: Its variance, or one per feature (group, example, ...).
        eps: The ε added to the variance.
        per: What each variance belongs to (``"feature"``), for error messages; ``""`` when
            there is one, or no need to say which.
        statistic: What ``var`` is, for error messages (RMS normalization divides by a mean square).

    Raises:
        ValueError: If a variance is not finite (the values overflow x's dtype when squared,
            e.g. float32 values near 1e38, so the output would be all zeros), or if ``eps`` is 0
            and a variance is 0 (a constant input: the output would be 0/0, NaN).
    """
    var = var.detach()
    if not torch.isfinite(var).all():
        raise ValueError(
            f"the {statistic} of {name} overflows {x.dtype} (its largest magnitude is {x.detach().abs().max().item():.3g}), "
            f"so the output would be zeros or NaN; normalize it in float64, e.g. {name}.double()"
        )
    if eps == 0 and (var == 0).any():
        where = f" ({per} {(var.flatten() == 0).nonzero()[0].item()})" if per else ""
        raise ValueError(f"{name} has a {statistic} of 0{where} and eps=0, so normalizing would divide 0 by 0; use eps > 0")


def fits_in_memory(call: str, nbytes: int) -> None:
    """Raise ValueError if ``call`` needs more than this machine's memory, ``nbytes`` at its peak.

    Where the machine's memory cannot be read (not Linux, macOS or a BSD), nothing is checked.
    """
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return
    if nbytes > memory:
        raise ValueError(f"{call} needs {nbytes / 1e9:.1f} GB of memory at its peak, more than this machine's {memory / 1e9:.1f} GB")


def at_most(name: str, value: int, limit: int, why: str) -> int:
    """Return ``value`` if it is at most ``limit``, else raise ValueError saying ``why`` there is a limit."""
    if value > limit:
        raise ValueError(f"{name} must be at most {limit:,} ({why}), got {value:,}")
    return value
