"""Quizzes: six question types, per-option feedback, partial credit and the pass mark."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.content.specs.quiz import QUESTION_TYPES
from app.core.grading import ResponseError
from app.core.grading.quiz import QUESTION_GRADERS, grade, parse
from app.core.grading.result import Message
from tests.unit.grading.helpers import activity

QUIZ = """\
pass_mark: 60
shuffle: true
review: one
questions:
  - id: single
    type: single
    prompt: First stage?
    objectives: [first]
    options:
      - {id: place, text: Order Placement, correct: true}
      - {id: ship, text: Shipping, feedback: Shipping comes near the end.}
  - id: multi
    type: multiple
    prompt: Which hold no inventory?
    options:
      - {id: drop, text: Dropshipping, correct: true}
      - {id: house, text: In-house, feedback: In-house means your own warehouse.}
      - {id: marketplace, text: A print-on-demand store, correct: true}
  - {id: tf, type: true-false, prompt: Delays lead to negative reviews., answer: true, feedback: The lesson says they do.}
  - {id: short, type: short, prompt: "What does 3PL stand for?", accept: [third-party logistics], feedback: Third-Party Logistics.}
  - id: match
    type: matching
    prompt: Match.
    feedback: Review the methods.
    pairs:
      - {id: a, left: Dropshipping, right: Supplier ships}
      - {id: b, left: In-house, right: You ship}
  - id: order
    type: ordering
    prompt: Order these.
    feedback: Picking comes before packing and shipping.
    items: [{id: pick, text: Pick}, {id: pack, text: Pack}, {id: ship, text: Ship}]
"""


@pytest.fixture(scope="module")
def quiz():
    return activity("quiz", QUIZ)


PERFECT = {
    "q:single": ["place"],
    "q:multi": ["drop", "marketplace"],
    "q:tf": ["true"],
    "q:short": ["Third party logistics"],
    "q:match:a": ["a"],
    "q:match:b": ["b"],
    "q:order:pick": ["1"],
    "q:order:pack": ["2"],
    "q:order:ship": ["3"],
}


def run(quiz, form):
    return grade(quiz.spec, parse(quiz.spec, form))


def test_all_right_is_full_marks_and_passes(quiz):
    result = run(quiz, PERFECT)
    assert (result.score, result.max_score) == (6, 6)
    assert result.passed(quiz.pass_mark)


def test_a_wrong_option_explains_itself_and_points_to_the_section(quiz):
    item = run(quiz, {**PERFECT, "q:single": ["ship"]}).by_key()["q:single"]
    assert (item.status, item.messages, item.review) == (
        "wrong",
        (Message("option-feedback", {"option": "Shipping"}, "Shipping comes near the end."),),
        "one",
    )


def test_multiple_choice_gives_partial_credit_and_penalises_wrong_picks(quiz):
    assert run(quiz, {**PERFECT, "q:multi": ["drop"]}).by_key()["q:multi"].points == 0.5
    assert run(quiz, {**PERFECT, "q:multi": ["drop", "house"]}).by_key()["q:multi"].points == 0
    half = run(quiz, {**PERFECT, "q:multi": ["drop"]}).by_key()["q:multi"]
    assert half.messages == (Message("options-missed", {"options": ("A print-on-demand store",)}),)
    wrong_pick = run(quiz, {**PERFECT, "q:multi": ["house"]}).by_key()["q:multi"]
    assert [m.kind for m in wrong_pick.messages] == ["option-feedback", "options-missed"]
    assert wrong_pick.messages[1].items == {"options": ("Dropshipping", "A print-on-demand store")}


def test_unanswered_and_wrong_questions_say_so_and_right_ones_say_nothing(quiz):
    result = run(quiz, {**PERFECT, "q:tf": ["false"], "q:short": [""]}).by_key()
    assert result["q:tf"].messages == (
        Message("question-feedback", {}, "The lesson says they do."),
    )
    assert result["q:short"].messages == (Message("question-unanswered"),)
    assert result["q:single"].messages == ()


def test_an_explanation_follows_whatever_else_the_question_says():
    explained = QUIZ.replace("prompt: Match.", "prompt: Match.\n    explanation: Both are methods.")
    quiz = activity("quiz", explained)
    result = run(quiz, {**PERFECT, "q:match:a": ["b"], "q:match:b": ["a"]}).by_key()["q:match"]
    assert result.messages == (
        Message("question-feedback", {}, "Review the methods."),
        Message("explanation", {}, "Both are methods."),
    )
    assert run(quiz, PERFECT).by_key()["q:match"].messages == (
        Message("explanation", {}, "Both are methods."),
    )


def test_matching_and_ordering_give_credit_per_part(quiz):
    result = run(
        quiz, {**PERFECT, "q:match:a": ["b"], "q:order:pick": ["2"], "q:order:pack": ["1"]}
    )
    assert result.by_key()["q:match"].points == 0.5
    assert result.by_key()["q:order"].points == pytest.approx(2 / 3, abs=0.001)


def test_unanswered_questions_score_nothing_and_fail(quiz):
    result = run(quiz, {})
    assert result.score == 0 and not result.passed(quiz.pass_mark)
    assert result.by_key()["q:tf"].status == "missing"


def test_pass_mark_decides_passing(quiz):
    result = run(quiz, {**PERFECT, "q:single": ["ship"], "q:tf": ["false"]})
    assert result.percent == 67 and result.passed(60) and not result.passed(70)


@pytest.mark.parametrize(
    "form",
    [
        {"q:single": ["nope"]},
        {"q:multi": ["drop", "ghost"]},
        {"q:tf": ["maybe"]},
        {"q:match:a": ["z"]},
        {"q:order:pick": ["9"]},
        {"q:order:pick": ["²"]},  # a digit to str.isdigit, not to int()
        {"q:order:pick": ["١"]},  # an Arabic-Indic one: positions are written 0-9
        {"q:ghost": ["x"]},
        {"q:single": ["place", "ship"]},
    ],
)
def test_answers_that_name_nothing_in_the_quiz_are_refused(quiz, form):
    with pytest.raises(ResponseError):
        parse(quiz.spec, form)


answers = st.fixed_dictionaries(
    {
        "q:single": st.sampled_from(["", "place", "ship"]).map(lambda v: [v]),
        "q:multi": st.lists(st.sampled_from(["drop", "house", "marketplace"]), unique=True),
        "q:tf": st.sampled_from(["", "true", "false"]).map(lambda v: [v]),
        "q:order:pick": st.sampled_from(["", "1", "2", "3"]).map(lambda v: [v]),
        "q:order:pack": st.sampled_from(["", "1", "2", "3"]).map(lambda v: [v]),
    }
)


@given(answers)
def test_quiz_score_stays_within_bounds(form):
    quiz = activity("quiz", QUIZ)
    result = grade(quiz.spec, parse(quiz.spec, form))
    assert 0 <= result.score <= result.max_score


def test_every_question_type_has_its_grader():
    assert set(QUESTION_GRADERS) == set(QUESTION_TYPES)
