"""The one list of languages, and what each language has: pages, figure strings, interface strings."""

from pathlib import Path

import pytest
from helpers import ROOT, load_config

from batchnorm_explained.locales import DEFAULT_LANGUAGE, FIGURE_STRINGS
from sitebuild import language_build, languages, strings
from sitebuild.strings import SITE_STRINGS


def page_names(code: str) -> set[str]:
    docs = ROOT / "docs" / code
    return {path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()}


def test_the_default_language_is_english_and_its_pages_are_those_of_mkdocs_yml():
    assert DEFAULT_LANGUAGE == languages.DEFAULT == "en"
    assert load_config()["docs_dir"] == "docs/en"


@pytest.mark.parametrize("code", languages.codes())
def test_each_language_builds_from_mkdocs_yml_with_its_own_pages_language_and_name(code, tmp_path):
    config = language_build.load(code, tmp_path / "out")
    assert Path(config.docs_dir) == ROOT / "docs" / code
    assert config.theme["language"] == code
    assert config.site_name == strings.text("config.site_name", code)
    assert config.copyright == strings.text("config.copyright", code)
    assert [entry["lang"] for entry in config.extra["alternate"]] == languages.codes()


@pytest.mark.parametrize("code", languages.translations())
def test_a_translation_has_its_pages_and_strings(code):
    # Pages and strings a translation lacks fall back to English (tests/translations/).
    assert "index.md" in page_names(code)
    assert page_names(code) <= page_names(DEFAULT_LANGUAGE), "a page without an English original"
    for table in (FIGURE_STRINGS, SITE_STRINGS):
        assert table.path(code).exists() and table.missing(code) == []


def test_no_language_has_files_without_an_entry():
    listed = set(languages.codes())
    folders = {path.name for path in (ROOT / "docs").iterdir() if path.is_dir()}
    # snippets: the examples every language's pages run; terminology: each language's terms
    assert folders - {"snippets", "terminology"} == listed
    assert {path.name for path in (ROOT / "docs" / "snippets").iterdir() if path.is_dir()} <= listed - {DEFAULT_LANGUAGE}
    assert {path.stem for path in (ROOT / "docs" / "terminology").glob("*.toml")} <= listed
    assert not list(ROOT.glob("mkdocs.*.yml")), "a language's configuration is derived, not written"
    assert {path.stem for path in FIGURE_STRINGS.folder.glob("*.toml")} - {"languages"} == listed
    assert {path.stem for path in SITE_STRINGS.folder.glob("*.toml")} == listed


def test_importing_the_language_list_and_the_strings_imports_no_torch():
    import subprocess
    import sys

    code = (
        "import sys, sitebuild.languages, sitebuild.strings, sitebuild.macros; print('torch' in sys.modules, 'matplotlib' in sys.modules)"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.split() == ["False", "False"]
