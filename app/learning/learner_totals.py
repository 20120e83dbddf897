"""One learner's work, totalled by the database: what the dashboard and a lesson's history show.

One query per kind of record, for every lesson at once or for one lesson. The database hands
back a row per lesson and activity (per question for quizzes, per section read), never one per
attempt or statement, so a learner with thousands of answers, sections read again and again and
time statements every minute costs the same Python as one with a few. Statements are built once
(per dialect where the SQL differs), with parameters: building one costs as much as running it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import Float, String, bindparam, case, cast, column, func, true

from app.core import activity_types
from app.core.rules import xapi
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Position, Statement
from app.learning.summaries import statement_seconds

# What an attempt finally scores (app.core.grading.outcome.final_percent) and whether it passed.
FINAL = func.coalesce(Attempt.override_percent, Attempt.percent)
PASSED = case((Attempt.passed.is_(True), 1), else_=0)
NEWEST_FIRST = (Attempt.created_at.desc(), Attempt.id.desc())


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _in_lesson(query, column, one_lesson: bool):
    """``query`` for one lesson (a ``lesson_id`` parameter), or as it is for every lesson."""
    return query.where(column == bindparam("lesson_id")) if one_lesson else query


@dataclass(frozen=True)
class ActivityTotal:
    """A learner's attempts at one activity."""

    attempts: int
    best: int | None  # the best final percent (None: nothing graded yet)
    passed: bool  # any attempt passed
    last_at: datetime
    latest: int | None = None  # the latest attempt's final percent (a lesson's history only)


@cache
def _activities_query():
    return (
        db.select(
            Attempt.lesson_id,
            Attempt.activity_id,
            func.count(),
            func.max(FINAL),
            func.max(PASSED),
            func.max(Attempt.created_at),
        )
        .where(Attempt.learner_id == bindparam("learner_id"))
        .group_by(Attempt.lesson_id, Attempt.activity_id)
    )


def activity_totals(learner_id: int) -> dict[int, dict[str, ActivityTotal]]:
    """Per lesson id, per activity id: attempts, best final percent, passed, last attempt."""
    totals: dict[int, dict[str, ActivityTotal]] = defaultdict(dict)
    rows = db.session.execute(_activities_query(), {"learner_id": learner_id})
    for lesson_id, activity_id, attempts, best, passed, last_at in rows:
        totals[lesson_id][activity_id] = ActivityTotal(attempts, best, bool(passed), _utc(last_at))
    return dict(totals)


@cache
def _latest_query():
    """Per activity of one lesson: the totals and the latest attempt, ranked by a window."""
    by_activity = {"partition_by": Attempt.activity_id}
    ranked = (
        db.select(
            Attempt.activity_id,
            func.count().over(**by_activity).label("attempts"),
            func.max(FINAL).over(**by_activity).label("best"),
            func.max(PASSED).over(**by_activity).label("passed"),
            Attempt.created_at,
            FINAL.label("latest"),
            func.row_number().over(**by_activity, order_by=NEWEST_FIRST).label("rank"),
        )
        .where(
            Attempt.learner_id == bindparam("learner_id"),
            Attempt.lesson_id == bindparam("lesson_id"),
        )
        .subquery()
    )
    c = ranked.c
    return db.select(c.activity_id, c.attempts, c.best, c.passed, c.created_at, c.latest).where(
        c.rank == 1
    )


def activities_in(learner_id: int, lesson_id: int) -> dict[str, ActivityTotal]:
    """Per activity id of one lesson: the totals and the latest attempt's final percent."""
    parameters = {"learner_id": learner_id, "lesson_id": lesson_id}
    return {
        activity_id: ActivityTotal(attempts, best, bool(passed), _utc(at), latest)
        for activity_id, attempts, best, passed, at, latest in db.session.execute(
            _latest_query(), parameters
        )
    }


@dataclass
class Reading:
    """A learner's reading in one lesson: the sections read, active seconds and the last time
    counted."""

    sections: set[str] = field(default_factory=set)
    seconds: int = 0
    last_at: datetime | None = None


@cache
def _sections_query():
    """Each section read in any lesson, once however often it was read. Always for every
    lesson, found through the learner: with a lesson too, SQLite may prefer the lesson's index
    of every learner's reads (it covers the columns), which grows with the lesson's learners."""
    return (
        db.select(Statement.lesson_id, Statement.object_id)
        .where(
            Statement.learner_id == bindparam("learner_id"),
            Statement.verb == xapi.EXPERIENCED,
            Statement.object_type == xapi.SECTION,
            Statement.lesson_id.is_not(None),
        )
        .distinct()
    )


@cache
def _time_query(dialect: str, one_lesson: bool):
    """Active seconds summed per lesson, and the latest of them. ``dialect`` keys the cache:
    how a JSON number is read differs (``statement_seconds`` asks the session)."""
    del dialect
    query = (
        db.select(
            Statement.lesson_id,
            func.sum(statement_seconds(Statement.result)),
            func.max(Statement.timestamp),
        )
        .where(
            Statement.learner_id == bindparam("learner_id"),
            Statement.verb == xapi.PROGRESSED,
            Statement.lesson_id.is_not(None),
        )
        .group_by(Statement.lesson_id)
    )
    return _in_lesson(query, Statement.lesson_id, one_lesson)


def reading(learner_id: int, lesson_id: int | None = None) -> dict[int, Reading]:
    """Per lesson id (every lesson, or only ``lesson_id``): what the learner read and how long."""
    found: dict[int, Reading] = defaultdict(Reading)
    parameters = {"learner_id": learner_id, "lesson_id": lesson_id}
    one_lesson = lesson_id is not None
    for lesson, section_id in db.session.execute(_sections_query(), parameters):
        if lesson_id is None or lesson == lesson_id:
            found[lesson].sections.add(section_id)
    time_query = _time_query(_dialect(), one_lesson)
    for lesson, seconds, last_at in db.session.execute(time_query, parameters):
        found[lesson].seconds = int(seconds or 0)
        found[lesson].last_at = _utc(last_at)
    return dict(found)


@cache
def _positions_query(one_lesson: bool):
    query = db.select(Position.lesson_id, Position.section_id).where(
        Position.learner_id == bindparam("learner_id"), Position.kind == "reading"
    )
    return _in_lesson(query, Position.lesson_id, one_lesson)


def reading_positions(learner_id: int, lesson_id: int | None = None) -> dict[int, str]:
    """Per lesson id: the section of the learner's saved reading position."""
    parameters = {"learner_id": learner_id, "lesson_id": lesson_id}
    query = _positions_query(lesson_id is not None)
    return {lesson: section for lesson, section in db.session.execute(query, parameters)}


@cache
def _points_query(dialect: str):
    """Each quiz question's best share of its points (0..1) over the learner's attempts."""
    if dialect == "postgresql":
        # Each item read into typed columns in one pass: a third of the time of taking each
        # field out of every item with ->> (which parses the item again per field).
        item = (
            func.json_to_recordset(Attempt.feedback["feedback"])
            .table_valued(
                column("key", String), column("points", Float), column("max_points", Float)
            )
            .render_derived(name="item", with_types=True)
        )
        key, points, most = item.c.key, item.c.points, item.c.max_points
    else:
        item = func.json_each(Attempt.feedback, "$.feedback").table_valued("value")
        key = func.json_extract(item.c.value, "$.key")
        points = cast(func.json_extract(item.c.value, "$.points"), Float)
        most = cast(func.json_extract(item.c.value, "$.max_points"), Float)
    share = case((most != 0, points / most), else_=0.0)
    return (
        db.select(Attempt.lesson_id, Attempt.activity_id, key, func.max(share))
        .select_from(Attempt)
        .join(item, true())
        .where(
            Attempt.learner_id == bindparam("learner_id"),
            Attempt.lesson_id.in_(bindparam("lesson_ids", expanding=True)),
            Attempt.activity_type.in_(bindparam("types", expanding=True)),
        )
        .group_by(Attempt.lesson_id, Attempt.activity_id, key)
    )


def question_points(
    learner_id: int, lesson_ids: list[int]
) -> dict[int, dict[str, dict[str, float]]]:
    """Per lesson id, per activity id, per question id: the best points (0..1) the learner has
    scored on it, for activities whose types grade question by question (quizzes): what
    ``mastery`` reads, as ``best_question_points`` works it out from every attempt."""
    types = [t.name for t in activity_types.all_types() if t.questions]
    found: dict[int, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    if not lesson_ids or not types:
        return {}
    parameters = {"learner_id": learner_id, "lesson_ids": lesson_ids, "types": types}
    for lesson_id, activity_id, key, share in db.session.execute(
        _points_query(_dialect()), parameters
    ):
        question = str(key).removeprefix("q:")
        found[lesson_id][activity_id][question] = max(0.0, float(share or 0.0))
    return {lesson_id: dict(points) for lesson_id, points in found.items()}


@dataclass(frozen=True)
class Review:
    """An attempt an instructor reviewed: the final percent and their comment."""

    lesson_id: int
    activity_id: str
    percent: int | None
    passed: bool | None
    comment: str | None
    when: datetime


@cache
def _reviews_query(one_lesson: bool):
    query = (
        db.select(
            Attempt.lesson_id,
            Attempt.activity_id,
            FINAL,
            Attempt.passed,
            Attempt.override_comment,
            Attempt.created_at,
        )
        .where(Attempt.learner_id == bindparam("learner_id"), Attempt.override_percent.is_not(None))
        .order_by(*NEWEST_FIRST)
        .limit(bindparam("limit"))
    )
    return _in_lesson(query, Attempt.lesson_id, one_lesson)


def reviews(learner_id: int, limit: int, lesson_id: int | None = None) -> list[Review]:
    """The learner's reviewed attempts (in every lesson, or one), newest first, at most
    ``limit``."""
    parameters = {"learner_id": learner_id, "lesson_id": lesson_id, "limit": limit}
    rows = db.session.execute(_reviews_query(lesson_id is not None), parameters)
    return [Review(*row[:5], _utc(row[5])) for row in rows]


@dataclass(frozen=True)
class AttemptLine:
    activity_id: str
    when: datetime
    percent: int | None  # final: the instructor's, once reviewed
    passed: bool | None
    reviewed: bool


@cache
def _attempts_query():
    return (
        db.select(
            Attempt.activity_id,
            Attempt.created_at,
            FINAL,
            Attempt.passed,
            Attempt.override_percent.is_not(None),
        )
        .where(
            Attempt.learner_id == bindparam("learner_id"),
            Attempt.lesson_id == bindparam("lesson_id"),
        )
        .order_by(*NEWEST_FIRST)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def attempt_lines(learner_id: int, lesson_id: int, offset: int, limit: int) -> list[AttemptLine]:
    """A slice of the learner's attempts in one lesson, newest first."""
    parameters = {"learner_id": learner_id, "lesson_id": lesson_id}
    parameters |= {"offset": offset, "limit": limit}
    return [
        AttemptLine(activity_id, _utc(when), percent, passed, bool(reviewed))
        for activity_id, when, percent, passed, reviewed in db.session.execute(
            _attempts_query(), parameters
        )
    ]
