"""The figures' two colour schemes, light and dark, as matplotlib settings.

Every plot function of the library takes its colours from the rcParams in force when it is
called: the colour cycle (``C0``, ``C1``, …), the text, axes and background colours. A figure
drawn inside ``figure_style("dark")`` is therefore the dark version of the same figure; the
site draws each of its figures in both schemes, to match its light and dark pages.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

__all__ = ["SCHEMES", "figure_style"]

SCHEMES = ("light", "dark")
"""The colour schemes ``figure_style`` knows, the default first."""

# The settings each scheme sets; matplotlib is imported only when a figure is styled, so the
# site's build can read SCHEMES without it.
_KEYS = (
    "axes.edgecolor",
    "axes.facecolor",
    "axes.labelcolor",
    "axes.prop_cycle",
    "figure.edgecolor",
    "figure.facecolor",
    "grid.color",
    "legend.edgecolor",
    "patch.edgecolor",
    "savefig.edgecolor",
    "savefig.facecolor",
    "text.color",
    "xtick.color",
    "ytick.color",
)
# Light: matplotlib's own defaults (``None`` here), set explicitly so that a dark matplotlibrc
# does not leak in. Dark: the background of the site's dark pages (Material's "slate",
# hsl(232, 15%, 14%)), light grey text (11:1 on it) and the default cycle's hues, lightened so
# that each line or bar stands out from the background by 6:1 or more (WCAG asks 3:1 of graphics).
_BACKGROUND = "#1e2029"
_DARK = {
    "axes.edgecolor": "#a8adb8",
    "axes.facecolor": _BACKGROUND,
    "axes.labelcolor": "#d6d9e0",
    "axes.prop_cycle": ["#5aa9e6", "#ffa24c", "#5fcf65", "#ff7a75", "#c4a2f0", "#d4a373", "#f59fd6", "#b5b5b5", "#d8d84a", "#4fd6e3"],
    "figure.edgecolor": _BACKGROUND,
    "figure.facecolor": _BACKGROUND,
    "grid.color": "#4a4f5c",
    "legend.edgecolor": "#5d6270",
    "patch.edgecolor": "#d6d9e0",
    "savefig.edgecolor": _BACKGROUND,
    "savefig.facecolor": _BACKGROUND,
    "text.color": "#d6d9e0",
    "xtick.color": "#d6d9e0",
    "ytick.color": "#d6d9e0",
}
_STYLES = {"light": dict.fromkeys(_KEYS), "dark": _DARK}


def figure_style(scheme: str = "light") -> AbstractContextManager:
    """Return a context in which the library's figures are drawn in colour scheme ``scheme``.

    Args:
        scheme: ``"light"`` (dark text on white, matplotlib's colours) or ``"dark"`` (light
            text on the site's dark background, lighter colours).

    Returns:
        A ``matplotlib.rc_context``: draw (and save) the figure inside it.

    Raises:
        ValueError: If ``scheme`` is not one of ``SCHEMES``.

    Examples:
        >>> from batchnorm_explained import describe_batch, figure_style, make_batch
        >>> with figure_style("dark"):
        ...     figure = describe_batch(make_batch(seed=0))
        >>> figure.get_facecolor()[:3] != (1.0, 1.0, 1.0)
        True
    """
    if scheme not in _STYLES:
        raise ValueError(f"scheme must be one of {', '.join(map(repr, SCHEMES))}, got {scheme!r}")
    import matplotlib as mpl
    from cycler import cycler

    settings = {key: mpl.rcParamsDefault[key] if value is None else value for key, value in _STYLES[scheme].items()}
    if isinstance(settings["axes.prop_cycle"], list):
        settings["axes.prop_cycle"] = cycler(color=settings["axes.prop_cycle"])
    return mpl.rc_context(settings)
