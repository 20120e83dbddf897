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


@pytest.mark.parametrize(
    "ahead", [timedelta(minutes=10), timedelta(days=1), timedelta(days=3650)], ids=str
)
def test_a_fast_device_clock_is_clamped_to_the_server_time_not_refused(ahead):
    batch = parse_events({"events": [event(at=(NOW + ahead).isoformat())]}, LESSONS, NOW)
    assert batch[0].at == NOW


def test_times_with_an_offset_are_kept_in_utc():
    (read,) = parse_events({"events": [event(at="2026-05-01T13:30:00+02:00")]}, LESSONS, NOW)
    assert (
        read.at == datetime(2026, 5, 1, 11, 30, tzinfo=UTC) and read.at.utcoffset() == timedelta()
    )


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
        {"events": [event(at="")]},
        {"events": [event(at=12)]},
        {"events": [event(at="2026-13-01T00:00:00")]},
        {"events": [event(at="0001-01-01T00:00:00+23:59")]},  # before year 1 in UTC
        {"events": [event(at="9999-12-31T23:59:59-23:59")]},  # after year 9999 in UTC
        {"events": [event()], "learner": "someone-else"},
        {"events": ["text"]},
    ],
)
def test_bad_batches_are_refused_whole(payload):
    with pytest.raises(EventError):
        parse_events(payload, LESSONS, NOW)
