"""Progress events are checked completely before any of them is applied."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.core.content import parse_lesson
from app.core.rules.events import EventError, parse_events
from tests.content_helpers import lesson_text

LESSONS = {"a-lesson": parse_lesson(lesson_text())}
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def event(**fields):
    return {
        "id": str(uuid.uuid4()),
        "type": "section-read",
        "lesson": "a-lesson",
        "section": "one",
        **fields,
    }


def test_valid_events_are_read():
    batch = parse_events(
        {
            "events": [
                event(),
                event(type="time", seconds=30),
                event(type="position", kind="listening", offset=12.5),
            ]
        },
        LESSONS,
        NOW,
    )
    assert [e.type for e in batch] == ["section-read", "time", "position"]
    assert batch[2].offset == 12.5 and batch[0].at == NOW


def test_times_in_the_past_are_kept_and_slightly_future_ones_clamped():
    past = (NOW - timedelta(hours=1)).isoformat()
    soon = (NOW + timedelta(minutes=1)).isoformat()
    batch = parse_events({"events": [event(at=past), event(at=soon)]}, LESSONS, NOW)
    assert batch[0].at == NOW - timedelta(hours=1) and batch[1].at == NOW


def test_an_event_id_with_a_trailing_newline_is_not_a_uuid():
    with pytest.raises(EventError, match="'id' must be a UUID"):
        parse_events({"events": [event(id=str(uuid.uuid4()) + "\n")]}, LESSONS, NOW)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"events": "no"},
        {"events": [event()] * 51},
        {"events": [event(id="1")]},
        {"events": [event(type="teleported")]},
        {"events": [event(lesson="other")]},
        {"events": [event(section="nowhere")]},
        {"events": [event(type="time", seconds=0)]},
        {"events": [event(type="time", seconds=10_000)]},
        {"events": [event(type="time", seconds=True)]},
        {"events": [event(type="position", kind="dancing")]},
        {"events": [event(type="position", offset=-1)]},
        {"events": [event(at="yesterday")]},
        {"events": [event(at=(NOW + timedelta(days=1)).isoformat())]},
        {"events": [event()], "learner": "someone-else"},
        {"events": ["text"]},
    ],
)
def test_bad_batches_are_refused_whole(payload):
    with pytest.raises(EventError):
        parse_events(payload, LESSONS, NOW)
