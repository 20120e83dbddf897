"""The grader's flag on a stored grade: an answer it wants a person to look at."""

from __future__ import annotations

import pytest

from app.core.grading.flags import DEFAULT_REASON, MAX_REASON, flag_reason


def grade(**details):
    return {"score": 2.0, "max_score": 3.0, "feedback": [], "details": details}


def test_a_borderline_flag_gives_the_graders_reason():
    flagged = grade(flag="borderline", flag_reason="67% is within 5 points of the pass mark")
    assert flag_reason(flagged) == "67% is within 5 points of the pass mark"


@pytest.mark.parametrize("reason", [None, "", "   ", 42, ["list"]])
def test_a_flag_without_a_usable_reason_gets_the_general_one(reason):
    assert flag_reason(grade(flag="borderline", flag_reason=reason)) == DEFAULT_REASON


@pytest.mark.parametrize(
    "stored",
    [
        None,
        {},
        grade(),
        grade(flag="other", flag_reason="Not a flag this page knows"),
        grade(flag=True),
        {"score": 1, "max_score": 1, "details": "borderline"},
        ["not", "a", "grade"],
    ],
)
def test_no_flag_or_an_unknown_one_is_none(stored):
    assert flag_reason(stored) is None


def test_a_long_reason_is_shortened_and_its_spacing_folded():
    reason = flag_reason(grade(flag="borderline", flag_reason="close\n\n  call " + "x" * 500))
    assert reason.startswith("close call x") and len(reason) == MAX_REASON
    assert reason.endswith("…")
