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

# The targets of issue 18 ("Fast with everything in"), on the 2-core machine make bench runs on.
COLD_TARGET = 10.0  # seconds, every cache empty
COLD_TRAINED_TARGET = 6.0  # seconds, the training caches kept
WARM_RATIO_TARGET = 1.10  # warm build ÷ the MkDocs floor
EDIT_TARGET = 0.5  # seconds, a saved page visible under make serve
LANGUAGE_COLD_TARGET = 1.5  # seconds each added language adds to a cold build
LANGUAGE_WARM_TARGET = 0.5  # seconds each added language adds to a warm build
PERFORMANCE_TARGET = 95  # Lighthouse performance, every run; the other categories 100
FIGURE1_TARGET = 20.0  # seconds, training both networks from a cold start
SCHEMES = ("light", "dark")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


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
    parts = [_builds(results, lang), _src_edit(results, lang), _playground(results, lang), _pages(results, lang), _figure1(results, lang)]
    return "\n\n".join(parts)


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
    builds, loop, added = results["builds"], results["edit_loop"], results["languages"]

    def seconds(value: float) -> str:
        return _t("seconds", lang, value=_n(value, lang))

    def at_most(value: float, unit: str = "at_most_seconds") -> str:
        return _t(unit, lang, value=_n(value, lang, None))

    head = [_t(key, lang) for key in ("measure", "median", "min", "max", "target", "result")]
    timed = [
        (_t("cold", lang), builds["cold"], COLD_TARGET),
        (_t("cold_trained", lang), builds["cold_trained"], COLD_TRAINED_TARGET),
        (_t("warm", lang), builds["warm"], None),
        (_t("floor", lang), builds["floor"], None),
        *((_t("edit_loop", lang, language=strings.language_name(code, lang)), stats, EDIT_TARGET) for code, stats in loop.items()),
    ]
    lines = [_row(head), _row(["---"] * len(head))]
    for label, stats, target in timed:
        met = "" if target is None else _met(stats["median"] <= target, lang)
        lines.append(
            _row([label, *(seconds(stats[key]) for key in ("median", "min", "max")), "" if target is None else at_most(target), met])
        )
    ratio = builds["warm_over_floor"]
    single = [
        (_t("warm_over_floor", lang), f"{_n(ratio, lang)}×", at_most(WARM_RATIO_TARGET, "at_most_times"), ratio <= WARM_RATIO_TARGET),
        *(
            (
                _t(f"language_{kind}", lang, count=len(added["added"])),
                seconds(added[f"{kind}_per_language"]),
                at_most(target),
                added[f"{kind}_per_language"] <= target,
            )
            for kind, target in (("cold", LANGUAGE_COLD_TARGET), ("warm", LANGUAGE_WARM_TARGET))
        ),
        (
            _t("reproducible", lang),
            _t("identical" if builds["reproducible"] else "different", lang, files=builds["files"]),
            _t("identical_target", lang),
            bool(builds["reproducible"]),
        ),
    ]
    for label, value, target, ok in single:
        lines.append(_row([label, value, "", "", target, _met(ok, lang)]))
    intro = _t(
        "builds_intro", lang, date=_date(results, lang), machine=_machine(results, lang), commit=results["commit"], runs=results["runs"]
    )
    return intro + "\n\n" + "\n".join(lines)


def _date(results: dict, lang: str) -> str:
    year, month, day = (int(part) for part in results["date"].split("-"))
    # "1º dicembre" in Italian: the first of the month is an ordinal.
    return _t("date_first" if day == 1 else "date", lang, year=year, month=_t(f"months.{month}", lang), day=day)


def _src_edit(results: dict, lang: str) -> str:
    edit = results["src_edit"]
    parts = ", ".join(
        _t(f"redone_{kind}", lang, redone=edit["redone"][kind], total=edit["total"][kind]) for kind in ("figures", "notebooks", "snippets")
    )
    return _t("src_edit", lang, file=f"`{edit['file']}`", parts=parts, seconds=_n(edit["seconds"], lang))


def _playground(results: dict, lang: str) -> str:
    trained = results["playground"]
    first, second = trained["steps_per_second"]
    return _t(
        "playground",
        lang,
        first=_n(first, lang, 0),
        second=_n(second, lang, 0),
        seconds=_n(trained["seconds"], lang, 0),
        kilobytes=_n(trained["transferred_bytes"] / 1000, lang, 0),
    )


def _pages(results: dict, lang: str) -> str:
    head = [_t(key, lang) for key in ("page", "weight", "performance", "accessibility", "best_practices", "seo")]
    lines = [_row(head), _row(["---"] * len(head))]
    pages = results["pages"]
    for page, data in pages.items():
        weight = _t("kilobytes", lang, value=_n(data["bytes"] / 1000, lang, 0))
        lines.append(_row([f"`{page}`", weight, *(" / ".join(str(data[scheme][key]) for scheme in SCHEMES) for key in CATEGORIES)]))
    lowest = {key: min(data[scheme][key] for data in pages.values() for scheme in SCHEMES) for key in CATEGORIES}
    met = lowest["performance"] >= PERFORMANCE_TARGET and all(lowest[key] == 100 for key in CATEGORIES[1:])
    summary = _t(
        "pages_summary",
        lang,
        runs=results["runs"],
        performance=lowest["performance"],
        accessibility=lowest["accessibility"],
        best_practices=lowest["best-practices"],
        seo=lowest["seo"],
        target=PERFORMANCE_TARGET,
        result=_met(met, lang),
        heaviest=_n(max(data["bytes"] for data in pages.values()) / 1000, lang, 0),
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
        date=_date(results, lang),
    )


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
