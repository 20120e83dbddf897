"""Rules for sending statements to an LRS (app.core.rules.lrs_delivery)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.rules.lrs_delivery import (
    REJECTED,
    RETRY,
    SENT,
    Waiting,
    outcome,
    retry_delay,
    sendable,
)

NOW = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


@pytest.mark.parametrize(
    ("status", "meaning"),
    [
        (200, SENT),
        (204, SENT),
        (409, SENT),  # it holds a statement with this id already
        (400, REJECTED),
        (413, REJECTED),
        (422, REJECTED),
        (401, RETRY),  # credentials: a setting to fix, not the statement
        (403, RETRY),
        (404, RETRY),  # a wrong address
        (429, RETRY),
        (500, RETRY),
        (503, RETRY),
        (None, RETRY),  # no answer at all
    ],
)
def test_what_the_lrs_answer_means(status, meaning):
    assert outcome(status) == meaning


def test_waits_double_after_each_failure_up_to_the_longest():
    waits = [retry_delay(tries, 30, 3600).total_seconds() for tries in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_learners_statement_that_must_wait_holds_back_their_later_ones_only():
    waiting = [
        Waiting(1, NOW),
        Waiting(2, LATER),  # learner 2's first must wait…
        Waiting(1, NOW),
        Waiting(2, NOW),  # …so their second waits too
        Waiting(3, NOW),
    ]
    assert sendable(waiting, NOW) == [waiting[0], waiting[2], waiting[4]]


def test_sending_the_backlog_now_ignores_the_waits():
    waiting = [Waiting(2, LATER), Waiting(2, NOW)]
    assert sendable(waiting, NOW, ignore_waits=True) == waiting
