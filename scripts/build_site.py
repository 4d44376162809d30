"""Build every language into ``site/`` (``make site``); a failed build leaves ``site/`` as it was.

Usage: ``python scripts/build_site.py [--site-dir DIR] [--no-strict] [--language CODE ...]``.
The work is done by ``sitebuild.pipeline``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sitebuild import BuildError, interrupts, languages, pipeline
from sitebuild.paths import ROOT


def main() -> None:
    """Parse the command line and build the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    parser.add_argument("--language", action="append", choices=languages.codes(), help="build only this language (repeatable)")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    interrupts.terminate_like_ctrl_c()
    try:
        built = pipeline.build_site(arguments.site_dir, arguments.strict, arguments.language)
    except BuildError as error:
        sys.exit(f"ERROR   -  {error}")
    except KeyboardInterrupt as interrupt:
        print(f"Stopped ({str(interrupt) or 'Ctrl-C'}); {arguments.site_dir} was left as it was.", file=sys.stderr)
        sys.exit(interrupts.exit_code(interrupt))
    sys.exit(0 if built else 1)


if __name__ == "__main__":
    main()
