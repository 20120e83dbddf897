"""The one rule for what an attempt finally scores and whether it passes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.grading.outcome import attempt_passes, final_percent

percents = st.integers(min_value=0, max_value=100)


@pytest.mark.parametrize(
    ("percent", "override", "pass_mark", "passes"),
    [
        (40, None, 70, False),  # not reviewed: the automatic grade decides
        (70, None, 70, True),
        (40, 75, 70, True),  # a review that raises the score passes the activity…
        (90, 60, 70, False),  # …and one that lowers it takes the pass away
        (40, 70, 70, True),  # the pass mark itself passes
        (None, None, 70, None),  # a reflection has no score and neither passes nor fails
    ],
)
def test_a_review_replaces_the_automatic_percent(percent, override, pass_mark, passes):
    assert attempt_passes(percent, override, pass_mark) is passes


@given(percents, percents, percents)
def test_a_reviewed_attempt_passes_exactly_when_the_review_reaches_the_pass_mark(
    percent, override, pass_mark
):
    assert final_percent(percent, override) == override
    assert attempt_passes(percent, override, pass_mark) == (override >= pass_mark)
