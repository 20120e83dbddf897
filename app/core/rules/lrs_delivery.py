"""Rules for sending statements to a Learning Record Store: what an answer means, when to try
again, and which waiting statements may go now.

Delivery is *at least once, in order per learner*: a statement is marked sent only once the LRS
has answered that it holds it, so a lost answer means sending it again, which the LRS ignores
(statement ids are fixed when the statement is stored). A learner's statements go in the order
they were recorded; one that must wait holds back that learner's later ones. A statement the LRS
refuses is set aside with its reason and does not hold the others back: refusals are about the
statement itself, and retrying it would be refused again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

SENT = "sent"  # the LRS holds the statements (200, 204; 409: it had one with this id already)
REJECTED = "rejected"  # the LRS refuses the content (400, 413, 422): sending it again won't help
RETRY = "retry"  # anything else: LRS down or overloaded, wrong address, credentials refused

_REFUSALS = {400, 413, 422}


def outcome(status: int | None) -> str:
    """What the LRS's answer to a POST of statements means (None: no answer at all)."""
    if status in (200, 204, 409):
        return SENT
    if status in _REFUSALS:
        return REJECTED
    return RETRY


def retry_delay(tries: int, first: float, longest: float) -> timedelta:
    """The wait before the next attempt after ``tries`` failed ones: doubling from ``first``."""
    return timedelta(seconds=min(longest, first * 2 ** max(0, tries - 1)))


@dataclass(frozen=True)
class Waiting:
    """A statement waiting to be sent, as far as choosing what goes next needs it."""

    learner_id: int
    next_attempt_at: datetime


W = TypeVar("W", bound=Waiting)


def sendable(waiting: Iterable[W], now: datetime, *, ignore_waits: bool = False) -> list[W]:
    """Of the waiting statements (in the order they were recorded), the ones that may go now:
    those due, up to each learner's first one that must still wait (``ignore_waits``: all)."""
    held: set[int] = set()
    chosen = []
    for item in waiting:
        if item.learner_id in held:
            continue
        if not ignore_waits and item.next_attempt_at > now:
            held.add(item.learner_id)
            continue
        chosen.append(item)
    return chosen


def first_wait(waiting: Sequence[Waiting], now: datetime) -> datetime | None:
    """When the earliest statement still waiting becomes due (None: nothing waits)."""
    later = [item.next_attempt_at for item in waiting if item.next_attempt_at > now]
    return min(later, default=None)
