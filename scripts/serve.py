"""Preview the site with live reload at http://127.0.0.1:8000 (``make serve``).

``--language it`` previews one language alone, at the root, without the language menu. The
preview is ``sitebuild.devserver``. It works in a folder of the temporary folder that it owns
(``sitebuild.folders.owned``) and removes when it stops, by Ctrl-C or SIGTERM; it first
removes the folders of previews that were killed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from sitebuild import devserver, folders, interrupts, languages

PREFIX = "batchnorm-explained-serve-"


def main() -> None:
    """Build, serve and watch until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve at")
    parser.add_argument("--language", choices=languages.codes(), help="preview this language alone")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, port = arguments.address.rsplit(":", 1)
    interrupts.terminate_like_ctrl_c()
    temporary = Path(tempfile.gettempdir())
    folders.sweep(temporary, PREFIX)
    try:
        with folders.owned(temporary, PREFIX) as folder:
            devserver.serve(host, int(port), folder, alone=arguments.language)
    except KeyboardInterrupt as interrupt:
        print(f"Stopped ({str(interrupt) or 'Ctrl-C'}).", file=sys.stderr)
        sys.exit(interrupts.exit_code(interrupt))


if __name__ == "__main__":
    main()
