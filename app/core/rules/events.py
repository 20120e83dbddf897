"""Progress events sent by the lesson page: checked completely before any is applied."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.content.model import Lesson as LessonContent

MAX_EVENTS = 50
MAX_HEARTBEAT = 120  # seconds of active time one event may claim
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
TYPES = ("section-read", "time", "position")


class EventError(ValueError):
    pass


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    lesson: str
    section: str | None
    seconds: int
    kind: str
    offset: float
    at: datetime


def _time(value: Any, now: datetime) -> datetime:
    """When an event happened: its ``at`` (ISO 8601, UTC unless it names a zone), never later
    than ``now``.

    A time in the future comes from a device whose clock is fast, not from the future: the
    event is kept at the server's time rather than refused (refusing it lost the whole batch,
    and the page discards a refused batch). Text that is not a time is still refused.
    """
    if value is None:
        return now
    if not isinstance(value, str) or len(value) > 40:
        raise EventError("'at' must be an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 moved into UTC
        raise EventError("'at' must be an ISO 8601 time") from None
    return min(moment, now)


def parse_events(payload: Any, lessons: dict[str, LessonContent], now: datetime) -> list[Event]:
    """Validate a batch ``{"events": [...]}``; raise EventError naming the first problem."""
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise EventError("send a JSON object with a list 'events'")
    if "learner" in payload:
        raise EventError("events are always saved for the learner who sends them")
    raw_events = payload["events"]
    if len(raw_events) > MAX_EVENTS:
        raise EventError(f"send at most {MAX_EVENTS} events at once")
    events = []
    for index, raw in enumerate(raw_events):
        where = f"event {index + 1}"
        if not isinstance(raw, dict):
            raise EventError(f"{where} must be an object")
        event_id, kind = raw.get("id"), raw.get("type")
        if not isinstance(event_id, str) or not UUID.fullmatch(event_id):
            raise EventError(f"{where}: 'id' must be a UUID")
        if kind not in TYPES:
            raise EventError(f"{where}: 'type' must be one of {', '.join(TYPES)}")
        lesson = lessons.get(raw.get("lesson")) if isinstance(raw.get("lesson"), str) else None
        if lesson is None:
            raise EventError(f"{where}: unknown lesson")
        section = raw.get("section")
        if kind != "time" and (not isinstance(section, str) or lesson.section(section) is None):
            raise EventError(f"{where}: unknown section")
        seconds = raw.get("seconds", 0)
        if kind == "time" and (
            isinstance(seconds, bool)
            or not isinstance(seconds, int)
            or not 0 < seconds <= MAX_HEARTBEAT
        ):
            raise EventError(f"{where}: 'seconds' must be a whole number from 1 to {MAX_HEARTBEAT}")
        position_kind = raw.get("kind", "reading")
        offset = raw.get("offset", 0)
        if kind == "position":
            if position_kind not in ("reading", "listening"):
                raise EventError(f"{where}: 'kind' must be reading or listening")
            if (
                isinstance(offset, bool)
                or not isinstance(offset, int | float)
                or not 0 <= offset < 86400
            ):
                raise EventError(f"{where}: 'offset' must be a number of seconds")
        events.append(
            Event(
                event_id,
                kind,
                raw["lesson"],
                section if kind != "time" else None,
                seconds if kind == "time" else 0,
                position_kind,
                float(offset or 0),
                _time(raw.get("at"), now),
            )
        )
    return events
