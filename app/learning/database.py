"""Database connection settings that SQLAlchemy does not apply by itself.

A pooled PostgreSQL connection is checked before use without a round trip (:func:`_usable`):
a server that restarts, or ends a backend, tells its clients so, and the socket then has input
waiting although no statement was sent. A connection with input waiting is dropped (and every
connection pooled before it) before the request uses it, so a restarted server costs no failed
request. Only a connection idle for longer than ``PING_IDLE_AFTER`` seconds is pinged (a firewall
may have dropped it without a word). SQLAlchemy's ``pool_pre_ping`` pinged every checkout: one
round trip per request.

A SQLite database is a file holding every account's password hash: it is created readable by
its owner only (0600), before SQLite first opens it, and an existing one (or its -wal, -shm and
-journal files) that group or others could read is made private when the application connects.
SQLite creates the -wal and -shm files with the database file's own permissions, so they stay
private too.
"""

from __future__ import annotations

import logging
import os
import select
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.pool import Pool

from app.learning.db import db

log = logging.getLogger(__name__)

PING_IDLE_AFTER = 30.0  # seconds a server connection may lie idle in the pool unpinged
PRIVATE_FILE = 0o600
COMPANIONS = ("-wal", "-shm", "-journal")  # files SQLite keeps beside the database


def create_private_file(path: Path | str) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (an empty file is an empty
    SQLite database), whatever the process's umask."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass


def make_private(path: Path | str) -> None:
    """Take group and other permissions off an existing file (its owner's are kept)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        try:
            os.chmod(path, mode & 0o700)
        except OSError as exc:  # not the owner: say so, the database still works
            log.warning("Could not make %s private (mode %o): %s", path, mode, exc)


def private_database_file(path: Path | str) -> None:
    """The SQLite database at ``path`` and its companion files, readable by their owner only."""
    path = Path(path)
    if not path.parent.is_dir():
        return  # SQLite will report the missing folder itself
    create_private_file(path)
    for name in (path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)):
        make_private(name)


def sqlite_file(cargs: list[Any], cparams: dict[str, Any]) -> str | None:
    """The file a pysqlite connection opens, or None (in memory, or a ``file:`` URI)."""
    if not cargs or not isinstance(cargs[0], str) or cparams.get("uri"):
        return None
    name = cargs[0]
    return None if name in ("", ":memory:") else name


@event.listens_for(Engine, "do_connect")
def _private_sqlite_database(
    dialect: Dialect, _record: object, cargs: list[Any], cparams: dict[str, Any]
) -> None:
    """Before SQLite opens (and perhaps creates) its file, make sure the file is private."""
    if dialect.name == "sqlite" and (path := sqlite_file(cargs, cparams)):
        private_database_file(path)
    # returning None lets the dialect connect as usual


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: object, _record: object) -> None:
    """Turn on WAL (readers never block the writer) and foreign keys for every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def has_input(fileno: int) -> bool:
    """Whether the socket has something to read (or was closed), without waiting."""
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


@event.listens_for(Pool, "checkin")
def _checked_in(_dbapi_connection: object, record: Any) -> None:
    if record is not None:
        record.info["idle_since"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _usable(dbapi_connection: Any, record: Any, _proxy: object) -> None:
    """Refuse a pooled server connection the server has closed or ended (it sent a message, or
    closed the socket, while the connection lay idle: a client sent nothing it would answer),
    and ping one idle for longer than ``PING_IDLE_AFTER``. Refused, the pool drops it and every
    connection made before it and connects again."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return  # a file: no server that could go away
    idle_since = record.info.get("idle_since")
    if idle_since is None:
        return  # new: it has just connected
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is not None and has_input(fileno()):
        raise exc.InvalidatePoolError("the server closed or ended the connection")
    if time.monotonic() - idle_since > PING_IDLE_AFTER:
        _ping(dbapi_connection)


def _ping(dbapi_connection: Any) -> None:
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        if not getattr(dbapi_connection, "autocommit", True):
            dbapi_connection.rollback()  # leave it as it was: no transaction begun
    except Exception as error:  # any failure: the connection can't be trusted with a request
        raise exc.InvalidatePoolError(f"ping failed: {error}") from error


def reads_only() -> None:
    """Run this request's statements outside a transaction: it only reads, and on PostgreSQL the
    BEGIN and ROLLBACK a transaction costs are each a round trip to the server. Call it before
    the request's first statement; once a transaction has begun it changes nothing.

    SQLite reads outside a transaction already: its driver begins one only before a statement
    that writes. Switching the connection to autocommit there saved nothing and cost a quarter
    of the lesson page (the level is set, and reset with a PRAGMA when the connection goes back
    to the pool)."""
    session = db.session()
    if session.in_transaction() or session.get_bind().dialect.name == "sqlite":
        return
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
