"""Comparison tables: credit per cell, partial answers, synonyms, statement cards in any order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.grading import ResponseError
from app.core.grading.comparison_table import grade, parse
from app.core.grading.result import Message
from tests.unit.grading.helpers import activity

TABLE = """\
columns: [{id: house, label: In-house}, {id: drop, label: Dropshipping}]
scale: [low, medium, high]
synonyms: [[3pl, third-party logistics, third party logistics]]
rows:
  - id: upfront
    label: Upfront investment
    cells:
      house: {answer: high, explanation: A warehouse and staff cost money up front.}
      drop: {answer: low, partial: [medium], explanation: You hold no stock.}
  - id: partner
    label: Who ships
    kind: text
    cells:
      house: {answer: [you, the store]}
      drop: {answer: [the supplier, supplier, 3pl]}
  - {id: pros, label: Advantages, kind: cards}
cards:
  - {id: control, text: Most control, cells: [pros/house], explanation: You run everything.}
  - {id: cheap, text: Low initial investment, cells: [pros/drop]}
  - {id: both, text: Sells online, cells: [pros/house, pros/drop]}
"""


@pytest.fixture(scope="module")
def spec():
    return activity("exercise comparison-table", TABLE).spec


PERFECT = {
    "cell:upfront:house": ["high"],
    "cell:upfront:drop": ["low"],
    "cell:partner:house": ["You"],
    "cell:partner:drop": ["The supplier!"],
    "card:control": ["pros/house"],
    "card:cheap": ["pros/drop"],
    "card:both": ["pros/drop"],
}


def test_all_cells_right_scores_full_marks(spec):
    result = grade(spec, parse(spec, PERFECT))
    assert (result.score, result.max_score) == (7, 7)


def test_partial_answers_earn_half_a_cell(spec):
    result = grade(spec, parse(spec, {**PERFECT, "cell:upfront:drop": ["medium"]}))
    assert result.score == 6.5
    item = result.by_key()["cell:upfront:drop"]
    assert item.status == "partial"
    assert item.messages == (
        Message(
            "cell-partial",
            {"row": "Upfront investment", "column": "Dropshipping", "expected": ("low",)},
            "You hold no stock.",
        ),
    )


def test_wrong_cells_explain_the_right_answer(spec):
    result = grade(spec, parse(spec, {**PERFECT, "cell:upfront:house": ["low"]}))
    item = result.by_key()["cell:upfront:house"]
    assert item.status == "wrong"
    [message] = item.messages
    assert message.kind == "cell-wrong"
    assert message.items == {
        "row": "Upfront investment",
        "column": "In-house",
        "expected": ("high",),
        "given": "low",
    }
    assert message.author_html == "A warehouse and staff cost money up front."


def test_right_cells_and_cards_say_so_with_the_explanation(spec):
    result = grade(spec, parse(spec, PERFECT)).by_key()
    assert result["cell:partner:house"].messages == (
        Message("cell-right", {"row": "Who ships", "column": "In-house"}),
    )
    assert result["card:control"].messages == (
        Message("card-right", {"card": "Most control"}, "You run everything."),
    )


def test_misplaced_and_unplaced_cards_name_every_cell_they_fit(spec):
    form = {**PERFECT, "card:cheap": ["pros/house"]}
    del form["card:both"]
    result = grade(spec, parse(spec, form)).by_key()
    assert result["card:cheap"].messages == (
        Message(
            "card-wrong",
            {
                "card": "Low initial investment",
                "rows": ("Advantages",),
                "columns": ("Dropshipping",),
            },
        ),
    )
    [unplaced] = result["card:both"].messages
    assert unplaced.kind == "card-not-placed"
    assert (unplaced.items["rows"], unplaced.items["columns"]) == (
        ("Advantages", "Advantages"),
        ("In-house", "Dropshipping"),
    )


def test_text_cells_ignore_case_punctuation_and_accept_synonyms(spec):
    form = {**PERFECT, "cell:partner:drop": ["Third-party  logistics"]}
    assert grade(spec, parse(spec, form)).score == 7


def test_cards_may_go_to_any_cell_they_fit_in_any_order(spec):
    form = {**PERFECT, "card:both": ["pros/house"]}
    assert grade(spec, parse(spec, form)).score == 7


def test_unplaced_cards_and_empty_cells_score_nothing(spec):
    result = grade(spec, parse(spec, {}))
    assert result.score == 0
    assert {i.status for i in result.feedback} == {"missing"}
    assert result.by_key()["cell:partner:drop"].messages[0].items["expected"] == (
        "the supplier",
        "supplier",
        "3pl",
    )
    assert result.by_key()["cell:partner:drop"].messages[0].kind == "cell-missing"


@pytest.mark.parametrize(
    "form",
    [
        {"cell:upfront:house": ["enormous"]},
        {"cell:nope:house": ["low"]},
        {"card:control": ["upfront/house"]},
        {"card:ghost": ["pros/house"]},
        {"cell:partner:house": ["x" * 201]},
    ],
)
def test_bad_cells_and_cards_are_refused(spec, form):
    with pytest.raises(ResponseError):
        parse(spec, form)


cells = st.fixed_dictionaries(
    {
        "cell:upfront:house": st.sampled_from(["", "low", "medium", "high"]).map(lambda v: [v]),
        "cell:upfront:drop": st.sampled_from(["", "low", "medium", "high"]).map(lambda v: [v]),
        "cell:partner:house": st.text(max_size=30).map(lambda v: [v]),
        "card:both": st.sampled_from(["", "pros/house", "pros/drop"]).map(lambda v: [v]),
    }
)


@given(cells)
def test_score_stays_within_bounds(form):
    spec = activity("exercise comparison-table", TABLE).spec
    form = {k: [v[0].replace("\x00", "")] for k, v in form.items()}
    result = grade(spec, parse(spec, form))
    assert 0 <= result.score <= result.max_score
