"""Translations that fall behind: each case is made in a copy of the project, built and reported.

One copy holds every case at once: a stale page (its English source changed after it was
translated), a missing page, a structural mismatch, a missing figure string, an example's
twin whose code changed and one that is missing, an avoided term and a straight quote in an
Italian page, a new language (French) with one page of its own and every other page falling
back to English, and a new language (German) that is only an entry of the language list.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from helpers import REPO_URL, ROOT, build_site, copy_project, nav_pages, page_urls, run

pytestmark = pytest.mark.site

ADDED_SENTENCE = "A sentence added to the English original after the translation."
FRENCH_HOME = "La normalisation par lots expliquée : une page de test en français."
RAN = "translated-code-ran"  # what the changed twin would create, were it run
IN_ENGLISH = "Questo esempio è mostrato nell&#39;originale inglese"


def git(project: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *arguments], cwd=project, check=True, capture_output=True
    )


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path`` by ``new``; return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def add_language(project: Path, code: str, name: str) -> None:
    """Add language ``code`` to the language list: the one place a language is declared."""
    with (project / "src" / "batchnorm_explained" / "locales" / "languages.toml").open("a", encoding="utf-8") as file:
        file.write(f'\n[[language]]\ncode = "{code}"\nname = "{name}"\n')


def add_french(project: Path) -> None:
    add_language(project, "fr", "Français")
    # Partial strings files: what they lack comes from English.
    (project / "src" / "batchnorm_explained" / "locales" / "fr.toml").write_text('decimal_separator = ","\n', encoding="utf-8")
    (project / "sitebuild" / "strings" / "fr.toml").write_text(
        '[config]\nsite_name = "La batch normalization expliquée"\n\n'
        '[site]\nuntranslated_title = "Cette page n\'est pas encore traduite"\n',
        encoding="utf-8",
    )
    (project / "docs" / "fr").mkdir()
    (project / "docs" / "fr" / "index.md").write_text(f"# Accueil\n\n{FRENCH_HOME}\n", encoding="utf-8")
    run([sys.executable, "scripts/translations.py", "record", "docs/fr/index.md"], project)


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> SimpleNamespace:
    tmp = tmp_path_factory.mktemp("translations")
    project = copy_project(tmp / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "translated")

    with (project / "docs" / "en" / "why.md").open("a", encoding="utf-8") as page:
        page.write(f"\n{ADDED_SENTENCE}\n")
    (project / "docs" / "it" / "convolutions.md").unlink()
    formula_line = edit(project / "docs" / "it" / "transform.md", r"\(\gamma\)", r"\(\Gamma\)")
    strings = project / "src" / "batchnorm_explained" / "locales" / "it.toml"
    edit(strings, '\ncaption = "Dopo la normalizzazione', '\n# caption removed: "Dopo la normalizzazione')
    # An Italian twin whose code is no longer the English code: the build must not run it.
    twin_line = edit(project / "docs" / "snippets" / "it" / "why_saturation.py", "before = ", f'open("{RAN}", "w").close()\nbefore = ')
    (project / "docs" / "snippets" / "it" / "transform_identity.py").unlink()
    avoided_line = edit(
        project / "docs" / "it" / "results.md", "Che cosa ci dice la tabella:", 'Che cosa ci dice la tabella "per default":'
    )
    add_french(project)
    add_language(project, "de", "Deutsch")

    built = build_site(project, tmp / "site", env={"REPO_URL": REPO_URL})
    report = run([sys.executable, "scripts/translations.py", "status"], project)
    strict = run([sys.executable, "scripts/translations.py", "status", "--ci"], project)
    return SimpleNamespace(
        project=project,
        site=tmp / "site",
        built=built,
        report=report.stdout,
        report_code=report.returncode,
        strict_code=strict.returncode,
        formula_line=formula_line,
        twin_line=twin_line,
        avoided_line=avoided_line,
    )


def html(case, path: str) -> str:
    return (case.site / path / "index.html").read_text(encoding="utf-8")


def test_every_case_still_builds_a_whole_site(case):
    assert case.built.returncode == 0, case.built.stdout + case.built.stderr
    for prefix in ("", "it/", "fr/", "de/"):
        for page in page_urls():
            assert (case.site / prefix / page / "index.html").is_file(), prefix + page


def test_a_stale_page_says_so_in_its_language_and_links_the_english_original(case):
    page = html(case, "it/why")
    assert 'data-bn-translation="stale"' in page
    assert "Questa traduzione potrebbe non essere aggiornata" in page
    link = re.search(r'<a href="([^"]+)" hreflang="en" lang="en"[^>]*>Leggete l(?:&#39;|\')originale in inglese</a>', page)
    assert link and urljoin("http://127.0.0.1/it/why/", link.group(1)) == "http://127.0.0.1/why/"
    assert "data-bn-translation" not in html(case, "it/transform")  # up to date, though not sound


def test_the_status_report_shows_a_stale_pages_english_changes(case):
    assert re.search(r"^\s*stale  docs/it/why\.md$", case.report, re.MULTILINE)
    assert f"| +{ADDED_SENTENCE}" in case.report
    assert re.search(r"^\s*up-to-date  docs/it/results\.md$", case.report, re.MULTILINE)


def test_a_missing_page_is_built_from_english_with_a_notice_in_the_readers_language(case):
    page = html(case, "it/convolutions")
    assert '<html lang="it"' in page
    assert 'data-bn-translation="missing"' in page
    assert "Questa pagina non è ancora stata tradotta" in page
    assert '<a href="../translate/">Aiutateci a tradurla</a>' in page
    english = html(case, "convolutions")
    title = re.search(r"<h1[^>]*>(.*?)<", english).group(1)
    assert re.search(r'<div lang="en">\s*(<[^>]+>\s*)*<h1[^>]*>' + re.escape(title), page)
    assert re.search(r"^\s*missing  docs/it/convolutions\.md$", case.report, re.MULTILINE)


def test_a_structural_mismatch_is_reported_with_file_line_and_difference(case):
    expected = f"docs/it/transform.md:{case.formula_line}: formula differs: `\\Gamma` where English has `\\gamma` (docs/en/transform.md:"
    assert expected in case.report


def test_the_ci_flag_fails_on_missing_pages_or_broken_structure_only(case):
    assert case.report_code == 0
    assert case.strict_code == 1
    # The repository's own Italian translation is complete and sound.
    assert run([sys.executable, "scripts/translations.py", "status", "--ci", "--lang", "it"], ROOT).returncode == 0


def test_a_missing_figure_string_falls_back_to_english_and_is_reported(case):
    assert "figures.gamma-beta-sweep.caption" in case.report
    page = html(case, "it/transform")
    assert "<figcaption>After normalization the batch has mean β" in page
    assert "<figcaption>Il batch in ingresso" in page  # the other figure keeps its translation


def test_a_new_language_with_one_page_falls_back_to_english_for_the_rest(case):
    home = html(case, "fr")
    assert '<html lang="fr"' in home and FRENCH_HOME in home
    assert "data-bn-translation" not in home
    page = html(case, "fr/why")
    assert '<html lang="fr"' in page
    assert "Cette page n'est pas encore traduite" in page or "Cette page n&#39;est pas encore traduite" in page
    assert "You are reading the English original." in page  # a string fr.toml lacks
    assert re.search(r"^== fr: 1 up to date, 0 stale, \d+ missing$", case.report, re.MULTILINE)
    assert 'hreflang="fr"' in html(case, "why")  # the language menu offers it everywhere
    assert "<title>" in home and "La batch normalization expliquée" in home  # its own site name


def test_a_language_that_is_only_an_entry_of_the_list_is_published_in_english_with_notices(case):
    for page in page_urls():
        built = html(case, f"de/{page}")
        assert '<html lang="de"' in built, page
        assert 'data-bn-translation="missing"' in built and "This page has not been translated yet" in built, page
    assert 'placeholder="Suche"' in html(case, "de")  # the theme speaks German
    assert re.search(r"^== de: 0 up to date, 0 stale, \d+ missing$", case.report, re.MULTILINE)
    assert 'hreflang="de"' in html(case, "it/why")


def test_what_does_not_depend_on_the_language_is_made_once_not_once_per_language(case):
    cache = case.project / ".cache"
    # German has no figure strings: it shows the English figures, drawn once; French has a
    # strings file of its own (a decimal comma), so its figures are its own.
    assert sorted(path.name for path in (cache / "figures").iterdir() if path.is_dir()) == ["en", "fr", "it"]
    drawn = sorted(path for path in (case.site / "figures").iterdir() if path.suffix in (".svg", ".png"))
    assert drawn and all((case.site / "de" / "figures" / path.name).read_bytes() == path.read_bytes() for path in drawn)
    # Neither has a notebook of its own: both show the one execution of the English notebook.
    assert sorted(path.name for path in (cache / "notebooks").iterdir() if path.is_dir() and not path.name.startswith(".")) == [
        "en-example",
        "it-example",
    ]


def test_an_examples_twin_whose_code_changed_is_not_run_and_its_pages_show_the_english_example(case):
    assert not (case.project / RAN).exists()
    assert not list(case.project.rglob(RAN))
    page = html(case, "it/why")
    assert IN_ENGLISH in page or IN_ENGLISH.replace("&#39;", "'") in page
    assert "mean g′(x) before BN = 0.026" in page and "media di g′(x)" not in page
    expected = f"docs/snippets/it/why_saturation.py:{case.twin_line}: code differs from the English"
    assert expected in case.report
    assert re.search(r"^\s*up-to-date  docs/snippets/it/why_saturation\.py$", case.report, re.MULTILINE)  # its record still holds


def test_an_example_without_a_twin_shows_the_english_example_with_a_notice(case):
    page = html(case, "it/transform")
    assert "largest |y − x| = 3.6e−15" in page
    assert "massimo di |media di x̂|" in page  # the page's other examples keep their twins
    assert re.search(r"^\s*missing  docs/snippets/it/transform_identity\.py$", case.report, re.MULTILINE)


def test_avoided_terms_and_straight_quotes_are_reported_with_file_and_line(case):
    assert f"docs/it/results.md:{case.avoided_line}: «per default» (error): " in case.report
    assert f'docs/it/results.md:{case.avoided_line}: «"» (error): a straight double quote' in case.report
    assert re.search(r"^\s*terms  3 to fix, 0 to review", case.report, re.MULTILINE)


def test_the_status_page_shows_every_language_in_the_readers_language(case):
    page = html(case, "it/translation-status")
    row = r'<tr>\s*<td><a href="[^"]*">[^<]+</a></td>\s*<td><code>([\w.-]+)</code></td>\s*(.*?)</tr>'
    rows = dict(re.findall(row, page, re.DOTALL))
    assert '<a href="../why/">Perché normalizzare</a>' in page  # each page by its title in the reader's language
    cells = {name: re.findall(r"<td>(.*?)</td>", row) for name, row in rows.items()}
    assert cells["why.md"] == ["da aggiornare", "da tradurre", "da tradurre"]
    assert cells["convolutions.md"] == ["da tradurre", "da tradurre", "da tradurre"]
    assert cells["transform.md"][0] == "aggiornata · differenze di struttura: 1"
    assert cells["index.md"][0] == "aggiornata"
    assert cells["index.md"][1].startswith("aggiornata · differenze di struttura: ")  # a one-line test page
    assert "Français" in page and "Deutsch" in page
    # The examples' twins in one row: one missing, one whose code differs (still recorded as up to date).
    total = len(list((case.project / "docs" / "snippets").glob("*.py")))
    assert re.search(
        rf"<td>Esempi eseguiti \(docs/snippets/\)</td>\s*<td></td>\s*<td>{total - 1} su {total} aggiornati · differenze di struttura: 1</td>",
        page,
    )


def test_a_page_links_its_own_source_to_edit_and_a_missing_one_the_english_source_to_translate(case):
    for code in ("it", "fr", "de"):
        for url, source in zip(page_urls(), nav_pages(), strict=True):
            page = html(case, f"{code}/{url}")
            own = (case.project / "docs" / code / source).exists()
            link = re.search(r'<a href="([^"]+)" rel="edit"[^>]*>(?:\s|<span.*?</span>)*([^<]+?)\s*</a>', page, re.DOTALL)
            expected = f"{REPO_URL}/edit/main/docs/{code if own else 'en'}/{source}"
            assert link.group(1) == expected, (code, url)
            assert (link.group(2) == "Proponi una traduzione") == (code == "it" and not own), (code, url)
    assert "Proponi una traduzione" in html(case, "it/convolutions")
    assert "Modifica questa pagina" in html(case, "it/why")
    assert "Suggest a translation" in html(case, "de/why")  # a language without strings of its own: English
