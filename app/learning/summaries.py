"""Each learner's summary of each lesson (``lesson_learner``), kept up to date in the transaction
that writes their statements and attempts, so a lesson's overview reads one row per learner:
with 100,000 learners that is 100,000 rows instead of nearly two million statements.

A write adds to the summary with one ``INSERT … ON CONFLICT DO UPDATE``: the earliest time is
the lesser of the two, the seconds are added, the first completion is the earlier. The database
applies concurrent updates of one row one after another (SQLite holds its write lock for the
statement, PostgreSQL locks the row and re-reads it), so no write is lost whichever order they
come in. Writes that move or remove rows in bulk (merging learners, ``bench.seed``, tests that
insert rows directly) call :func:`rebuild`, which sums the rows again; deleting a learner or a
lesson deletes their summaries with them (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, delete, func, literal, null, union_all
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.core.analytics.rows import active_seconds
from app.core.rules import xapi
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Statement
from app.learning.models.summaries import LessonLearner

SUMMARY = LessonLearner.__table__


def note_statement(
    learner_id: int, lesson_id: int, verb: str, at: datetime, result: dict[str, Any] | None
) -> None:
    """Count a statement just stored (not one skipped as a repeat) in its lesson's summary."""
    seconds = active_seconds(result) if verb == xapi.PROGRESSED else 0
    completed_at = at if verb == xapi.COMPLETED else None
    _add(learner_id, lesson_id, at, seconds, completed_at)


def note_attempt(learner_id: int, lesson_id: int, at: datetime) -> None:
    """Count an attempt just stored in its lesson's summary."""
    _add(learner_id, lesson_id, at, 0, None)


def _add(
    learner_id: int, lesson_id: int, at: datetime, seconds: int, completed_at: datetime | None
) -> None:
    values = {
        "lesson_id": lesson_id,
        "learner_id": learner_id,
        "first_at": at,
        "active_seconds": seconds,
        "completed_at": completed_at,
    }
    db.session.execute(_upsert(db.session.get_bind().dialect.name), values)


@cache
def _upsert(dialect: str):
    """Built once per dialect; SQLite (3.24 and later) and PostgreSQL run the same upsert."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(SUMMARY).values(
        {name: bindparam(name, type_=SUMMARY.c[name].type) for name in SUMMARY.c.keys()}
    )
    new, old = statement.excluded, SUMMARY.c
    return statement.on_conflict_do_update(
        index_elements=[old.lesson_id, old.learner_id],
        set_={
            "first_at": case((new.first_at < old.first_at, new.first_at), else_=old.first_at),
            "active_seconds": old.active_seconds + new.active_seconds,
            "completed_at": case(
                (old.completed_at.is_(None), new.completed_at),
                (new.completed_at < old.completed_at, new.completed_at),
                else_=old.completed_at,
            ),
        },
    )


def statement_seconds(result) -> ColumnElement[int]:
    """The whole seconds a statement's result carries, counted by the database as
    :func:`app.core.analytics.rows.active_seconds` counts them."""
    value = result["seconds"]
    if db.session.get_bind().dialect.name == "postgresql":
        number = func.trunc(value.as_float())
        return case((func.json_typeof(value) == "number", number), else_=0)
    kind = func.json_type(result, "$.seconds")
    return case((kind.in_(("integer", "real")), func.cast(value.as_float(), db.Integer)), else_=0)


def rebuild(*, learner_id: int | None = None, lesson_id: int | None = None) -> None:
    """Sum the summaries again from the rows: one learner's, one lesson's, or every one."""
    statements = db.select(
        Statement.lesson_id.label("lesson_id"),
        Statement.learner_id.label("learner_id"),
        Statement.timestamp.label("at"),
        case(
            (Statement.verb == xapi.PROGRESSED, statement_seconds(Statement.result)), else_=0
        ).label("seconds"),
        case((Statement.verb == xapi.COMPLETED, Statement.timestamp), else_=null()).label(
            "completed_at"
        ),
    ).where(Statement.lesson_id.is_not(None))
    attempts = db.select(
        Attempt.lesson_id, Attempt.learner_id, Attempt.created_at, literal(0), null()
    )
    removed = delete(LessonLearner)
    if learner_id is not None:
        statements = statements.where(Statement.learner_id == learner_id)
        attempts = attempts.where(Attempt.learner_id == learner_id)
        removed = removed.where(LessonLearner.learner_id == learner_id)
    if lesson_id is not None:
        statements = statements.where(Statement.lesson_id == lesson_id)
        attempts = attempts.where(Attempt.lesson_id == lesson_id)
        removed = removed.where(LessonLearner.lesson_id == lesson_id)
    rows = union_all(statements, attempts).subquery()
    summed = db.select(
        rows.c.lesson_id,
        rows.c.learner_id,
        func.min(rows.c.at),
        func.cast(func.sum(rows.c.seconds), db.Integer),
        func.min(rows.c.completed_at),
    ).group_by(rows.c.lesson_id, rows.c.learner_id)
    db.session.execute(removed)
    db.session.execute(
        SUMMARY.insert().from_select(
            ["lesson_id", "learner_id", "first_at", "active_seconds", "completed_at"], summed
        )
    )
