"""Recording learning events and reading a learner's progress. Callers commit."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, exists, func, literal, union_all
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.core.content.model import Lesson as LessonContent
from app.core.content.plan import LessonPlan
from app.core.rules import xapi
from app.core.rules.completion import LessonProgress, lesson_progress
from app.core.rules.positions import PositionRecord, later
from app.core.rules.resume import Resume, resume
from app.learning import review_entries, summaries
from app.learning.db import db
from app.learning.lrs_outbox import queue_for_lrs
from app.learning.models.attempts import Attempt
from app.learning.models.courses import utcnow
from app.learning.models.learners import Learner, LearnerRef, Position, Statement

COMPLETED = uuid.UUID("6f1d7a53-6f44-4ce1-9a7e-7d0b4f6c2f10")  # namespace for completion ids


def record_statement(
    learner: Learner,
    lesson_id: int | None,
    verb: str,
    object_type: str,
    object_id: str,
    *,
    result: dict[str, Any] | None = None,
    statement_id: str | None = None,
    timestamp: datetime | None = None,
) -> bool:
    """Store one statement; False when a statement with this id was stored before.

    One ``INSERT … ON CONFLICT DO NOTHING``: a repeated id (a retry, another tab sending the same
    event at the same moment) is skipped by the database itself, with no read first and no
    savepoint. While forwarding to an LRS is on, a statement stored now also enters its outbox
    in the same transaction.
    """
    values = {
        "statement_id": statement_id or str(uuid.uuid4()),
        "learner_id": learner.id,
        "lesson_id": lesson_id,
        "verb": verb,
        "object_type": object_type,
        "object_id": object_id,
        "result": result,
        "timestamp": timestamp or utcnow(),
        "stored": utcnow(),
    }
    statement = _insert_statement(db.session.get_bind().dialect.name)
    stored = db.session.execute(statement, values).rowcount == 1
    if stored:
        queue_for_lrs(values["statement_id"])
    if stored and lesson_id is not None:
        summaries.note_statement(learner.id, lesson_id, verb, values["timestamp"], result)
    return stored


@cache
def _insert_statement(dialect: str):
    """Built once per dialect (building a statement costs as much as running it)."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Statement.__table__).on_conflict_do_nothing()
    # rowcount (1 stored, 0 skipped) is kept for INSERTs only when asked, on some drivers.
    return statement.execution_options(preserve_rowcount=True)


def save_position(
    learner: Learner, lesson_id: int, kind: str, section_id: str, offset: float, at: datetime
) -> Position:
    """Keep the most recent position; an older one arriving late changes nothing."""
    query = db.select(Position).filter_by(learner_id=learner.id, lesson_id=lesson_id, kind=kind)
    current = db.session.scalar(query)
    incoming = PositionRecord(lesson_id, kind, section_id, offset, at)
    if current is None:
        first = Position(
            learner_id=learner.id,
            lesson_id=lesson_id,
            kind=kind,
            section_id=section_id,
            offset=offset,
            updated_at=at,
        )
        try:
            with db.session.begin_nested():  # another request may be saving the first one now
                db.session.add(first)
            return first
        except IntegrityError:
            current = db.session.scalar(query)  # theirs was stored first: keep the later one
    if later(_record(current), incoming) != incoming:
        return current
    current.section_id, current.offset, current.updated_at = section_id, offset, at
    return current


def _record(position: Position) -> PositionRecord:
    updated = position.updated_at
    if updated.tzinfo is None:  # SQLite hands back naive datetimes
        updated = updated.replace(tzinfo=UTC)
    return PositionRecord(
        position.lesson_id, position.kind, position.section_id, position.offset, updated
    )


def _sections_read(learner_id, lesson_id):
    return db.select(Statement.object_id).where(
        Statement.learner_id == learner_id,
        Statement.lesson_id == lesson_id,
        Statement.verb == xapi.EXPERIENCED,
        Statement.object_type == xapi.SECTION,
    )


def _passed(learner_id, lesson_id):
    return db.select(Attempt.activity_id).where(
        Attempt.learner_id == learner_id, Attempt.lesson_id == lesson_id, Attempt.passed.is_(True)
    )


@cache
def _progress_rows():
    """Sections read and activities passed, tagged; built once, with parameters."""
    learner_id, lesson_id = bindparam("learner_id"), bindparam("lesson_id")
    return union_all(
        _sections_read(learner_id, lesson_id).add_columns(literal("section")),
        _passed(learner_id, lesson_id).add_columns(literal("activity")),
    )


def progress_in(
    learner: Learner | LearnerRef | None, lesson_id: int, content: LessonContent
) -> LessonProgress:
    """The learner's progress in one lesson, read with one query."""
    if learner is None:
        return lesson_progress(content, set(), set())
    read: set[str] = set()
    passed: set[str] = set()
    parameters = {"learner_id": learner.id, "lesson_id": lesson_id}
    for item, kind in db.session.execute(_progress_rows(), parameters):
        (read if kind == "section" else passed).add(item)
    return lesson_progress(content, read, passed)


@cache
def _progress_rows_in_lessons():
    """Sections read and activities passed in several lessons, tagged and with their lesson."""
    learner_id = bindparam("learner_id")
    lesson_ids = bindparam("lesson_ids", expanding=True)
    return union_all(
        db.select(Statement.object_id, literal("section"), Statement.lesson_id).where(
            Statement.learner_id == learner_id,
            Statement.lesson_id.in_(lesson_ids),
            Statement.verb == xapi.EXPERIENCED,
            Statement.object_type == xapi.SECTION,
        ),
        db.select(Attempt.activity_id, literal("activity"), Attempt.lesson_id).where(
            Attempt.learner_id == learner_id,
            Attempt.lesson_id.in_(lesson_ids),
            Attempt.passed.is_(True),
        ),
        db.select(Position.section_id, literal("position"), Position.lesson_id).where(
            Position.learner_id == learner_id,
            Position.lesson_id.in_(lesson_ids),
            Position.kind == "reading",
        ),
    )


def resume_in_lessons(
    learner: Learner | LearnerRef | None, contents: dict[int, LessonContent | LessonPlan]
) -> dict[int, Resume]:
    """Each lesson's progress and where the learner picks it up (by lesson id), read with one
    query however many lessons there are."""
    read: dict[int, set[str]] = {lesson_id: set() for lesson_id in contents}
    passed: dict[int, set[str]] = {lesson_id: set() for lesson_id in contents}
    reading: dict[int, str] = {}
    if learner is not None and contents:
        parameters = {"learner_id": learner.id, "lesson_ids": list(contents)}
        for item, kind, lesson_id in db.session.execute(_progress_rows_in_lessons(), parameters):
            if kind == "position":
                reading[lesson_id] = item
            else:
                (read if kind == "section" else passed)[lesson_id].add(item)
    return {
        lesson_id: resume(
            content,
            lesson_progress(content, read[lesson_id], passed[lesson_id]),
            reading.get(lesson_id),
        )
        for lesson_id, content in contents.items()
    }


def progress_in_lessons(
    learner: Learner | LearnerRef | None, contents: dict[int, LessonContent | LessonPlan]
) -> dict[int, LessonProgress]:
    """The learner's progress in each of these lessons (by lesson id), read with one query."""
    found = resume_in_lessons(learner, contents)
    return {lesson_id: resume.progress for lesson_id, resume in found.items()}


def note_completion(learner: Learner, lesson_id: int, slug: str, content: LessonContent) -> bool:
    """Record the 'completed' statement the first time the lesson's rules are met."""
    progress = progress_in(learner, lesson_id, content)
    if not progress.complete:
        return False
    statement_id = str(uuid.uuid5(COMPLETED, f"{learner.public_id}:{slug}"))
    return record_statement(
        learner,
        lesson_id,
        xapi.COMPLETED,
        xapi.LESSON,
        slug,
        result={"completion": True},
        statement_id=statement_id,
    )


def positions(learner: Learner | None, lesson_id: int) -> dict[str, Position]:
    if learner is None:
        return {}
    query = db.select(Position).filter_by(learner_id=learner.id, lesson_id=lesson_id)
    return {p.kind: p for p in db.session.scalars(query)}


def time_spent(learner: Learner | None) -> dict[int, int]:
    """Seconds of active time per lesson id."""
    if learner is None:
        return {}
    seconds: dict[int, int] = defaultdict(int)
    query = db.select(Statement.lesson_id, Statement.result).filter_by(
        learner_id=learner.id, verb=xapi.PROGRESSED
    )
    for lesson_id, result in db.session.execute(query):
        seconds[lesson_id] += int((result or {}).get("seconds", 0))
    return dict(seconds)


def merge_learners(source: Learner, target: Learner) -> None:
    """Move everything ``source`` did onto ``target`` and delete ``source``; nothing is lost."""
    if source.id == target.id:
        return
    _move_attempts(source.id, target.id)
    db.session.execute(
        db.update(Statement).where(Statement.learner_id == source.id).values(learner_id=target.id)
    )
    theirs = {
        (p.lesson_id, p.kind): p
        for p in db.session.scalars(db.select(Position).filter_by(learner_id=target.id))
    }
    for position in db.session.scalars(db.select(Position).filter_by(learner_id=source.id)):
        mine = theirs.get((position.lesson_id, position.kind))
        if mine is None:
            position.learner_id = target.id
        else:
            if later(_record(mine), _record(position)) == _record(position):
                mine.section_id, mine.offset = position.section_id, position.offset
                mine.updated_at = position.updated_at
            db.session.delete(position)
    db.session.flush()
    for learner_id in (source.id, target.id):  # their rows moved in bulk: sum them again
        summaries.rebuild(learner_id=learner_id)
        review_entries.rebuild(learner_id=learner_id)
    db.session.delete(source)
    db.session.flush()


def _move_attempts(source_id: int, target_id: int) -> None:
    """Give ``source``'s attempts to ``target``, numbered after target's own attempts at the
    same activity, so (learner, lesson, activity, number) stays unique and numbers keep counting
    up in order. Learner and number change in one UPDATE per activity: a row never passes
    through a key another row still holds."""
    theirs = aliased(Attempt)
    shared = (
        db.select(Attempt.lesson_id, Attempt.activity_id, func.max(Attempt.attempt_number))
        .where(
            Attempt.learner_id == target_id,
            exists().where(
                theirs.learner_id == source_id,
                theirs.lesson_id == Attempt.lesson_id,
                theirs.activity_id == Attempt.activity_id,
            ),
        )
        .group_by(Attempt.lesson_id, Attempt.activity_id)
    )
    for lesson_id, activity_id, last in db.session.execute(shared).all():
        db.session.execute(
            db.update(Attempt)
            .where(
                Attempt.learner_id == source_id,
                Attempt.lesson_id == lesson_id,
                Attempt.activity_id == activity_id,
            )
            .values(learner_id=target_id, attempt_number=Attempt.attempt_number + last)
        )
    db.session.execute(
        db.update(Attempt).where(Attempt.learner_id == source_id).values(learner_id=target_id)
    )
