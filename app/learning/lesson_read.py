"""Everything the lesson page reads, in one statement: the published lesson and its course
outline, the learner and their progress in it.

On PostgreSQL each statement is a round trip to the server, and on either database running a
statement through SQLAlchemy cost about as much CPU as the rest of reading it: the page used to
send three (lesson and outline, learner, progress). Nothing read here is cached, so no page is
ever older than the database: a lesson published by another process shows on the next request.

The statement is a UNION ALL of tagged rows of one shape (typed NULLs where a kind of row has no
value: PostgreSQL matches each column's type across the branches; the first branch's types are
the ones SQLAlchemy reads the results with). The learner is named by the browser's public id or
by the signed-in account, and the lesson by its slug, both as parameters of subqueries.

Running it through SQLAlchemy's ``Connection.execute`` cost more than running it: about 35 µs of
CPU on SQLite and 85 µs on PostgreSQL (execution context, result metadata, psycopg's column
descriptions), beside 15 and 60 µs for the driver's own work. So the statement is compiled once
per database dialect and sent on the request's connection through the driver's cursor, its rows
converted as SQLAlchemy would convert them (only SQLite's times need it), whenever nothing is
listening to the engine's statements (an event listener, ``echo``: then it goes through
SQLAlchemy, so they see it). A driver error is handled as SQLAlchemy handles one: a connection
that broke is dropped, and the error is raised as SQLAlchemy's.

Taking the connection through the request's ORM session cost as much again (a session
transaction begun and closed, the connection switched to autocommit and back through
SQLAlchemy's characteristics: about 40 µs on SQLite, 90 µs on PostgreSQL, against 10 and 15 µs
for a connection taken straight from the pool). When the session has begun nothing, there is
nothing of this request's that the statement could miss, so it runs on a pooled connection of
its own (in autocommit on PostgreSQL: no BEGIN or ROLLBACK), given back at once. A session that
has begun a transaction (a signed-in visitor's account was read, say) is used as it is: the
statement sees what the request wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    Integer,
    String,
    bindparam,
    cast,
    exc,
    literal,
    null,
    union_all,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import aliased
from sqlalchemy.pool import PoolProxiedConnection

from app.core.rules import xapi
from app.learning.database import reads_only
from app.learning.db import db
from app.learning.lesson_queries import LessonPage, lesson_page_from_rows
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Course, Lesson, LessonRevision
from app.learning.models.learners import Learner, LearnerRef, Position, Statement
from app.learning.snapshot import LessonSnapshot, snapshot_from_rows

BY_PUBLIC_ID = "public_id"  # an anonymous learner, by the browser's cookie
BY_USER_ID = "user_id"  # a signed-in user's learner


@dataclass(frozen=True)
class LessonRead:
    page: LessonPage
    learner: LearnerRef | None  # None: nothing saved yet, or no longer anonymous
    snapshot: LessonSnapshot
    merged: bool = False  # the public id now belongs to an account's learner


def _nulls(*types):
    return tuple(cast(null(), kind) for kind in types)


@cache
def _statement(by: str):
    """Built once per way of naming the learner. Columns: tag, six integers, five strings, a
    float and a time."""
    this, item = aliased(Lesson), aliased(Lesson)
    lesson_id = db.select(Lesson.id).where(Lesson.slug == bindparam("slug")).scalar_subquery()
    named = Learner.public_id if by == BY_PUBLIC_ID else Learner.user_id
    learner_id = db.select(Learner.id).where(named == bindparam("learner")).scalar_subquery()
    page = (
        db.select(
            literal("page"),
            this.id,
            LessonRevision.id,
            LessonRevision.number,
            item.published_revision_id,
            item.position,
            item.id,
            LessonRevision.source_hash,
            Course.slug,
            Course.title,
            item.slug,
            item.title,
            *_nulls(Float, DateTime(timezone=True)),
        )
        .join(LessonRevision, this.published_revision_id == LessonRevision.id)
        .join(Course, Course.id == this.course_id)
        .join(item, item.course_id == this.course_id)
        .where(this.slug == bindparam("slug"))
    )
    learner = db.select(
        literal("learner"),
        Learner.id,
        Learner.user_id,
        *_nulls(Integer, Integer, Integer, Integer),
        Learner.public_id,
        *_nulls(String, String, String, String, Float),
        Learner.created_at,
    ).where(named == bindparam("learner"))
    ints, strings = _nulls(*[Integer] * 6), _nulls(*[String] * 3)
    position = db.select(
        literal("position"),
        *ints,
        Position.kind,
        Position.section_id,
        *strings,
        Position.offset,
        Position.updated_at,
    ).where(Position.learner_id == learner_id, Position.lesson_id == lesson_id)
    rest = (*_nulls(String), *strings, *_nulls(Float, DateTime(timezone=True)))
    section = db.select(literal("section"), *ints, Statement.object_id, *rest).where(
        Statement.learner_id == learner_id,
        Statement.lesson_id == lesson_id,
        Statement.verb == xapi.EXPERIENCED,
        Statement.object_type == xapi.SECTION,
    )
    tried = (
        db.select(literal("tried"), *ints, Attempt.activity_id, *rest)
        .where(Attempt.learner_id == learner_id, Attempt.lesson_id == lesson_id)
        .distinct()
    )
    return union_all(page, learner, position, section, tried)


def read_lesson(slug: str, by: str, learner: str | int) -> LessonRead:
    """The published lesson ``slug`` with its outline, and the learner named ``by`` its public
    id or account (:data:`BY_PUBLIC_ID`, :data:`BY_USER_ID`) with their progress in it.

    Raises NotFound when no lesson of that slug is published, Unavailable when its published
    text no longer parses. An anonymous learner whose row now belongs to an account (merged at
    sign-in) is not this browser's any more: it reads as no learner, with ``merged`` set."""
    rows = _read(by, {"slug": slug, "learner": learner})
    outline, progress, ref = [], [], None
    for row in rows:
        tag = row[0]
        if tag == "page":
            outline.append(row)
        elif tag == "learner":
            ref = LearnerRef(row[1], row[7], row[2], row[13])
        else:
            progress.append((tag, row[7], row[8], row[12], row[13]))
    outline.sort(key=lambda row: (row[5], row[6]))
    page = lesson_page_from_rows(slug, [(*row[1:4], *row[7:12], row[4]) for row in outline])
    merged = by == BY_PUBLIC_ID and ref is not None and ref.user_id is not None
    if merged or ref is None:
        return LessonRead(page, None, snapshot_from_rows(None, page, []), merged)
    if any(row[0] == "tried" for row in progress):
        reads_only()  # their attempts are loaded next, through the session: no transaction
    return LessonRead(page, ref, snapshot_from_rows(ref, page, progress))


@dataclass
class DriverStatement:
    """The statement as the driver takes it: its SQL, its parameters' names in order (None: by
    name), the values fixed when it was built, and the conversions of its result columns (known
    once a first result has described its columns)."""

    sql: str
    order: tuple[str, ...] | None
    fixed: dict[str, Any]
    conversions: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None


@lru_cache(maxsize=8)
def _driver_statement(by: str, dialect: Dialect) -> DriverStatement:
    compiled = _statement(by).compile(dialect=dialect)
    fixed = compiled.construct_params({"slug": None, "learner": None})
    order = tuple(compiled.positiontup) if compiled.positiontup else None
    return DriverStatement(compiled.string, order, fixed)


def _conversions(by: str, dialect: Dialect, description: Sequence) -> tuple:
    """SQLAlchemy's conversion of each result column (by its type in the statement and the type
    the driver described), where there is one."""
    columns = _statement(by).selected_columns
    found = []
    for index, (column, described) in enumerate(zip(columns, description, strict=True)):
        convert = column.type._cached_result_processor(dialect, described[1])
        if convert is not None:
            found.append((index, convert))
    return tuple(found)


def _watched(engine: Engine) -> bool:
    """Whether something listens to the statements the engine runs, or logs them. (Asked of
    the listeners themselves: the engine's ``_has_events`` stays set once one was removed.)"""
    events = engine.dispatch
    return bool(
        engine._should_log_info()
        or events.before_execute
        or events.after_execute
        or events.before_cursor_execute
        or events.after_cursor_execute
    )


def _read(by: str, values: dict[str, Any]) -> list:
    """The statement's rows: on the request's session when it has begun a transaction (it
    sees what this request wrote) or when something listens to the engine (through SQLAlchemy,
    so the listener sees it); otherwise on a pooled connection of its own, outside any
    transaction."""
    session = db.session()
    engine = db.engine
    watched = _watched(engine)
    if watched or session.in_transaction():
        reads_only()
        connection = session.connection()
        if watched:
            return list(connection.execute(_statement(by), values))
        pooled, dialect = connection.connection, connection.dialect
        return _driver_rows(dialect, pooled, connection.invalidate, by, values)
    pooled = engine.raw_connection()
    try:
        return _pooled_rows(engine.dialect, pooled, by, values)
    finally:
        pooled.close()


def _pooled_rows(dialect: Dialect, pooled: PoolProxiedConnection, by: str, values: dict) -> list:
    """The rows read on a pooled connection in autocommit, set back as it was before it returns
    to the pool (SQLite's driver begins no transaction for a read: left as it is)."""
    autocommit = dialect.name != "sqlite"
    if autocommit:
        dialect.set_isolation_level(pooled.dbapi_connection, "AUTOCOMMIT")
    try:
        return _driver_rows(dialect, pooled, pooled.invalidate, by, values)
    finally:
        if autocommit and pooled.is_valid:
            try:
                dialect.reset_isolation_level(pooled.dbapi_connection)
            except dialect.loaded_dbapi.Error as error:
                pooled.invalidate(error)  # never back to the pool in autocommit


def _driver_rows(
    dialect: Dialect,
    pooled: PoolProxiedConnection,
    invalidate: Callable[[BaseException], None],
    by: str,
    values: dict[str, Any],
) -> list:
    driver = _driver_statement(by, dialect)
    params = {**driver.fixed, **values}
    args = tuple(params[name] for name in driver.order) if driver.order else params
    cursor = pooled.cursor()
    try:
        cursor.execute(driver.sql, args)
        rows = cursor.fetchall()
        if driver.conversions is None:
            driver.conversions = _conversions(by, dialect, cursor.description)
    except dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy does for any statement: a connection that broke is dropped, and the
        # error raised as SQLAlchemy's.
        broke = dialect.is_disconnect(error, pooled.dbapi_connection, cursor)
        if broke:
            invalidate(error)
        raise exc.DBAPIError.instance(
            driver.sql,
            args,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=broke,
            dialect=dialect,
        ) from error
    finally:
        cursor.close()
    if not driver.conversions:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for index, convert in driver.conversions:
            row[index] = convert(row[index])
        converted.append(row)
    return converted
