"""Fixtures every folder of tests shares: the site, built once for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO_URL, ROOT, build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, built strictly from the repository as `make site` builds it, for a repository as the deploy workflow does."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build_site(ROOT, site_dir, env={"REPO_URL": REPO_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir
