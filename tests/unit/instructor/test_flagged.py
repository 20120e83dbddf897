"""Answers the grader flagged for a person: first in the review list until reviewed (hand-made
rows)."""

from __future__ import annotations

import csv
import io

from app.core.analytics.figures import lesson_figures
from app.core.analytics.tables import named_table, to_csv
from tests.unit.instructor.written_rows import FLAG, LESSON, T0, essay

MET = {"greet": "correct", "date": "partial"}
ROWS = [
    essay(1, 1, 0, MET),  # waiting the longest, not flagged
    essay(2, 2, 5, MET, details=FLAG),
    essay(3, 3, 3, MET, details=FLAG, override_percent=80, reviewed_at=T0),
    essay(4, 4, 9, MET, details={"flag": "borderline"}),  # no reason given
    # learner 5's flagged answer was followed by another one, which is the one to review
    essay(5, 5, 1, MET, details=FLAG),
    essay(6, 5, 2, MET),
]
FIGURES = lesson_figures(LESSON, ROWS, [])


def test_flagged_answers_waiting_come_first_oldest_first_then_the_rest():
    assert [r.attempt.id for r in FIGURES.reviews] == [2, 4, 1, 6, 3]
    assert [r.flagged for r in FIGURES.reviews] == [True, True, False, False, False]


def test_the_flagged_answers_are_those_waiting_with_their_reason():
    assert [r.attempt.id for r in FIGURES.flagged] == [2, 4]
    assert [r.attempt.flag_reason for r in FIGURES.flagged] == [
        "65% is within 10 points of the pass mark",
        "close to the pass mark",
    ]
    assert [r.attempt.id for r in FIGURES.waiting] == [2, 4, 1, 6]


def test_a_reviewed_answer_keeps_its_flag_but_no_longer_waits():
    reviewed = next(r for r in FIGURES.reviews if r.attempt.id == 3)
    assert reviewed.attempt.reviewed and not reviewed.flagged
    assert reviewed.attempt.flag_reason == "65% is within 10 points of the pass mark"


def test_the_reviews_table_gives_the_flag_reason():
    header, *rows = csv.reader(io.StringIO(to_csv(named_table(FIGURES, "reviews"))))
    reasons = {row[0]: row[header.index("flag reason")] for row in rows}
    assert reasons == {
        "2": "65% is within 10 points of the pass mark",
        "4": "close to the pass mark",
        "1": "",
        "6": "",
        "3": "65% is within 10 points of the pass mark",
    }
