"""Database connection settings that SQLAlchemy does not apply by itself."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.learning.db import db


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


def reads_only() -> None:
    """Run this request's statements outside a transaction: it only reads, and on PostgreSQL the
    BEGIN and ROLLBACK a transaction costs are each a round trip to the server. Call it before
    the request's first statement; once a transaction has begun it changes nothing."""
    if not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
