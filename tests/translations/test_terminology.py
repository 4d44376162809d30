"""Each language's terminology: the forms its prose avoids, its typography, and the glossary built from it."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, line_of

from sitebuild import languages, terminology
from sitebuild.macros import MACROS, Page

FIXTURE = """
schema = 1
language = "it"

[typography]
quotes = ["«", "»"]
nested_quotes = ["“", "”"]
apostrophe = "'"

[[terms]]
concept = "layers below, earlier layers"
avoid = [
  { phrase = "strati sottostanti", variants = ["strato sottostante"], reason = "Use 'strati precedenti'.", severity = "error" },
]

[[terms]]
concept = "mini-batch"
avoid = [
  { phrase = "minibatch", exceptions = ["Towards Reducing Minibatch Dependence"], reason = "Hyphen.", severity = "error" },
]

[[terms]]
concept = "batch"
avoid = [{ phrase = "lotto", variants = ["lotti"], reason = "Calque.", severity = "review" }]

[register]
avoid = [{ phrase = "Traduci", case_sensitive = true, reason = "Tu imperative.", severity = "review" }]

[[calques]]
phrase = "fa male"
rewrite = "diventa un problema"
reason = "'Where this hurts'."
severity = "review"
"""

PAGE = """\
---
description: "Gli strati sottostanti, nella descrizione."
title_note: "strati sottostanti"
---

# Una pagina { #a-page }

Il gradiente raggiunge gli strati
sottostanti. `strati sottostanti` nel codice non conta, né [un link](strati-sottostanti.md).
Traduci questa frase; traduci no. Qui il rumore fa male.

!!! warning bn-avoid "Forme da evitare"
    *Strati sottostanti* è un calco; i *lotti* anche.

!!! note "Una nota con gli strati sottostanti"
    Testo.

La *Towards Reducing Minibatch Dependence* è un titolo; un minibatch no.
Un "esempio", l’apostrofo curvo, «una “citazione” annidata» e una “citazione” fuori.

```python
print("strati sottostanti")  # "anche qui"
```
"""


@pytest.fixture
def data(tmp_path) -> Path:
    path = tmp_path / "it.toml"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def found(hits) -> list[tuple[int, str, str]]:
    return [(hit.line, hit.found, hit.severity) for hit in hits]


def test_avoided_forms_are_found_in_prose_with_their_line_and_nowhere_else(tmp_path, data):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    hits = [hit for hit in terminology.check("it", [page], where=data) if hit.found not in '"’“”']
    assert found(hits) == [
        (2, "strati sottostanti", "error"),  # the description is prose
        (8, "strati sottostanti", "error"),  # across a line break, reported where it starts
        (10, "Traduci", "review"),  # case-sensitive: "traduci" is not flagged
        (10, "fa male", "review"),
        (15, "strati sottostanti", "error"),  # an admonition's title is prose, unless it is bn-avoid
        (18, "minibatch", "error"),  # the one outside the exception
    ]
    assert "Write: diventa un problema" in next(hit.reason for hit in hits if hit.found == "fa male")
    assert hits[0].message() == f"{hits[0].path}:2: «strati sottostanti» (error): Use 'strati precedenti'."


def test_typography_flags_straight_quotes_curly_apostrophes_and_unnested_inner_quotes(tmp_path, data):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    hits = [hit for hit in terminology.check("it", [page], where=data) if hit.found in '"’“”']
    # Line 19: two straight quotes, a curly apostrophe, then “…” outside «…» (the pair inside is right).
    assert found(hits) == [(19, '"', "error"), (19, '"', "error"), (19, "’", "error"), (19, "“", "error"), (19, "”", "error")]


def test_a_notebook_and_an_example_are_checked_in_their_markdown_comments_and_printed_text(tmp_path, data):
    notebook = tmp_path / "docs" / "it" / "example.py"
    notebook.parent.mkdir(parents=True)
    notebook.write_text(
        textwrap.dedent(
            """\
            # ---
            # jupyter:
            #   description: "Un notebook sui lotti."
            # ---

            # %% [markdown]
            # Gli strati sottostanti, in una cella di testo.

            # %%
            lotti = 3  # i lotti, in un commento
            print(f"{lotti} minibatch")
            """
        ),
        encoding="utf-8",
    )
    hits = terminology.check("it", [notebook], where=data)
    assert found(hits) == [(3, "lotti", "review"), (7, "strati sottostanti", "error"), (10, "lotti", "review"), (11, "minibatch", "error")]


def test_a_glossary_term_or_meaning_is_prose_too(tmp_path, data):
    glossary = tmp_path / "terminology" / "it.toml"
    glossary.parent.mkdir()
    glossary.write_text('[[terms]]\nconcept = "x"\nterm = "x"\nmeaning = "Gli strati sottostanti."\n', encoding="utf-8")
    hits = terminology.check("it", [glossary], where=data)
    assert found(hits) == [(4, "strati sottostanti", "error")]


def test_a_real_italian_page_copy_flags_an_inserted_avoided_form_at_its_line(tmp_path):
    page = tmp_path / "why.md"
    shutil.copy(ROOT / "docs" / "it" / "why.md", page)
    assert terminology.check("it", [page]) == []
    text = page.read_text(encoding="utf-8")
    sentence = "tutti gli strati precedenti"
    assert sentence in text
    page.write_text(text.replace(sentence, "tutti gli strati sottostanti", 1), encoding="utf-8")
    hits = terminology.check("it", [page])
    assert [(hit.line, hit.found, hit.severity) for hit in hits] == [(line_of(page, "strati sottostanti"), "strati sottostanti", "error")]
    assert "strati precedenti" in hits[0].reason


def test_the_italian_texts_use_no_avoided_form_and_follow_the_typography():
    assert [hit.message() for hit in terminology.check("it")] == []


def test_the_english_glossary_and_each_translations_terms_cover_the_same_concepts(tmp_path):
    for code in languages.translations():
        assert terminology.compare(terminology.path("en"), terminology.path(code)) == []
    partial = tmp_path / "it.toml"
    partial.write_text('[[terms]]\nconcept = "activation"\nterm = "attivazione"\n', encoding="utf-8")
    problems = terminology.compare(terminology.path("en"), partial)
    assert f"{partial}: meaning missing for concept `activation` (docs/terminology/en.toml:" in problems[0]
    assert any("term missing for concept `mean`" in problem for problem in problems)


def page(lang: str) -> Page:
    return Page(lang=lang, src_uri="glossary.md", path=f"docs/{lang}/glossary.md", url=str, page_url=lambda _: None)


@pytest.mark.parametrize("lang", languages.codes())
def test_the_glossary_table_is_built_from_the_terminology_files(lang):
    table = MACROS["glossary"](page(lang)).splitlines()
    english = terminology.load("en")["terms"]
    italian = {entry["concept"]: entry for entry in terminology.load("it")["terms"]}
    assert len(table) == 2 + len(english)
    assert (
        table[0] == {"en": "| English term | Italian term | Meaning |", "it": "| Termine inglese | Termine italiano | Significato |"}[lang]
    )
    for row, entry in zip(table[2:], english, strict=True):
        cells = row.strip("| ").split(" | ")
        meaning = (italian if lang == "it" else {e["concept"]: e for e in english})[entry["concept"]]["meaning"]
        # A Markdown table cell escapes the pipes of its text, as those of a norm in a formula: \|w\|.
        assert cells[-1].replace("\\|", "|") == " ".join(meaning.split())
        assert cells[0] == (entry["concept"] if lang == "en" else f'<span lang="en">{entry["concept"]}</span>')
    # The English words kept inside an Italian term are marked as English.
    row = next(line for line in table if line.startswith(("| shift β", '| <span lang="en">shift β')))
    assert 'traslazione β (<span lang="en">shift</span>)' in row
