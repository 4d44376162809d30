"""Find broken internal links and anchors in a built site, in every language.

    python scripts/check_links.py site/ [--base-path /repo/]

It prints one line per broken link (the page, the link and what is wrong) and exits 1 if
there is any. The check itself is ``sitebuild.links``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitebuild.links import broken_links


def main() -> None:
    """Check the site given on the command line; exit 1 if any link is broken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site's folder")
    parser.add_argument("--base-path", default="/", help="the URL path the site is served under")
    arguments = parser.parse_args()
    problems = broken_links(arguments.site, arguments.base_path)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in arguments.site.rglob("*.html"))
    print(f"{len(problems)} broken links in {pages} pages", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
