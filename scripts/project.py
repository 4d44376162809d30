"""Where things are: the project's paths, its languages, and a digest of the library's source.

Build scripts and the MkDocs hooks import this module; it imports neither torch nor
matplotlib, so a build whose outputs are all cached never pays for them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "src" / "batchnorm_explained"
CACHE_DIR = ROOT / ".cache"
DOCS_DIR = ROOT / "docs"


def _load_locales():
    # The library's own locales module, loaded by path: importing it as
    # `batchnorm_explained.locales` would run the package's __init__ and import torch.
    spec = importlib.util.spec_from_file_location("_batchnorm_explained_locales", PACKAGE_DIR / "locales.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


locales = _load_locales()


def language_codes() -> list[str]:
    """Return the site's language codes, the default language first."""
    return [language.code for language in locales.languages()]


def config_file(code: str) -> Path:
    """Return the MkDocs config of language ``code``: ``mkdocs.yml`` for the default one."""
    return ROOT / ("mkdocs.yml" if code == locales.DEFAULT_LANGUAGE else f"mkdocs.{code}.yml")


def site_prefix(code: str) -> str:
    """Return the folder of language ``code`` inside the assembled site (``""`` for the default)."""
    return "" if code == locales.DEFAULT_LANGUAGE else f"{code}/"


def library_digest() -> str:
    """Return a SHA-256 digest of the library's source and strings.

    Everything executed at build time depends on the library, so this digest is part of
    every build cache key: editing ``src/`` re-executes what depends on it, and nothing else
    changes the key.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".toml"}:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


if __name__ == "__main__":
    # `python scripts/project.py config [CODE]` prints a language's MkDocs config (for make).
    arguments = sys.argv[1:] + [locales.DEFAULT_LANGUAGE] * (len(sys.argv) == 2)
    if len(arguments) != 2 or arguments[0] != "config" or arguments[1] not in language_codes():
        sys.exit(f"LANGUAGE must be one of {', '.join(language_codes())}, got {' '.join(arguments[1:])!r}")
    print(config_file(arguments[1]).relative_to(ROOT))
