"""Analytics tables and their CSV: headers, rows, and cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.analytics.figures import lesson_figures
from app.core.analytics.tables import TABLES, Table, csv_chunks, named_table, safe_cell, to_csv
from tests.unit.instructor.known_history import ATTEMPTS, LESSON, STATEMENTS

FIGURES = lesson_figures(LESSON, ATTEMPTS, STATEMENTS)


def parsed(name):
    return list(csv.reader(io.StringIO(to_csv(named_table(FIGURES, name)))))


def test_every_table_has_a_header_and_rows_of_its_width():
    for name in TABLES:
        header, *rows = parsed(name)
        assert header and all(len(row) == len(header) for row in rows), name


def test_an_unknown_table_is_none():
    assert named_table(FIGURES, "passwords") is None


def test_the_overview_table():
    assert parsed("overview") == [
        ["measure", "value"],
        ["learners started", "3"],
        ["learners completed", "1"],
        ["completion percent", "33"],
        ["median active seconds", "180"],
        ["learners with active time", "2"],
        ["median seconds to complete", "600"],
        ["completers timed", "1"],
    ]


def test_the_sections_table():
    assert parsed("sections") == [
        ["position", "section", "title", "learners read"],
        ["1", "one", "One", "2"],
        ["2", "two", "Two", "1"],
    ]


def test_the_activities_table_has_the_score_buckets():
    header, essay, check = parsed("activities")
    assert header[-5:] == [
        "best 0-19%",
        "best 20-39%",
        "best 40-59%",
        "best 60-79%",
        "best 80-100%",
    ]
    assert essay == [
        "essay",
        "A short essay",
        "free-text",
        "yes",
        "70",
        "2",
        "3",
        "1.5",
        "2",
        "2",
        "88",
        "0",
        "0",
        "0",
        "1",
        "1",
    ]
    assert check[:3] == ["check", "Check", "quiz"] and check[-5:] == ["1", "0", "0", "1", "1"]


def test_the_per_learner_attempts_table():
    assert parsed("attempts")[0] == [
        "learner",
        "activity",
        "attempts",
        "best percent",
        "passed",
        "reviewed",
    ]
    assert ["Learner 2", "essay", "2", "75", "yes", "yes"] in parsed("attempts")


def test_the_question_and_wrong_answer_tables():
    header, first, *_ = parsed("questions")
    assert header[-1] == "percent right"
    assert first == [
        "check",
        "first",
        "Which stage comes first?",
        "single",
        "3",
        "1",
        "0",
        "2",
        "0",
        "33",
    ]
    header, *wrong = parsed("wrong-answers")
    assert header == ["quiz", "question", "answer", "learners", "variants", "variant spellings"]
    assert ["check", "first", "Shipping", "2", "0", ""] in wrong


def test_the_reviews_table_has_the_answer_and_the_review():
    header, waiting, reviewed = parsed("reviews")
    assert header[:3] == ["attempt", "learner", "activity"]
    assert waiting[:6] == [
        "1",
        "Learner 1",
        "essay",
        "2026-11-02T09:04:00+00:00",
        "1",
        "Dear Sam, your parcel arrives on Monday.",
    ]
    assert reviewed[6:9] == ["0", "75", "Fine for a start."]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        (-5, -5),  # numbers are not formulas
        (None, None),
    ],
)
def test_cells_that_would_run_as_formulas_get_an_apostrophe(value, safe):
    assert safe_cell(value) == safe


@pytest.mark.parametrize(
    "value",
    [
        " =1+1",
        "\u00a0=1+1",  # no-break space
        "\n=1+1",
        "\r\n=1+1",
        "\u3000=1+1",  # ideographic space
        "\u2003 \t=1+1",  # em space, space, tab
        "\u200b=1+1",  # zero-width space
        "\ufeff=1+1",  # byte order mark
        '\uff1dHYPERLINK("http://x")',  # full-width equals sign
        "\uff0b1",  # full-width plus
        "\uff0d1",  # full-width minus
        "\uff20SUM(A1)",  # full-width commercial at
        "\ufe66cmd",  # small equals sign
        "\u22121",  # minus sign
        " \u00a0\uff1d1",  # look-alike after whitespace
        "\t",
        "\rplain",
    ],
    ids=repr,
)
def test_formulas_behind_whitespace_or_in_look_alike_characters_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [" plain", "\u00a0a = b", "", "   ", "x\uff1d1", "e-mail"])
def test_text_whose_first_visible_character_is_no_formula_stays_as_it_is(value):
    assert safe_cell(value) == value


def test_csv_escapes_formulas_in_headers_and_cells_and_quotes_separators():
    data = Table("t", ("=a", "b"), (("-1", 'say "hi", then go'), (None, 3)))
    assert to_csv(data) == '\'=a,b\r\n\'-1,"say ""hi"", then go"\r\n,3\r\n'


def visible_start(text: str) -> str:
    """The text as a spreadsheet might read it: Unicode-folded, leading blanks (whitespace,
    controls, format characters, separators) dropped."""
    folded = unicodedata.normalize("NFKC", text)
    blanks = {c for c in folded if c.isspace() or unicodedata.category(c)[0] in "CZ"}
    blanks -= {
        c for c in folded if unicodedata.category(c) in ("Co", "Cn", "Cs")
    }  # shown as glyphs
    return folded.lstrip("".join(blanks))


@given(st.text())
def test_no_text_cell_can_start_a_formula(text):
    (row,) = list(csv.reader(io.StringIO(to_csv(Table("t", ("h",), ((text,),))), newline="")))[1:]
    assert not row or not visible_start(row[0]).startswith(("=", "+", "-", "@", "\u2212"))


def test_a_csv_sends_its_header_then_its_first_row_alone_then_rows_in_pieces():
    """A long table's first row leaves as soon as it is read, not with the first 500."""
    rows = (((str(n)),) for n in range(1, 8))
    pieces = list(csv_chunks(Table("numbers", ("n",), rows), rows_per_chunk=3))
    assert pieces == ["n\r\n", "1\r\n", "2\r\n3\r\n", "4\r\n5\r\n6\r\n", "7\r\n"]
