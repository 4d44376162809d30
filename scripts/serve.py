"""Preview the site with live reload at http://127.0.0.1:8000 (``make serve``).

``--language it`` previews one language alone, at the root, without the language menu. The
preview is ``sitebuild.devserver``.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
from pathlib import Path

from sitebuild import devserver, languages


def main() -> None:
    """Build, serve and watch until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve at")
    parser.add_argument("--language", choices=languages.codes(), help="preview this language alone")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, port = arguments.address.rsplit(":", 1)
    folder = Path(tempfile.mkdtemp(prefix="batchnorm-explained-serve-"))
    try:
        devserver.serve(host, int(port), folder, alone=arguments.language)
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
