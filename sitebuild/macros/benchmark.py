"""``{{ benchmark_results() }}``: the Performance page's tables, from ``benchmarks/results.json``.

``make bench`` writes the file (``sitebuild.bench``); this renders it in the page's language
and number format. The Figure 1 page writes ``{{ benchmark_results("figure1") }}`` for the time
its training takes.
"""

from __future__ import annotations

import json

from batchnorm_explained.locales import format_number
from sitebuild import strings
from sitebuild.macros.expand import Page
from sitebuild.outputs.training import FIGURE1
from sitebuild.paths import BENCH_RESULTS

COLD_TARGET = 10.0  # seconds
WARM_RATIO_TARGET = 1.25
EDIT_TARGET = 1.5  # seconds
FIGURE1_TARGET = 20.0  # seconds, training both networks from a cold start


def benchmark_results(page: Page, part: str = "") -> str:
    """Return the benchmark results as Markdown in the page's language.

    Args:
        page: The page that shows them.
        part: ``""`` for the Performance page's tables, ``"figure1"`` for the Figure 1
            training time.

    Raises:
        ValueError: If ``part`` is not one of those.
    """
    if part not in ("", "figure1"):
        raise ValueError(f'unknown benchmark part {part!r}: use benchmark_results() or benchmark_results("figure1")')
    lang = page.lang
    if not BENCH_RESULTS.exists():
        return _t("missing", lang)
    results = json.loads(BENCH_RESULTS.read_text(encoding="utf-8"))
    if part == "figure1":
        return _figure1(results, lang)
    return "\n\n".join([_builds(results, lang), _src_edit(results, lang), _pages(results, lang), _figure1(results, lang)])


def _t(key: str, lang: str, **fields: object) -> str:
    return strings.text(f"bench.{key}", lang, **fields)


def _n(value: float, lang: str, digits: int | None = 2) -> str:
    return format_number(value, lang, digits)


def _machine(results: dict, lang: str) -> str:
    # Numbers in the file, words at render time: "2 cores" in English, "2 core" in Italian.
    machine = results["machine"]
    cores = _t("cores_one", lang) if machine["cores"] == 1 else _t("cores", lang, count=machine["cores"])
    return f"{cores}, Python {machine['python']}"


def _met(ok: bool, lang: str) -> str:
    return _t("met" if ok else "not_met", lang)


def _builds(results: dict, lang: str) -> str:
    builds, loop = results["builds"], results["edit_loop"]

    def seconds(value: float) -> str:
        return _t("seconds", lang, value=_n(value, lang))

    head = [_t(key, lang) for key in ("measure", "median", "min", "max", "target", "result")]
    cold_target = _t("at_most_seconds", lang, value=_n(COLD_TARGET, lang, None))
    rows = [
        ("cold", builds["cold"], cold_target, builds["cold"]["median"] <= COLD_TARGET),
        *(
            [("cold_trained", builds["cold_trained"], cold_target, builds["cold_trained"]["median"] <= COLD_TARGET)]
            if "cold_trained" in builds
            else []
        ),
        ("warm", builds["warm"], "", None),
        ("floor", builds["floor"], "", None),
    ]
    lines = [_row(head), _row(["---"] * len(head))]
    for key, stats, target, ok in rows:
        cells = [
            _t(key, lang),
            seconds(stats["median"]),
            seconds(stats["min"]),
            seconds(stats["max"]),
            target,
            "" if ok is None else _met(ok, lang),
        ]
        lines.append(_row(cells))
    ratio = builds["warm_over_floor"]
    lines.append(
        _row(
            [
                _t("warm_over_floor", lang),
                f"{_n(ratio, lang)}×",
                "",
                "",
                f"≤ {_n(WARM_RATIO_TARGET, lang)}×",
                _met(ratio <= WARM_RATIO_TARGET, lang),
            ]
        )
    )
    for code, stats in loop.items():
        lines.append(
            _row(
                [
                    _t("edit_loop", lang, language=strings.language_name(code, lang)),
                    seconds(stats["median"]),
                    seconds(stats["min"]),
                    seconds(stats["max"]),
                    _t("at_most_seconds", lang, value=_n(EDIT_TARGET, lang)),
                    _met(stats["median"] <= EDIT_TARGET, lang),
                ]
            )
        )
    same = builds["reproducible"]
    lines.append(
        _row(
            [
                _t("reproducible", lang),
                _t("identical" if same else "different", lang, files=builds["files"]),
                "",
                "",
                _t("identical_target", lang),
                _met(bool(same), lang),
            ]
        )
    )
    intro = _t("builds_intro", lang, machine=_machine(results, lang), commit=results["commit"], runs=builds["cold"]["runs"])
    return intro + "\n\n" + "\n".join(lines)


def _src_edit(results: dict, lang: str) -> str:
    edit = results["src_edit"]
    parts = ", ".join(
        _t(f"redone_{kind}", lang, redone=edit["redone"][kind], total=edit["total"][kind]) for kind in ("figures", "notebooks", "snippets")
    )
    return _t("src_edit", lang, file=f"`{edit['file']}`", parts=parts, seconds=_n(edit["seconds"], lang))


def _pages(results: dict, lang: str) -> str:
    head = [_t(key, lang) for key in ("page", "weight", "performance", "accessibility", "best_practices", "seo")]
    lines = [_row(head), _row(["---"] * len(head))]
    for page, data in results["pages"].items():
        weight = _t("kilobytes", lang, value=_n(data["bytes"] / 1000, lang, 0))
        lines.append(_row([f"`{page}`", weight, *(str(data[key]) for key in ("performance", "accessibility", "best-practices", "seo"))]))
    pages = results["pages"].values()
    worst = {key: min(page[key] for page in pages) for key in ("performance", "accessibility", "best-practices", "seo")}
    summary = _t(
        "pages_summary",
        lang,
        runs=results["builds"]["cold"]["runs"],
        performance=worst["performance"],
        accessibility=worst["accessibility"],
        best_practices=worst["best-practices"],
        seo=worst["seo"],
        heaviest=_n(max(page["bytes"] for page in pages) / 1000, lang, 0),
        largest=_n(max(results["figures"].values()) / 1000, lang, 0),
    )
    return summary + "\n\n" + "\n".join(lines)


def _figure1(results: dict, lang: str) -> str:
    if "figure1" not in results:
        return _t("missing", lang)
    stats = results["figure1"]
    return _t(
        "figure1",
        lang,
        median=_n(stats["median"], lang),
        min=_n(stats["min"], lang),
        max=_n(stats["max"], lang),
        runs=stats["runs"],
        target=_n(FIGURE1_TARGET, lang, None),
        result=_met(stats["median"] <= FIGURE1_TARGET, lang),
        steps=format_number(FIGURE1["steps"], lang, 0, grouped=True),
        machine=_machine(results, lang),
        commit=results["commit"],
    )


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
