"""Reading a lesson: progress events sent by the page, and sections marked as read by a form.

Both are use cases for any entry point; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.rules import xapi
from app.core.rules.events import EventError, parse_events
from app.learning.errors import LearningError, NotFound
from app.learning.lesson_queries import LessonPage, published_lesson
from app.learning.models.learners import Learner
from app.learning.progress import note_completion, record_statement, save_position


class InvalidEvents(LearningError):
    """A batch that is not saved at all: one bad event refuses the whole batch."""


@dataclass(frozen=True)
class Recorded:
    saved: int  # events stored now (a re-sent event is stored once)
    received: int


def _lessons_named(payload: Any) -> dict[str, LessonPage]:
    """The published lessons the batch names (anything that isn't a slug is refused later)."""
    raw = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(raw, list):
        return {}
    slugs = {e["lesson"] for e in raw if isinstance(e, dict) and isinstance(e.get("lesson"), str)}
    return {s: p for s in slugs if (p := published_lesson(s)) is not None}


def record_events(payload: Any, learner: Callable[[], Learner], now: datetime) -> Recorded:
    """Check a batch of progress events completely, then store every one of them.

    ``payload`` is the decoded JSON body; ``learner`` gives the learner to record for, and is
    called only once the batch is valid (a refused batch creates no learner).
    """
    pages = _lessons_named(payload)
    try:
        batch = parse_events(payload, {s: p.content for s, p in pages.items()}, now)
    except EventError as exc:
        raise InvalidEvents(f"Progress was not saved: {exc}.") from exc
    who = learner()
    saved = 0
    for event in batch:
        lesson_id = pages[event.lesson].lesson.id
        if event.type == "position":
            save_position(who, lesson_id, event.kind, event.section, event.offset, event.at)
            saved += 1
        elif event.type == "section-read":
            saved += record_statement(
                who,
                lesson_id,
                xapi.EXPERIENCED,
                xapi.SECTION,
                event.section,
                statement_id=event.id,
                timestamp=event.at,
            )
        else:
            saved += record_statement(
                who,
                lesson_id,
                xapi.PROGRESSED,
                xapi.LESSON,
                event.lesson,
                result={"seconds": event.seconds},
                statement_id=event.id,
                timestamp=event.at,
            )
    for page in pages.values():
        note_completion(who, page.lesson.id, page.lesson.slug, page.content)
    return Recorded(saved, len(batch))


def mark_read(learner: Learner, page: LessonPage, section_id: str) -> bool:
    """Record that the learner read a section (the no-JavaScript 'Mark as read' form); True
    when this completed the lesson."""
    if page.content.section(section_id) is None:
        raise NotFound(f"This lesson has no section “{section_id}”.")
    record_statement(learner, page.lesson.id, xapi.EXPERIENCED, xapi.SECTION, section_id)
    return note_completion(learner, page.lesson.id, page.lesson.slug, page.content)
