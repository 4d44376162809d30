"""Every translation's state, and the record that a page is up to date (``make translations``, ``make translated``).

    python scripts/translations.py status [--lang it] [--ci]   # what `make translations` runs
    python scripts/translations.py record docs/it/why.md       # what `make translated` runs

The checks are ``sitebuild.translations``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitebuild import languages, translations
from sitebuild.paths import relative


def main() -> None:
    """``status``: print every translation's state; ``record``: mark a page as up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("status", help="print every page's state in every translation")
    show.add_argument("--lang", action="append", choices=languages.translations(), help="default: every translation")
    show.add_argument("--ci", action="store_true", help="exit 1 on a structural difference or anything the build refuses in a page (CI)")
    mark = commands.add_parser("record", help="record that a translated page matches its English source now")
    mark.add_argument("pages", nargs="+", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "record":
        for page in arguments.pages:
            try:
                print(f"{relative(page)}: {translations.RECORD_KEY}: {translations.record(page)}")
            except ValueError as error:
                sys.exit(str(error))
        return
    broken = translations.print_status(arguments.lang or languages.translations())
    sys.exit(1 if arguments.ci and broken else 0)


if __name__ == "__main__":
    main()
