"""Which values of an (N, C, H, W) tensor share one mean and one variance, for each normalization.

The schematic of Wu & He (2018, arXiv:1803.08494), Figure 2, extended with RMS
normalization: one cube per method, its axes the examples N, the channels C and the positions
H, W (flattened into one axis), with the values that share one set of statistics shaded.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib as mpl
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import _checks
from .locales import DEFAULT_LANGUAGE, text

__all__ = ["plot_normalization_axes"]

_N, _C, _HW = 4, 6, 4  # cells along each axis of the drawn tensor
_GROUP = 2  # channels per group in the group-normalization cube: C/G with G = 3
_DEPTH = np.array([0.45, 0.3])  # one example of depth, drawn obliquely up and to the right

# For each method: its label key and which cells (n, c) share the statistics of the shaded
# set (every position h of those cells does: no method splits the H, W axis).
_METHODS: tuple[tuple[str, Callable[[int, int], bool]], ...] = (
    ("batch", lambda n, c: c == 0),  # one channel, over every example and position
    ("layer", lambda n, c: n == 0),  # one example, over every channel and position
    ("instance", lambda n, c: n == 0 and c == 0),  # one channel of one example
    ("group", lambda n, c: n == 0 and c < _GROUP),  # a group of channels of one example
    ("rms", lambda n, c: n == 0),  # the set of layer normalization, without the mean
)


def plot_normalization_axes(*, lang: str = DEFAULT_LANGUAGE, columns: int = 3) -> Figure:
    """Draw one cube per normalization, shading the values that share one mean and variance.

    Batch, layer, instance and group normalization as in Wu & He (2018), Figure 2, and RMS
    normalization, whose set is layer normalization's. The front face of each cube is the
    first example; the shaded cells are one set of statistics, and every other set is its
    copy along the unshaded axes. Colours follow the rcParams in force when it is called:
    ``C0`` of the colour cycle for the shaded cells, ``axes.facecolor`` for the others,
    ``axes.edgecolor`` for the lines and ``text.color`` for the labels, so a
    ``matplotlib.rc_context`` (e.g. a dark style) restyles the whole figure.

    Args:
        lang: Language of the labels, a code from ``languages.toml``.
        columns: Cubes per row: 3 (two rows) reads well on a phone, 5 puts them in one row.

    Returns:
        The figure, with one panel per method and a key (in the free slot of the grid, or
        below the panels when there is none).

    Raises:
        TypeError: If ``columns`` is not an integer.
        ValueError: If ``columns`` is not from 1 to 5 or ``lang`` is not listed.
    """
    columns = _checks.positive_int("columns", columns)
    if columns > len(_METHODS):
        raise ValueError(f"columns must be from 1 to {len(_METHODS)}, got {columns}")
    rows = -(-len(_METHODS) // columns)
    spare_slot = rows * columns > len(_METHODS)
    # One column is a phone's figure: as wide as the key below it, which needs 3.3 inches.
    figure = Figure(figsize=(max(2.2 * columns, 3.3), 2.1 * rows + (0 if spare_slot else 0.9)), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).flatten()
    colors = _colors()
    for ax, (key, shaded) in zip(axes, _METHODS, strict=False):
        _draw_cube(ax, shaded, colors)
        ax.set_title(text(f"normalization_axes.{key}", lang), fontsize="large", fontweight="bold")
        ax.text(_C / 2, -0.9, text(f"normalization_axes.{key}_set", lang), ha="center", va="top", fontsize="medium")
    key = [Patch(facecolor=colors["shaded"], edgecolor=colors["edge"], label=text("normalization_axes.shaded", lang))]
    key += [Patch(visible=False, label=text(f"normalization_axes.axis_{axis}", lang)) for axis in ("n", "c", "hw")]
    spare = axes[len(_METHODS) :]
    if len(spare) > 0:  # the key in the first free slot of the grid, where it costs no height
        spare[0].legend(handles=key, loc="center", fontsize="medium", frameon=False, handlelength=1.2)
        spare[0].axis("off")
        for ax in spare[1:]:
            ax.remove()
    else:
        # One column of key under one column of cubes: two would be wider than the cubes.
        figure.legend(handles=key, loc="outside lower center", ncols=min(columns, 2), fontsize="medium", frameon=False, handlelength=1.2)
    return figure


def _colors() -> dict[str, tuple[float, float, float]]:
    params = mpl.rcParams
    shaded = to_rgb(params["axes.prop_cycle"].by_key()["color"][0])
    plain = to_rgb(params["axes.facecolor"])
    return {"shaded": shaded, "plain": plain, "edge": to_rgb(params["axes.edgecolor"]), "text": to_rgb(params["text.color"])}


def _draw_cube(ax, shaded: Callable[[int, int], bool], colors: dict) -> None:
    """Draw the visible faces of the (N, C, H·W) cube cell by cell, front face = example 0."""
    front = [_cell((c, h), (1, 0), (0, 1), 0) for c in range(_C) for h in range(_HW)]  # C × H·W
    top = [_cell((c, _HW), (1, 0), _DEPTH, n) for n in range(_N) for c in range(_C)]  # N × C
    side = [_cell((_C, h), _DEPTH, (0, 1), n) for n in range(_N) for h in range(_HW)]  # N × H·W
    cells = {
        # Faces turned away from the light are drawn darker, to read as a solid.
        "front": (front, [shaded(0, c) for c in range(_C) for _ in range(_HW)], 1.0),
        "top": (top, [shaded(n, c) for n in range(_N) for c in range(_C)], 0.85),
        "side": (side, [shaded(n, _C - 1) for n in range(_N) for _ in range(_HW)], 0.7),
    }
    for polygons, flags, light in cells.values():
        faces = [np.array(colors["shaded" if flag else "plain"]) * light for flag in flags]
        ax.add_collection(PolyCollection(polygons, facecolors=faces, edgecolors=[colors["edge"]], linewidths=0.6))
    depth = _N * _DEPTH
    label = {"color": colors["text"], "fontsize": "medium", "fontstyle": "italic"}
    ax.text(_C / 2, -0.15, "C", ha="center", va="top", **label)
    ax.text(-0.2, _HW / 2, "H, W", ha="right", va="center", rotation=90, **label)
    ax.text(_C + depth[0] / 2 + 0.2, depth[1] / 2 - 0.1, "N", ha="left", va="top", **label)  # by the depth edge
    ax.set_xlim(-1.3, _C + depth[0] + 0.9)
    ax.set_ylim(-0.9, _HW + depth[1] + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")


def _cell(corner: tuple[float, float], across, up, depth: int) -> np.ndarray:
    # The parallelogram with one corner at ``corner`` pushed back ``depth`` examples.
    origin = np.asarray(corner, dtype=float) + depth * _DEPTH
    across, up = np.asarray(across, dtype=float), np.asarray(up, dtype=float)
    return np.array([origin, origin + across, origin + across + up, origin + up])
