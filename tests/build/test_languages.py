"""Adding a language is one entry in languages.toml plus its files: check each has them."""

from pathlib import Path

import pytest
from building import load_config

from batchnorm_explained import DEFAULT_LANGUAGE, languages, locales, missing_strings

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = [language.code for language in languages() if language.code != DEFAULT_LANGUAGE]


def page_names(code: str) -> set[str]:
    docs = ROOT / "docs" / code
    return {path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()}


def test_the_default_language_is_english_and_builds_from_mkdocs_yml():
    config = load_config("mkdocs.yml")
    assert DEFAULT_LANGUAGE == "en"
    assert config["theme"]["language"] == "en"
    assert config["docs_dir"] == "docs/en"


@pytest.mark.parametrize("code", TRANSLATIONS)
def test_a_translation_has_its_config_pages_and_strings(code):
    config = load_config(f"mkdocs.{code}.yml")
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["theme"] == {"language": code}
    assert config["docs_dir"] == f"docs/{code}"
    assert config["site_dir"] == f"site/{code}"
    # Pages and strings a translation lacks fall back to English (tests/test_translations.py).
    assert "index.md" in page_names(code)
    assert page_names(code) <= page_names(DEFAULT_LANGUAGE), "a page without an English original"
    assert set(missing_strings(code)) < set(locales._strings(DEFAULT_LANGUAGE)), "no strings file"


def test_no_language_has_files_without_an_entry():
    listed = {language.code for language in languages()}
    folders = {path.name for path in (ROOT / "docs").iterdir() if path.is_dir()}
    assert folders - {"snippets"} == listed  # snippets: the code every language's pages run
    assert {path.name.split(".")[1] for path in ROOT.glob("mkdocs.*.yml")} == listed - {DEFAULT_LANGUAGE}
    strings = {path.stem for path in (ROOT / "src" / "batchnorm_explained" / "locales").glob("*.toml")}
    assert strings - {"languages"} == listed
