"""Checklists compared with a reference list."""

from __future__ import annotations

import pytest

from app.core.grading import ResponseError
from app.core.grading.checklist import grade, parse
from app.core.grading.result import Message
from tests.unit.grading.helpers import activity

CHECKLIST = """\
min_items: 3
reference:
  - {id: stock, label: Inventory sync, match: [inventory, stock], why: Avoid overselling., review: one}
  - {id: track, label: Order tracking, match: [track*], why: Customers ask where orders are.}
  - {id: returns, label: Returns, match: [return*, refund*], why: Returns are part of service.}
"""


@pytest.fixture(scope="module")
def spec():
    return activity("exercise checklist", CHECKLIST).spec


def run(spec, text):
    return grade(spec, parse(spec, {"items": [text]}))


def test_items_matching_the_reference_by_synonym_are_covered(spec):
    result = run(
        spec, "- Real-time stock levels\n* Tracking numbers by email\n1. Easy returns portal"
    )
    assert result.score == 3
    assert result.by_key()["ref:stock"].messages == (
        Message(
            "reference-covered", {"reference": "Inventory sync", "item": "Real-time stock levels"}
        ),
    )


def test_missed_items_say_why_they_matter(spec):
    result = run(spec, "Stock levels\nGift wrapping\nLoyalty points")
    missing = result.by_key()["ref:track"]
    assert missing.status == "missing"
    assert missing.messages == (
        Message(
            "reference-missing", {"reference": "Order tracking"}, "Customers ask where orders are."
        ),
    )
    assert result.details["extras"] == ["Gift wrapping", "Loyalty points"]
    assert result.score == 1


def test_short_lists_get_a_reminder(spec):
    result = run(spec, "Stock")
    [note] = [i for i in result.feedback if i.key == "length"]
    assert note.status == "info"
    assert note.messages == (Message("list-short", {"min": "3", "count": "1"}),)


def test_duplicate_lines_count_once(spec):
    assert parse(spec, {"items": ["Stock\nstock\n\n  - Stock"]}).items == ("Stock",)


def test_too_many_items_are_refused(spec):
    with pytest.raises(ResponseError):
        parse(spec, {"items": ["\n".join(f"item {i}" for i in range(40))]})
