"""Print the built site's explainer into one PDF per language (``make pdf``, after ``make site``).

    python scripts/make_pdf.py [site/] [--language it]

Each PDF is written into its language's folder of the site (``pdf/``); the logic is
``sitebuild.pdf``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sitebuild import languages, pdf


def main() -> None:
    """Print the site given on the command line (default ``site/``) and say where each PDF went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site's folder")
    parser.add_argument("--language", choices=languages.codes(), action="append", help="only this language (repeatable)")
    arguments = parser.parse_args()
    started = time.perf_counter()
    for written in pdf.make(arguments.site, arguments.language):
        print(f"Wrote {written} ({written.stat().st_size // 1024} KB)")
    print(f"Printed in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
