"""Build every language into ``site/`` (``make site``); a failed build leaves ``site/`` as it was.

Usage: ``python scripts/build_site.py [--site-dir DIR] [--no-strict] [--language CODE ...]``.
The work is done by ``sitebuild.pipeline``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitebuild import languages, pipeline
from sitebuild.paths import ROOT


def main() -> None:
    """Parse the command line and build the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    parser.add_argument("--language", action="append", choices=languages.codes(), help="build only this language (repeatable)")
    arguments = parser.parse_args()
    sys.exit(0 if pipeline.build_site(arguments.site_dir, arguments.strict, arguments.language) else 1)


if __name__ == "__main__":
    main()
