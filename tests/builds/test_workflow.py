"""The GitHub Actions workflow that tests, publishes and previews the site."""

from __future__ import annotations

import re

import yaml
from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_every_action_is_pinned_to_a_commit_with_its_exact_version():
    uses = [line.split("uses:", 1)[1].strip() for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses
    assert [use for use in uses if not PINNED.match(use)] == []


def test_it_runs_on_pushes_to_main_and_on_pull_requests():
    triggers = workflow()[True]  # YAML reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_the_build_runs_the_test_command_before_building_and_uploading():
    names = [step.get("run", step.get("uses", "")) for step in steps("build")]
    test = names.index("make test")
    build = next(i for i, name in enumerate(names) if "make pdf" in name)  # the site, then its PDFs
    # The translations' structural check blocks a pull request (CI=1 makes its flags errors).
    assert names.index("make translations CI=1") < test
    assert "make translations" not in names
    pages = next(i for i, name in enumerate(names) if name.startswith("actions/upload-pages-artifact@"))
    preview = next(i for i, name in enumerate(names) if name.startswith("actions/upload-artifact@"))
    assert test < build < pages and build < preview
    by_action = {step["uses"].split("@")[0]: step for step in steps("build") if "uses" in step}
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert by_action["actions/upload-pages-artifact"]["if"] == "github.event_name != 'pull_request'"
    assert by_action["actions/upload-artifact"]["with"]["path"] == "site"
    assert by_action["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"


def test_only_main_is_deployed_and_only_the_deploy_job_may_write_pages():
    jobs = workflow()["jobs"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow()["permissions"] == {"contents": "read"}
    assert "permissions" not in jobs["build"]


def test_the_published_build_names_its_repository_and_address():
    (step,) = [step for step in steps("build") if "make pdf" in step.get("run", "")]
    assert step["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert 'export SITE_URL="${PAGES_URL%/}/"' in step["run"]


def test_downloads_and_the_builds_cache_are_restored_before_anything_is_installed_or_built():
    names = [step.get("run", step.get("uses", "")) for step in steps("build")]
    caches = [(index, step["with"]) for index, step in enumerate(steps("build")) if step.get("uses", "").startswith("actions/cache@")]
    paths = {line.strip() for _, cached in caches for line in cached["path"].splitlines()}
    assert {"~/.cache/pip", "~/.npm", ".cache"} <= paths
    assert all(index < names.index("make translations CI=1") for index, _ in caches)
    (build,) = [cached for _, cached in caches if cached["path"] == ".cache"]
    # Saved per commit, restored from the latest run: its entries are keyed on their inputs,
    # so an entry restored from another commit is used only where its inputs did not change.
    assert build["key"].endswith("${{ github.sha }}")
    assert build["key"].startswith(build["restore-keys"])
