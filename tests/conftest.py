"""Fixtures every folder of tests shares: the site, built once for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, built strictly from the repository as `make site` builds it."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build_site(ROOT, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir
