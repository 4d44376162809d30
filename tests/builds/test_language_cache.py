"""A language whose inputs did not change is copied from the cache, not built again; any change to an input rebuilds it."""

from __future__ import annotations

import re

from helpers import CODES, REPO_URL, ROOT, build_site, copy_project, digest, language_root

from sitebuild import language_cache, pipeline

COPIED = "Its inputs did not change"
BUILT = "Documentation built in"


def test_a_build_with_nothing_changed_copies_every_language_and_publishes_the_same_bytes(tmp_path):
    project = copy_project(tmp_path / "project")
    first = build_site(project, tmp_path / "first")
    assert first.returncode == 0, first.stdout + first.stderr
    again = build_site(project, tmp_path / "again")
    assert again.returncode == 0, again.stdout + again.stderr
    assert BUILT not in again.stdout  # MkDocs did not run
    assert [code for code in CODES if f"[{code}] INFO    -  {COPIED}" in again.stdout] == CODES
    assert digest(tmp_path / "again") == digest(tmp_path / "first")


def test_an_edited_page_or_another_repository_rebuilds_every_language_but_an_edited_test_does_not(tmp_path):
    project = copy_project(tmp_path / "project")
    assert build_site(project, tmp_path / "first").returncode == 0
    with (project / "docs" / "it" / "why.md").open("a", encoding="utf-8") as page:
        page.write("\nUna riga aggiunta dal test.\n")
    edited = build_site(project, tmp_path / "edited")
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert COPIED not in edited.stdout
    assert "Una riga aggiunta dal test." in (language_root(tmp_path / "edited", "it") / "why" / "index.html").read_text(encoding="utf-8")

    moved = build_site(project, tmp_path / "moved", env={"REPO_URL": REPO_URL + "-moved"})
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert COPIED not in moved.stdout
    assert f'href="{REPO_URL}-moved"' in (tmp_path / "moved" / "index.html").read_text(encoding="utf-8")

    (project / "tests" / "test_new.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    tested = build_site(project, tmp_path / "tested", env={"REPO_URL": REPO_URL + "-moved"})
    assert [code for code in CODES if f"[{code}] INFO    -  {COPIED}" in tested.stdout] == CODES


def test_the_key_covers_every_environment_variable_the_configuration_and_the_build_read():
    read = set(re.findall(r"!ENV \[?(\w+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    for path in [*(ROOT / "sitebuild").rglob("*.py"), *(ROOT / "scripts").glob("*.py")]:
        read |= set(re.findall(r"""os\.environ(?:\.get|\.setdefault)?[(\[]["'](\w+)["']""", path.read_text(encoding="utf-8")))
    assert {"SITE_URL", "REPO_URL", "REPO_BRANCH", "SOURCE_DATE_EPOCH"} <= read  # the scan finds what it should
    assert read <= set(language_cache.VARIABLES)


def test_the_inputs_are_the_sources_not_the_tests_the_cache_or_the_built_site():
    files = {path.relative_to(ROOT).parts[0] for path in language_cache.project_files()}
    assert {"docs", "src", "sitebuild", "overrides", "templates", "mkdocs.yml", "package-lock.json", "constraints.txt"} <= files
    assert not files & {"tests", "site", ".cache", ".venv", "node_modules", ".git"}


def test_pages_built_while_a_file_changed_are_not_kept(tmp_path, monkeypatch):
    staging = tmp_path / "staging"
    (staging / "en").mkdir(parents=True)
    (staging / "en" / "index.html").write_text("<html></html>", encoding="utf-8")
    saved = []
    monkeypatch.setattr(language_cache, "save", lambda *arguments: saved.append(arguments))
    monkeypatch.setattr(language_cache, "inputs", lambda strict: "after the edit")
    pipeline._keep_or_copy({}, [["en"]], staging, "before the edit", strict=True)
    assert saved == []
    pipeline._keep_or_copy({}, [["en"]], staging, "after the edit", strict=True)
    assert [code for code, *_ in saved] == ["en"]
