"""Argument checks shared by the library: each error names the parameter and the value."""

from __future__ import annotations

import math
import numbers

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
