"""Rubric feedback on written answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.grading import ResponseError
from app.core.grading.free_text import PATTERNS, grade, parse
from app.core.grading.result import Message
from tests.unit.grading.helpers import activity

RUBRIC = """\
min_words: 10
max_words: 80
model_answer: Dear Sam, sorry…
criteria:
  - id: apology
    label: Apologises
    keywords: [sorry, apologi*, regret]
    met: You own the problem.
    missed: Apologise first.
    review: one
  - id: compensation
    label: Offers a discount on the next order
    keywords: [[discount, "% off", coupon], [next order, next purchase]]
    weight: 2
    missed: Offer something for the next order.
  - {id: date, label: Gives a date, pattern: date, missed: Say when it will arrive.}
"""


@pytest.fixture(scope="module")
def spec():
    return activity("exercise free-text", RUBRIC).spec


def result_for(spec, text):
    return grade(spec, parse(spec, {"answer": [text]}))


GOOD = (
    "Dear Sam, we are sorry your order is late. It will arrive by March 14. "
    "Please enjoy 15% off your next order."
)


def test_an_answer_meeting_every_criterion_scores_full_marks(spec):
    result = result_for(spec, GOOD)
    assert (result.score, result.max_score) == (4, 4)
    assert result.by_key()["criterion:apology"].messages == (
        Message("criterion-met", {"criterion": "Apologises"}, "You own the problem."),
    )
    assert result.by_key()["criterion:date"].messages == ()  # met, and no words for that


def test_each_missed_criterion_gets_its_feedback_and_section(spec):
    result = result_for(
        spec, "Hello Sam, your parcel will come on Friday. Kind regards, the shop team."
    )
    apology = result.by_key()["criterion:apology"]
    assert apology.status == "wrong"
    assert apology.messages == (
        Message("criterion-missed", {"criterion": "Apologises"}, "Apologise first."),
    )
    assert apology.review == "one"
    assert result.score == 1  # only the date


def test_keyword_groups_all_need_a_match(spec):
    text = "We apologise for the delay; here is a discount code. It arrives on 12/05."
    assert result_for(spec, text).by_key()["criterion:compensation"].status == "wrong"


def test_keywords_are_whole_words_unless_they_end_in_a_star(spec):
    assert result_for(spec, "We apologize. " * 3).by_key()["criterion:apology"].status == "correct"
    assert result_for(spec, "Unsorry words " * 3).by_key()["criterion:apology"].status == "wrong"
    assert result_for(spec, "Sorrybot words " * 3).by_key()["criterion:apology"].status == "wrong"


def test_length_outside_the_limits_is_reported(spec):
    notes = [i for i in result_for(spec, "Sorry!").feedback if i.key == "length"]
    assert [(i.status, i.messages) for i in notes] == [
        ("info", (Message("length-short", {"words": "1", "min": "10"}),))
    ]
    notes = [i for i in result_for(spec, "Sorry " * 81).feedback if i.key == "length"]
    assert [i.messages for i in notes] == [(Message("length-long", {"words": "81", "max": "80"}),)]


@pytest.mark.parametrize(
    "text",
    [
        "by March 14",
        "on 14 March",
        "on Friday",
        "arrives tomorrow",
        "on 2024-05-12",
        "by 12/05",
        "within 3 business days",
        "within two weeks",
    ],
)
def test_date_pattern_recognises_common_ways_to_give_a_date(text):
    assert PATTERNS["date"].search(text)


@pytest.mark.parametrize("text", ["as soon as possible", "shortly", "in the near future"])
def test_vague_promises_are_not_dates(text):
    assert not PATTERNS["date"].search(text)


@pytest.mark.parametrize(
    "form", [{}, {"answer": ["   "]}, {"answer": ["x" * 10_001]}, {"answer": ["a\x00b"]}]
)
def test_empty_oversized_or_binary_answers_are_refused(spec, form):
    with pytest.raises(ResponseError):
        parse(spec, form)


@given(st.text(min_size=1, max_size=400).filter(lambda t: t.strip() and "\x00" not in t))
def test_any_text_scores_within_bounds(text):
    spec = activity("exercise free-text", RUBRIC).spec
    result = grade(spec, parse(spec, {"answer": [text]}))
    assert 0 <= result.score <= result.max_score
