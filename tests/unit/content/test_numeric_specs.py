"""Numeric keys as authors write them: read into keys, or refused at the line at fault."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from app.core.content import ContentErrors, parse_lesson
from app.core.content.specs.numeric import NumericKey
from tests.content_helpers import body_line, lesson_text

QUESTION = """\
review: one
questions:
  - id: weight
    type: numeric
    prompt: How heavy?
    feedback: Add the weights.
"""
TABLE = """\
columns: [{id: small, label: Small}]
rows:
  - id: weight
    label: Weight
"""


def lesson(kind_and_type: str, yaml: str) -> str:
    kind, _, activity_type = kind_and_type.partition(" ")
    head = "id: x\nprompt: Do it.\n" + (f"type: {activity_type}\n" if activity_type else "")
    return lesson_text(f"## One {{#one}}\n\n```{kind}\n{head}{textwrap.dedent(yaml)}```\n")


def question(fields: str) -> str:
    return lesson("quiz", QUESTION + textwrap.indent(textwrap.dedent(fields), "    "))


def row(fields: str) -> str:
    return lesson(
        "exercise comparison-table", TABLE + textwrap.indent(textwrap.dedent(fields), "    ")
    )


def key_of(text: str) -> NumericKey:
    spec = parse_lesson(text).activities["x"].spec
    return (
        spec.questions[0].number.key
        if hasattr(spec, "questions")
        else spec.cells[("weight", "small")].number
    )


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ("answer: 13\n", NumericKey(Decimal(13))),
        ("answer: 8.63\nunit: lb\n", NumericKey(Decimal("8.63"), "lb", "optional", 2)),
        ("answer: 13 lb\n", NumericKey(Decimal(13), "lb", "optional", 0)),
        ("answer: '13.0 pounds'\n", NumericKey(Decimal("13.0"), "lb", "optional", 1)),
        ("answer: $12.50\nunits: required\n", NumericKey(Decimal("12.50"), "USD", "required", 2)),
        ("answer: 4.50\nunit: USD\n", NumericKey(Decimal("4.5"), "USD", "optional", 2)),
        ("answer: 25\nunit: EUR\n", NumericKey(Decimal(25), "EUR", "optional", 0)),
        ("answer: 12%\n", NumericKey(Decimal(12), "%", "optional", 0)),
        ("answer: thirteen\n", NumericKey(Decimal(13))),
        ("answer: 3/4\n", NumericKey(Decimal("0.75"), decimals=2)),
        (
            "answer: 13\nunit: lb\nunits: forbidden\ntolerance: 0.5\n",
            NumericKey(Decimal(13), "lb", "forbidden", 0, Decimal("0.5")),
        ),
        ("answer: 100\ntolerance: 2%\n", NumericKey(Decimal(100), None, "forbidden", 0, 2, True)),
        ("answer: 8.633\ndecimals: 2\n", NumericKey(Decimal("8.633"), decimals=2)),
        (
            "answer: '13,5'\nunit: kg\ndecimal_comma: true\n",
            NumericKey(Decimal("13.5"), "kg", "optional", 1, decimal_comma=True),
        ),
    ],
)
def test_a_question_key_is_read_from_a_number_or_text(fields, key):
    assert key_of(question(fields)) == key


def test_a_table_cell_takes_its_rows_unit_and_tolerance_unless_it_has_its_own():
    text = row(
        """\
        kind: number
        unit: lb
        tolerance: 0.5
        cells:
          small: {answer: 13, tolerance: 0}
        """
    )
    assert key_of(text) == NumericKey(Decimal(13), "lb", "optional", 0, Decimal(0))
    assert key_of(row("kind: number\nunit: lb\ncells: {small: 13}\n")).unit == "lb"


def errors(text: str) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md")
    return [str(e) for e in caught.value.errors]


QUESTION_ERRORS = [
    (
        "answer: 'abc'\n",
        "answer: 'abc'",
        "question 'weight': 'answer' must be a number, alone or with a unit, like 13 or '13 lb': "
        "'abc' can't be read: it does not start with a number in digits or words",
    ),
    ("answer: true\n", "answer: true", "'answer' must be a number, alone or with a unit"),
    ("answer: [13]\n", "answer: [13]", "'answer' must be a number, alone or with a unit"),
    ("answer: .inf\n", "answer: .inf", "'inf' can't be read"),
    ("answer: 1e999\n", "answer: 1e999", "it is too large or too small to compare"),
    ("answer: 13 lbss\n", "answer: 13 lbss", "'lbss' is not a unit we know"),
    ("answer: '13,5'\n", "answer: '13,5'", "decimals are written with a point, as in 13.5"),
    (
        "answer: '13.5'\ndecimal_comma: true\n",
        "answer: '13.5'",
        "decimals are written with a comma, as in 13,5",
    ),
    ("answer: 13\nunit: lbz\n", "unit: lbz", "'unit' must be a unit we know (did you mean 'lb'?)"),
    ("answer: 13 kg\nunit: lb\n", "answer: 13 kg", "'answer' is in kg but 'unit' is lb"),
    (
        "answer: 13\nunits: sometimes\n",
        "units: sometimes",
        "'units' must be one of 'required', 'optional', 'forbidden'",
    ),
    ("answer: 13\nunits: required\n", "units: required", "'units: required' needs a 'unit'"),
    ("answer: 13\ntolerance: -1\n", "tolerance: -1", "'tolerance' must be a number of at least 0"),
    ("answer: 13\ntolerance: lots\n", "tolerance: lots", "or a percentage like '2%'"),
    ("answer: 13\ntolerance: 200%\n", "tolerance: 200%", "or a percentage like '2%'"),
    (
        "answer: 13\ndecimals: 11\n",
        "decimals: 11",
        "'decimals' must be a whole number from 0 to 10",
    ),
    ("answer: 0.12345678901\n", "answer: 0.12", "'answer' has more than 10 decimals"),
    ("answer: 13\npartial: 50\n", "partial: 50", "'partial' is the credit right steps earn"),
    (
        "answer: 13\npartial: 150\nsteps: [{id: a, label: A, answer: 1}]\n",
        "partial: 150",
        "'partial' must be a whole percentage from 0 to 100",
    ),
    ("answer: 13\nsteps: [{id: a, answer: 1}]\n", "steps:", "step: missing required field 'label'"),
    (
        "answer: 13\nsteps:\n  - {id: answer, label: A, answer: 1}\n",
        "{id: answer",
        "step id 'answer' is taken by the final answer",
    ),
    (
        "answer: 13\nsteps:\n  - id: a\n    label: A\n    answer: lots\n",
        "answer: lots",
        "step 'a': 'answer' must be a number",
    ),
    (
        "answer: 13\nsteps:\n  - {id: a, label: A, answer: 1}\n  - {id: a, label: B, answer: 2}\n",
        "steps:",
        "duplicate step id 'a'",
    ),
    ("answer: 13\nsteps:\n  - {id: a, label: A, answer: 1, hint: x}\n", "hint: x", "unknown field"),
]


@pytest.mark.parametrize(("fields", "needle", "message"), QUESTION_ERRORS)
def test_a_broken_numeric_question_is_reported_at_its_line(fields, needle, message):
    text = question(fields)
    line = body_line(text, needle)
    found = errors(text)
    assert any(e.startswith(f"lesson.md:{line}: ") and message in e for e in found), found


def test_a_numeric_question_needs_feedback():
    text = question("answer: 13\n").replace("    feedback: Add the weights.\n", "")
    assert any("needs 'feedback'" in e for e in errors(text))


TABLE_ERRORS = [
    ("kind: number\ncells: {small: abc}\n", "cells:", "cell weight/small: 'answer' must be"),
    ("kind: number\nunit: lbz\ncells: {small: 13}\n", "unit: lbz", "must be a unit we know"),
    (
        "kind: number\nunit: lb\ncells:\n  small: 5 kg\n",
        "small: 5 kg",
        "cell weight/small: 'answer' is in kg but 'unit' is lb",
    ),
    (
        "kind: number\ncells:\n  small: {answer: 13, partial: [12]}\n",
        "small: {",
        "unknown field 'partial'",
    ),
    (
        "kind: number\ncells:\n  small: {answer: 13, tolerance: x}\n",
        "small: {",
        "'tolerance' must be a number",
    ),
    ("kind: text\nunit: lb\ncells: {small: heavy}\n", "unit: lb", "only 'number' rows take 'unit'"),
]


@pytest.mark.parametrize(("fields", "needle", "message"), TABLE_ERRORS)
def test_a_broken_number_row_is_reported_at_its_line(fields, needle, message):
    text = row(fields)
    line = body_line(text, needle)
    found = errors(text)
    assert any(e.startswith(f"lesson.md:{line}: ") and message in e for e in found), found
