"""Numbers: units converted or refused, tolerance and rounding, steps for part of the point."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.content.specs.numeric import NumericKey
from app.core.grading import ResponseError, comparison_table, quiz
from app.core.grading.numeric import judge
from app.core.grading.result import Message
from tests.unit.grading.helpers import activity

LB = NumericKey(Decimal(13), "lb", "optional", 0)
HALF_LB = NumericKey(Decimal(13), "lb", "optional", 0, Decimal("0.5"))
EXACT_LB = NumericKey(Decimal(13), "lb", "optional", 0, Decimal(0))
TWO_PERCENT = NumericKey(Decimal(100), None, "forbidden", 0, Decimal(2), relative=True)
LB_REQUIRED = NumericKey(Decimal(13), "lb", "required", 0)
LB_FORBIDDEN = NumericKey(Decimal(13), "lb", "forbidden", 0)
COUNT = NumericKey(Decimal(3))
DOLLARS = NumericKey(Decimal("12.50"), "USD", "optional", 2)
COMMA = NumericKey(Decimal("13.5"), "kg", "optional", 1, decimal_comma=True)
BIG = NumericKey(Decimal("1234.5"), None, "forbidden", 1)

CASES = [
    (LB, "13", "correct", ["number-right"]),
    (LB, "13.0", "correct", ["number-right"]),
    (LB, "13lb", "correct", ["number-right"]),
    (LB, "13 lbs.", "correct", ["number-right"]),
    (LB, "13 pounds", "correct", ["number-right"]),
    (LB, "thirteen", "correct", ["number-right"]),
    (LB, "208 oz", "correct", ["number-unit-converted", "number-right"]),
    (LB, "13.4", "correct", ["number-close"]),  # rounds to the answer's whole pounds
    (LB, "12.5", "correct", ["number-close"]),  # half rounds up
    (LB, "13.5", "wrong", ["number-wrong"]),
    (LB, "5.9 kg", "correct", ["number-unit-converted", "number-close"]),
    (LB, "5 kg", "wrong", ["number-unit-converted", "number-wrong"]),
    (LB, "13 cm", "wrong", ["number-unit-wrong"]),
    (LB, "$13", "wrong", ["number-unit-wrong"]),
    (LB, "13 lbss", "wrong", ["number-unreadable"]),
    (LB, "1e999", "wrong", ["number-unreadable"]),
    (LB, "nan", "wrong", ["number-unreadable"]),
    (LB, "inf", "wrong", ["number-unreadable"]),
    (LB, "", "missing", ["number-missing"]),
    (LB, "   ", "missing", ["number-missing"]),
    (HALF_LB, "13.5", "correct", ["number-close"]),
    (HALF_LB, "12.4", "wrong", ["number-wrong"]),
    (HALF_LB, "5.9 kg", "correct", ["number-unit-converted", "number-close"]),
    (EXACT_LB, "13.0", "correct", ["number-right"]),
    (EXACT_LB, "12.7", "wrong", ["number-wrong"]),
    (TWO_PERCENT, "98", "correct", ["number-close"]),
    (TWO_PERCENT, "102", "correct", ["number-close"]),
    (TWO_PERCENT, "97.9", "wrong", ["number-wrong"]),
    (LB_REQUIRED, "13", "wrong", ["number-unit-missing"]),
    (LB_REQUIRED, "13 lb", "correct", ["number-right"]),
    (LB_FORBIDDEN, "13", "correct", ["number-right"]),
    (LB_FORBIDDEN, "13 lb", "wrong", ["number-unit-forbidden"]),
    (COUNT, "3", "correct", ["number-right"]),
    (COUNT, "three", "correct", ["number-right"]),
    (COUNT, "3 kg", "wrong", ["number-unit-forbidden"]),
    (DOLLARS, "$12.50", "correct", ["number-right"]),
    (DOLLARS, "12.5", "correct", ["number-right"]),
    (DOLLARS, "12.50 USD", "correct", ["number-right"]),
    (DOLLARS, "USD 12.50", "correct", ["number-right"]),
    (DOLLARS, "12.50 dollars", "correct", ["number-right"]),
    (DOLLARS, "12.499", "correct", ["number-close"]),
    (DOLLARS, "€12.50", "wrong", ["number-unit-wrong"]),
    (COMMA, "13,5", "correct", ["number-right"]),
    (COMMA, "13,5 kg", "correct", ["number-right"]),
    (COMMA, "13.5", "wrong", ["number-unreadable"]),
    (BIG, "1,234.5", "correct", ["number-right"]),
    (BIG, "1 234.5", "correct", ["number-right"]),
    (BIG, "1234,5", "wrong", ["number-unreadable"]),
]


@pytest.mark.parametrize(("key", "given", "status", "kinds"), CASES)
def test_a_number_is_judged_against_its_key(key, given, status, kinds):
    verdict = judge(key, given)
    assert (verdict.status, [m.kind for m in verdict.messages]) == (status, kinds)


def test_an_answer_in_kilograms_is_converted_and_said_to_be_close():
    verdict = judge(HALF_LB, "5.9 kg")
    assert verdict.messages == (
        Message("number-unit-converted", {"given": "5.9 kg", "converted": "13.0 lb"}),
        Message("number-close", {"given": "5.9 kg", "expected": "13 lb", "tolerance": "0.5 lb"}),
    )


def test_a_converted_wrong_answer_shows_the_decimals_where_it_differs():
    assert judge(EXACT_LB, "5.9 kg").messages == (
        Message("number-unit-converted", {"given": "5.9 kg", "converted": "13.01 lb"}),
        Message("number-wrong", {"given": "5.9 kg", "expected": "13 lb"}),
    )


def test_a_close_answer_without_a_tolerance_rounds_to_the_answer():
    assert judge(LB, "13.4").messages == (
        Message("number-close", {"given": "13.4", "expected": "13 lb"}),
    )


def test_a_relative_tolerance_is_shown_as_a_percentage():
    assert judge(TWO_PERCENT, "98").messages[0].items["tolerance"] == "2%"


def test_an_unreadable_answer_names_the_reason_and_what_is_at_fault():
    assert judge(LB, "13 lbss", "Weight").messages == (
        Message(
            "number-unreadable",
            {
                "label": "Weight",
                "given": "13 lbss",
                "reason": "unit",
                "detail": "lbss",
                "unit": "lb",
            },
        ),
    )


def test_a_missing_unit_names_the_unit_wanted():
    assert judge(LB_REQUIRED, "13").messages[0].items == {"given": "13", "unit": "lb"}


def test_a_wrong_answer_shows_the_expected_one_in_its_unit():
    assert judge(DOLLARS, "$10").messages == (
        Message("number-wrong", {"given": "$10", "expected": "$12.50"}),
    )


def test_a_decimal_comma_answer_is_shown_with_a_comma():
    assert judge(COMMA, "12").messages[0].items["expected"] == "13,5 kg"


BILLABLE = """\
review: one
questions:
  - id: billable
    type: numeric
    prompt: What is the billable weight?
    label: Billable weight
    answer: 10
    unit: lb
    tolerance: 0
    feedback: The billable weight is the greater of the actual and dimensional weights.
    steps:
      - id: volume
        label: Volume
        answer: 1,200 in³
        feedback: Multiply length, width and height.
      - id: dimensional
        label: Dimensional weight
        answer: 8.63
        unit: lb
        feedback: Divide the volume by 139.
"""


@pytest.fixture(scope="module")
def billable():
    return activity("quiz", BILLABLE)


def run(quiz_activity, form):
    spec = quiz_activity.spec
    return quiz.grade(spec, quiz.parse(spec, form)).by_key()["q:billable"]


def kinds_and_labels(item):
    return [(m.kind, m.items.get("label")) for m in item.messages]


def test_a_right_final_answer_earns_the_point_without_steps(billable):
    item = run(billable, {"q:billable": ["10 lb"]})
    assert (item.status, item.points) == ("correct", 1.0)
    assert kinds_and_labels(item) == [("number-right", "Billable weight")]


def test_right_steps_earn_part_of_the_point_when_the_final_answer_is_wrong(billable):
    form = {"q:billable": ["9"], "q:billable:volume": ["1200"], "q:billable:dimensional": ["8.63"]}
    item = run(billable, form)
    assert (item.status, item.points) == ("partial", 0.5)
    assert kinds_and_labels(item) == [
        ("number-right", "Volume"),
        ("number-right", "Dimensional weight"),
        ("number-wrong", "Billable weight"),
    ]
    assert item.messages[-1].author_html == (
        "The billable weight is the greater of the actual and dimensional weights."
    )
    assert [m.author_html for m in item.messages[:-1]] == ["", ""]


def test_each_right_step_earns_its_share_and_a_wrong_step_says_why(billable):
    form = {"q:billable": ["9"], "q:billable:volume": ["1200"], "q:billable:dimensional": ["8.4"]}
    item = run(billable, form)
    assert (item.status, item.points) == ("partial", 0.25)
    assert item.messages[1] == Message(
        "number-wrong",
        {"label": "Dimensional weight", "given": "8.4", "expected": "8.63 lb"},
        "Divide the volume by 139.",
    )


def test_steps_not_given_are_named_with_their_answers(billable):
    item = run(billable, {"q:billable": ["9"]})
    assert (item.status, item.points) == ("wrong", 0)
    assert kinds_and_labels(item)[:2] == [
        ("number-missing", "Volume"),
        ("number-missing", "Dimensional weight"),
    ]


def test_right_steps_without_a_final_answer_still_earn_their_share(billable):
    form = {"q:billable:volume": ["1,200 cubic inches"], "q:billable:dimensional": ["8.63 lb"]}
    item = run(billable, form)
    assert (item.status, item.points) == ("partial", 0.5)
    assert item.messages[-1].kind == "number-missing"


def test_a_right_final_answer_still_points_out_a_wrong_step(billable):
    item = run(billable, {"q:billable": ["10"], "q:billable:dimensional": ["7"]})
    assert (item.status, item.points) == ("correct", 1.0)
    assert kinds_and_labels(item) == [
        ("number-right", "Billable weight"),
        ("number-wrong", "Dimensional weight"),
    ]
    assert item.messages[-1].author_html == "Divide the volume by 139."


def test_nothing_given_is_not_answered(billable):
    item = run(billable, {"q:billable": [""], "q:billable:volume": [" "]})
    assert (item.status, [m.kind for m in item.messages]) == ("missing", ["question-unanswered"])


@pytest.mark.parametrize(("partial", "points"), [(100, 1.0), (0, 0.0), ("20%", 0.2)])
def test_the_author_sets_what_right_steps_earn(partial, points):
    text = BILLABLE.replace("    tolerance: 0\n", f"    tolerance: 0\n    partial: {partial}\n")
    form = {"q:billable": ["9"], "q:billable:volume": ["1200"], "q:billable:dimensional": ["8.63"]}
    assert run(activity("quiz", text), form).points == points


def test_a_field_for_a_step_the_question_lacks_is_refused(billable):
    with pytest.raises(ResponseError, match="not part of this activity"):
        quiz.parse(billable.spec, {"q:billable": ["10"], "q:billable:weight": ["8"]})


def test_an_overlong_number_is_refused_before_grading(billable):
    with pytest.raises(ResponseError, match="too long"):
        quiz.parse(billable.spec, {"q:billable": ["1" * 101]})


TYPED = st.text(st.characters(blacklist_characters="\x00"), max_size=100)  # NULs: ResponseError


@given(TYPED, TYPED)
def test_any_text_grades_within_the_point_and_never_fails(billable, final, step):
    item = run(billable, {"q:billable": [final], "q:billable:dimensional": [step]})
    assert 0 <= item.points <= 1
    assert item.status in ("correct", "partial", "wrong", "missing")


TABLE = """\
columns: [{id: small, label: Small box}, {id: large, label: Large box}]
rows:
  - id: billable
    label: Billable weight
    kind: number
    unit: lb
    tolerance: 0.5
    cells:
      small: 10
      large: {answer: 25, tolerance: 0, explanation: The dimensional weight wins.}
"""


@pytest.fixture(scope="module")
def table():
    return activity("exercise comparison-table", TABLE)


def grade_table(table_activity, small: str, large: str):
    spec = table_activity.spec
    fields = {"cell:billable:small": [small], "cell:billable:large": [large]}
    return comparison_table.grade(spec, comparison_table.parse(spec, fields))


def test_number_cells_are_graded_as_numbers(table):
    result = grade_table(table, "4.6 kg", "25.4")
    small, large = result.by_key()["cell:billable:small"], result.by_key()["cell:billable:large"]
    assert (small.status, small.points, large.status, large.points) == ("correct", 1, "wrong", 0)
    assert [(m.kind, m.items.get("label")) for m in small.messages] == [
        ("number-unit-converted", "Billable weight — Small box"),
        ("number-close", None),  # the label is said once
    ]
    assert large.messages == (
        Message(
            "number-wrong",
            {"label": "Billable weight — Large box", "given": "25.4", "expected": "25 lb"},
            "The dimensional weight wins.",
        ),
    )
    assert result.score == 1


def test_a_number_cell_left_empty_is_missing_with_its_answer(table):
    item = grade_table(table, "", "25 lb").by_key()["cell:billable:small"]
    assert item.status == "missing"
    assert item.messages == (
        Message("number-missing", {"label": "Billable weight — Small box", "expected": "10 lb"}),
    )


def test_a_number_cell_shows_its_answer_in_the_key(table):
    cell = table.spec.cells[("billable", "large")]
    assert (cell.accept, cell.number.tolerance) == (("25 lb",), Decimal(0))
