"""What a translation may change in code the build executes: comments, docstrings, printed text, `lang`."""

from __future__ import annotations

import pytest

from sitebuild import translated_code
from sitebuild.outputs import snippets

ENGLISH = '''import torch

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers


def largest(t):
    """The largest absolute value."""
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


x = torch.ones(3)
label = f"name_{1}"
print(f"largest |x| = {largest(x)}", "(float32)")
print("rows: " + f"{x.shape[0]:>3}")
'''

ITALIAN = '''import torch

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati


def largest(t):
    """Il massimo dei valori assoluti."""
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


x = torch.ones(3)
label = f"name_{1}"
print(f"il massimo di |x| vale {largest(x)}", "(in float32)")
print("righe: " + f"{x.shape[0]:>3}")
'''


def test_a_twin_may_translate_comments_docstrings_printed_text_and_lang():
    assert translated_code.difference(ENGLISH, ITALIAN, "it") is None
    assert translated_code.shape(ENGLISH, lang="en") == translated_code.shape(ITALIAN, lang="it")


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        # Code inside an f-string's braces: a tokenizer sees one string there, the tree does not.
        ("{largest(x)}", "{__import__('os').getcwd()}", 15),
        ("{x.shape[0]:>3}", "{x.shape[0]:>4}", 16),  # a format is code too
        ('f"name_{1}"', 'f"nome_{1}"', 14),  # a string that is not printed
        ("lang, 1, exponent=True", "lang, 2, exponent=True", 10),
        ("x = torch.ones(3)", "x = torch.zeros(3)", 13),
        ('"(in float32)")', '"(in float32)", file=None)', 15),
        ('{largest(x)}"', '{largest(x)} {largest(x)}"', 15),  # a value added to the text
    ],
)
def test_a_twin_whose_code_differs_is_reported_at_its_line(old, new, line):
    assert old in ITALIAN
    found = translated_code.difference(ENGLISH, ITALIAN.replace(old, new), "it")
    assert found is not None
    assert found.line == line
    assert "code differs from the English" in found.message


def test_the_lang_constant_must_name_the_files_language():
    found = translated_code.difference(ENGLISH, ITALIAN.replace('lang = "it"', 'lang = "en"'), "it")
    assert found is not None and found.line == 5 and "lang = 'it'" in found.message
    assert translated_code.shape(ENGLISH, lang="en") != translated_code.shape(ITALIAN.replace('"it"', '"de"'), lang="it")


def test_a_twin_that_is_not_python_is_reported_with_its_line():
    found = translated_code.difference(ENGLISH, ITALIAN.replace('print("righe: "', 'print("righe: '), "it")
    assert found is not None and found.line == 16 and found.message.startswith("not valid Python")


def test_code_a_page_only_shows_may_translate_any_string_but_not_an_f_strings_code():
    english = 'describe_batch(batch, lang="en")\nprint(f"mean = {m:.2f}")  # the mean\n'
    shown = 'describe_batch(batch, lang="it")\nprint(f"media = {m:.2f}")  # la media\n'
    assert translated_code.shape(english, executed=False) == translated_code.shape(shown, executed=False)
    changed = shown.replace("{m:.2f}", "{m + 1:.2f}")
    assert translated_code.shape(english, executed=False) != translated_code.shape(changed, executed=False)
    # Code that is not Python (a shell block, say) is compared without comments and string contents.
    shell = 'cp docs/en/why.md docs/it/why.md  # {}\nmake translated PAGE="{}"\n'
    assert translated_code.shape(shell.format("copy", "a"), executed=False) == translated_code.shape(
        shell.format("copiate", "b"), executed=False
    )
    assert translated_code.shape(shell.format("copy", "a"), executed=False) != translated_code.shape(
        shell.format("copy", "a").replace("cp", "mv"), executed=False
    )


def test_printed_text_is_what_a_translator_translates():
    found = translated_code.printed_text(ITALIAN)
    assert (5, "la lingua dei numeri stampati") in found
    assert (9, "Il massimo dei valori assoluti.") in found
    assert (15, "il massimo di |x| vale ") in found and (15, "(in float32)") in found
    assert not [text for _, text in found if "nome" in text or "name_" in text]


@pytest.mark.parametrize("name", snippets.names())
def test_every_italian_twin_is_the_english_code(name):
    assert snippets.path(name, "it").is_file(), f"{name} has no Italian twin"
    assert snippets.twin_difference(name, "it") is None
    assert snippets.shown(name, "it").translated
