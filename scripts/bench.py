"""Measure build times, the edit loop, Lighthouse scores and page weights (``make bench``).

Writes ``benchmarks/results.json``, which the Performance page shows; commit it with the
change it measures. The measurements are ``sitebuild.bench``.
"""

from __future__ import annotations

import argparse

from sitebuild import bench
from sitebuild.paths import BENCH_RESULTS, relative


def main() -> None:
    """Run every measurement and say where the results were written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (medians are reported)")
    bench.run(parser.parse_args().runs)
    print(f"wrote {relative(BENCH_RESULTS)}")


if __name__ == "__main__":
    main()
