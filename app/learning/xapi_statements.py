"""Stored statements as xAPI statements: for the learner's own download and for an LRS."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.core.rules import xapi
from app.learning.db import db
from app.learning.models.courses import Course, Lesson
from app.learning.models.learners import Statement


def lesson_places(lesson_ids: Iterable[int | None]) -> dict[int, tuple[str, str]]:
    """Each lesson's slug and its course's slug, by lesson id (one query)."""
    wanted = {i for i in lesson_ids if i is not None}
    if not wanted:
        return {}
    query = (
        db.select(Lesson.id, Lesson.slug, Course.slug)
        .join(Course, Course.id == Lesson.course_id)
        .where(Lesson.id.in_(wanted))
    )
    return {lesson_id: (slug, course) for lesson_id, slug, course in db.session.execute(query)}


def as_xapi(
    rows: Iterable[tuple[Statement, str]],
    home_page: str,
    *,
    with_stored: bool = True,
    platform: str | None = None,
) -> list[dict[str, Any]]:
    """``(statement, learner public id)`` pairs as xAPI statements, in the order given."""
    rows = list(rows)
    places = lesson_places(row.lesson_id for row, _ in rows)
    shaped = []
    for row, actor in rows:
        lesson, course = places.get(row.lesson_id, ("", None))
        shaped.append(
            xapi.statement(
                statement_id=row.statement_id,
                actor_name=actor,
                home_page=home_page,
                verb=row.verb,
                object_type=row.object_type,
                object_id=row.object_id,
                lesson=lesson,
                course=course,
                result=row.result,
                timestamp=row.timestamp,
                stored=row.stored if with_stored else None,
                platform=platform,
            )
        )
    return shaped
