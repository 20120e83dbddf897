"""Quiz question difficulty (latest attempts) and most common wrong answers (all attempts)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.analytics.questions import WrongAnswer, describe, plain_text, question_figures
from app.core.content.specs.numeric import NumericAnswer, NumericKey
from app.core.content.specs.quiz import Option, Pair, Question
from tests.unit.instructor.known_history import ATTEMPTS, LESSON

QUESTIONS = {q.question_id: q for q in question_figures(LESSON, ATTEMPTS)}


def test_every_question_of_every_quiz_is_listed_in_order_with_a_plain_prompt():
    assert list(QUESTIONS) == ["first", "accuracy", "acronym", "label"]
    assert QUESTIONS["first"].prompt == "Which stage comes first?"
    assert QUESTIONS["first"].quiz_title == "Check"


@pytest.mark.parametrize(
    ("question", "counts", "percent"),
    [
        ("first", (3, 1, 0, 2, 0), 33),  # only learner 1 picked the first stage
        ("accuracy", (3, 2, 0, 1, 0), 67),  # learner 2 got it right on the second try
        ("acronym", (3, 2, 0, 1, 0), 67),
        ("label", (3, 2, 0, 1, 0), 67),
    ],
)
def test_difficulty_is_the_share_of_learners_right_in_their_latest_attempt(
    question, counts, percent
):
    q = QUESTIONS[question]
    assert (q.answered, q.right, q.partly, q.wrong, q.missing) == counts
    assert q.percent_right == percent


@pytest.mark.parametrize(
    ("question", "wrong_answers"),
    [
        # learner 2 chose Shipping twice: one learner, counted once; learner 3 once
        ("first", [("Shipping", 2)]),
        ("accuracy", [("Fast shipping", 1), ("Right items; Fast shipping", 1)]),
        # typed answers are shown as typed, runs of spaces as one
        ("acronym", [("Fourth-Party Logistics!", 1), ("three PL", 1)]),
        ("label", [("True", 2)]),
    ],
)
def test_wrong_answers_name_options_by_their_text_most_common_first(question, wrong_answers):
    assert QUESTIONS[question].wrong_answers == tuple(WrongAnswer(*w) for w in wrong_answers)


def test_a_quiz_nobody_tried_has_no_difficulty():
    (first, *_) = question_figures(LESSON, [])
    assert (first.answered, first.percent_right, first.wrong_answers) == (0, None, ())


MATCHING = Question(
    "match",
    "matching",
    "Match.",
    (),
    None,
    pairs=(Pair("a", "Dropshipping", "No stock held"), Pair("b", "In-house", "Own warehouse")),
)
ORDERING = Question(
    "order",
    "ordering",
    "Order.",
    (),
    None,
    items=(Option("pick", "Picking"), Option("pack", "Packing"), Option("ship", "Shipping")),
)


@pytest.mark.parametrize(
    ("question", "answer", "text"),
    [
        (MATCHING, {"a": "b", "b": "a"}, "Dropshipping → Own warehouse; In-house → No stock held"),
        (MATCHING, {"a": "a", "b": ""}, "In-house → (none)"),
        (ORDERING, {"pick": "3", "pack": "1", "ship": "2"}, "Packing → Shipping → Picking"),
        (ORDERING, {"pick": "", "pack": "1", "ship": "2"}, "Packing → Shipping"),
        (MATCHING, "", ""),
    ],
)
def test_matching_and_ordering_answers_are_described_in_words(question, answer, text):
    assert describe(question, answer) == text


def test_an_option_no_longer_in_the_lesson_is_shown_by_its_id():
    question = Question("q", "single", "Q?", (), None, options=(Option("a", "A", True),))
    assert describe(question, "gone") == "gone"


def test_plain_text_drops_tags_and_entities():
    assert (
        plain_text("Is <em>this</em> &amp; <code>that</code>\n right?") == "Is this & that right?"
    )
    assert plain_text("One<br>two") == "One two"


NUMERIC = Question(
    "weight",
    "numeric",
    "How heavy?",
    (),
    None,
    number=NumericAnswer(NumericKey(Decimal(13), "lb", "optional", 0)),
)


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ({"answer": "13lb", "dimensional": "12.7"}, "13 lb"),
        ({"answer": "13 lbs."}, "13 lb"),
        ({"answer": "thirteen pounds"}, "13 lb"),
        ({"answer": "12.70"}, "12.7"),
        ({"answer": "$12.50"}, "$12.5"),
        ({"answer": "13  lbss"}, "13 lbss"),
        ({"answer": "", "dimensional": "12.7"}, ""),
    ],
)
def test_numeric_answers_are_described_as_the_number_read(answer, text):
    assert describe(NUMERIC, answer) == text
