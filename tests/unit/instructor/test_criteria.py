"""Rubric criteria of written answers over each learner's latest answer (hand-made rows)."""

from __future__ import annotations

import csv
import io

from app.core.analytics.criteria import criteria_figures
from app.core.analytics.figures import lesson_figures
from app.core.analytics.tables import named_table, to_csv
from app.core.content import parse_lesson
from tests.activity_blocks import block
from tests.content_helpers import lesson_text
from tests.lessons import body_with
from tests.unit.instructor.written_rows import LESSON, essay

ROWS = [
    # Learner 1 missed everything and blamed the customer, then wrote a good answer: the later
    # answer is the one counted.
    essay(1, 1, 0, {"greet": "wrong", "date": "wrong", "blame": "wrong"}),
    essay(2, 1, 10, {"greet": "correct", "date": "correct", "blame": "correct"}),
    essay(3, 2, 5, {"greet": "correct", "date": "partial", "blame": "wrong"}),
    # Learner 3 was graded before the deduction was added: not judged on it.
    essay(4, 3, 7, {"greet": "wrong", "date": "wrong"}),
    essay(5, 4, 8, None),  # stored without a grade: not counted
]
(ESSAY,) = criteria_figures(LESSON, ROWS)
CRITERIA = {c.criterion_id: c for c in ESSAY.criteria}


def test_every_criterion_of_every_free_text_activity_is_listed_in_lesson_order():
    assert (ESSAY.activity_id, ESSAY.title) == ("essay", "A short essay")
    assert list(CRITERIA) == ["greet", "date", "blame"]
    assert CRITERIA["greet"].label == "Greets the reader"


def test_each_learners_latest_graded_answer_is_counted_once():
    assert ESSAY.answers == 3
    greet = CRITERIA["greet"]
    assert (greet.judged, greet.met, greet.partly, greet.missed) == (3, 2, 0, 1)
    assert greet.percent_met == 67


def test_partly_met_criteria_are_counted_apart_and_the_rate_is_of_fully_met_ones():
    date = CRITERIA["date"]
    assert (date.judged, date.met, date.partly, date.missed) == (3, 1, 1, 1)
    assert date.percent_met == 33


def test_a_deduction_counts_the_answers_it_applied_to():
    blame = CRITERIA["blame"]
    assert blame.deduction and blame.weight == -1
    assert (blame.judged, blame.applied, blame.percent_applied) == (2, 1, 50)
    assert (blame.met, blame.partly, blame.missed, blame.percent_met) == (0, 0, 0, None)
    assert ESSAY.deductions == (blame,) and blame not in ESSAY.scored


def test_an_activity_nobody_answered_has_no_rates():
    (untried,) = criteria_figures(LESSON, [])
    assert untried.answers == 0
    assert all(c.judged == 0 and c.percent_met is None for c in untried.scored)
    assert all(c.percent_applied is None for c in untried.deductions)


def test_only_free_text_activities_have_criteria():
    lesson = parse_lesson(lesson_text(body_with(block("quiz", "quiz-1"), block("checklist"))))
    assert criteria_figures(lesson, []) == ()


def test_an_unknown_status_or_a_malformed_item_is_not_judged():
    odd = essay(6, 5, 12, {"greet": "correct", "date": "correct"})
    items = odd.feedback["feedback"]
    items[1] = {**items[1], "status": "info"}
    items.append("not an item")
    (figures,) = criteria_figures(LESSON, [odd])
    judged = {c.criterion_id: c.judged for c in figures.criteria}
    assert judged == {"greet": 1, "date": 0, "blame": 0}


def test_the_criteria_table_gives_deductions_their_own_columns():
    data = to_csv(named_table(lesson_figures(LESSON, ROWS, []), "criteria"))
    header, greet, date, blame = csv.reader(io.StringIO(data))
    assert header == [
        "activity",
        "criterion",
        "label",
        "weight",
        "latest answers judged",
        "met",
        "partly met",
        "missed",
        "percent met",
        "deduction applied",
        "percent applied",
    ]
    assert greet == ["essay", "greet", "Greets the reader", "1", "3", "2", "0", "1", "67", "", ""]
    assert date[4:9] == ["3", "1", "1", "1", "33"]
    assert blame == ["essay", "blame", "Blames the customer", "-1", "2", "", "", "", "", "1", "50"]


def test_the_review_list_says_how_each_criterion_fared():
    reviews = {r.attempt.learner_id: r for r in lesson_figures(LESSON, ROWS, []).reviews}
    assert reviews[1].criteria == (
        ("Greets the reader", "met"),
        ("Gives a date", "met"),
        ("Blames the customer", "avoided"),
    )
    assert reviews[2].criteria == (
        ("Greets the reader", "met"),
        ("Gives a date", "partly"),
        ("Blames the customer", "applied"),
    )
    # graded before the deduction existed: it is left out rather than shown as missed
    assert [label for label, _ in reviews[3].criteria] == ["Greets the reader", "Gives a date"]
