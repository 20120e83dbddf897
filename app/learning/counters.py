"""Counters that expire, kept in the database so that every process and instance counts together.

The sign-in throttle counts attempts here when no Redis is configured (app.web.security.counters
adapts these functions to the rate-limit library). Per-process counters let each gunicorn worker
allow the whole limit again: with four workers, 34 wrong passwords were checked in one minute
against a limit of 10. Every worker and every instance of the site uses the same database, so
counting there holds the limit however many of them there are.

Unlike the other use cases, each function runs on a connection of its own and commits at once:
a count must be seen by every other process as soon as it is made, and must stay counted when
the request that made it fails or is rolled back.

A window is fixed and starts at its key's first count; ``now`` is seconds since the epoch, the
rate-limit library's clock.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.learning.db import db
from app.learning.models.counters import RateCounter

COUNTERS = RateCounter.__table__


def increment(key: str, amount: int, lifetime: float, now: float) -> int:
    """Add ``amount`` to the key's count and return the new count.

    A key with no count, or whose window has ended, starts again at ``amount`` in a window that
    ends ``lifetime`` seconds after ``now``. It is one ``INSERT … ON CONFLICT DO UPDATE …
    RETURNING`` in a transaction of its own: the database applies concurrent increments one
    after another (SQLite holds its write lock for the statement, PostgreSQL locks the row), so
    none is lost and no two callers, in any process, are given the same count.
    """
    with db.engine.begin() as connection:
        statement = _increment_statement(connection.dialect.name)
        values = {"key": key, "amount": amount, "expires_at": now + lifetime, "now": now}
        return connection.execute(statement, values).scalar_one()


@cache
def _increment_statement(dialect: str):
    """Built once per dialect; both SQLite (3.35 and later) and PostgreSQL run the same upsert."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(COUNTERS).values(
        key=bindparam("key"), count=bindparam("amount"), expires_at=bindparam("expires_at")
    )
    ended = COUNTERS.c.expires_at <= bindparam("now")
    return statement.on_conflict_do_update(
        index_elements=[COUNTERS.c.key],
        set_={
            "count": case(
                (ended, statement.excluded.count),
                else_=COUNTERS.c.count + statement.excluded.count,
            ),
            "expires_at": case((ended, statement.excluded.expires_at), else_=COUNTERS.c.expires_at),
        },
    ).returning(COUNTERS.c.count)


def count(key: str, now: float) -> int:
    """The key's count in its current window; 0 when it has none or the window has ended."""
    query = select(COUNTERS.c.count).where(COUNTERS.c.key == key, COUNTERS.c.expires_at > now)
    with db.engine.connect() as connection:
        return connection.scalar(query) or 0


def window_end(key: str, now: float) -> float | None:
    """When the key's current window ends (seconds since the epoch); None without one."""
    query = select(COUNTERS.c.expires_at).where(COUNTERS.c.key == key, COUNTERS.c.expires_at > now)
    with db.engine.connect() as connection:
        return connection.scalar(query)


def clear(key: str) -> None:
    """Forget the key's count, as if it had never been counted."""
    with db.engine.begin() as connection:
        connection.execute(delete(COUNTERS).where(COUNTERS.c.key == key))


def clear_all() -> int:
    """Forget every count; how many keys had one."""
    with db.engine.begin() as connection:
        return connection.execute(delete(COUNTERS)).rowcount


def forget_ended(now: float) -> int:
    """Delete the counts whose window has ended (they count as 0 already); how many."""
    with db.engine.begin() as connection:
        return connection.execute(delete(COUNTERS).where(COUNTERS.c.expires_at <= now)).rowcount


def available() -> bool:
    """Whether the counters can be read: the database answers and has the table. Raises the
    database's error otherwise."""
    with db.engine.connect() as connection:
        connection.execute(select(COUNTERS.c.key).limit(1)).all()
    return True
