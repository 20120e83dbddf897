"""Which database the tests run on: SQLite by default, PostgreSQL with ``--database=postgresql``.

`make test` runs the suite once on SQLite and, when ``TEST_DATABASE_URL`` names a PostgreSQL
server, a second time on it. Every test starts from a database holding every table and no rows,
and never sees another test's rows; building that is the largest part of setting a test up, so
each test process (a pytest-xdist worker) builds it once:

- SQLite: the empty tables are made once, in a template file, and each test gets a copy of it.
- PostgreSQL: the tables are made once, in a schema of the worker's own (selected through the
  connection's ``search_path``); before each test, the rows of the tables that got some are
  deleted and the sequences that were used start again at 1 (:class:`WorkerSchema`).

A test that needs a database with no tables at all (migrations) asks for ``empty_database_url``
and gets a file or schema of its own (:func:`fresh_schema`).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

import app.learning.database  # noqa: F401  (the app's SQLite settings: WAL, private files)
from app.config import normalise_database_url
from app.learning import models  # noqa: F401  (every table)
from app.learning.db import db

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")

# How long emptying the worker's schema waits for a lock: a connection a test left open would
# otherwise make the next test hang rather than fail.
LOCK_TIMEOUT = "10s"


def postgres_url_or_skip() -> str:
    """The server URL from ``TEST_DATABASE_URL``; a skip (a failure under CI) without one."""
    if not POSTGRES_URL:
        message = "TEST_DATABASE_URL is not set: PostgreSQL tests skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test PostgreSQL: {message}")
        pytest.skip(message)
    return normalise_database_url(POSTGRES_URL)


def schema_url(server_url: str, schema: str) -> str:
    """``server_url`` with every connection's ``search_path`` set to ``schema`` alone."""
    separator = "&" if "?" in server_url else "?"
    return f"{server_url}{separator}options=-csearch_path%3D{schema}"


def worker_name() -> str:
    """This test process's name under pytest-xdist ("gw0", …), or "main" without it."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@contextmanager
def fresh_schema(server_url: str) -> Iterator[str]:
    """A new empty schema on ``server_url``; yields a URL whose connections use only it."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield schema_url(server_url, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def create_tables(url: str) -> None:
    """Every model's table, as ``db.create_all()`` in the app makes them."""
    engine = create_engine(url)
    try:
        db.metadata.create_all(engine)
    finally:
        engine.dispose()


def sqlite_template(folder: Path) -> Path:
    """A SQLite file holding every table and no rows, to be copied for each test.

    Closing the last connection checkpoints the write-ahead log into the file, so the file alone
    is the whole database (checked: a copy without its -wal file would lose tables)."""
    path = folder / "empty.db"
    create_tables(f"sqlite:///{path}")
    leftovers = [p.name for p in folder.iterdir() if p != path]
    assert not leftovers, f"the template database left {leftovers} beside it"
    return path


def copy_database(template: Path, path: Path) -> str:
    """A copy of ``template`` at ``path`` (with its owner-only mode); its SQLAlchemy URL."""
    shutil.copy(template, path)
    return f"sqlite:///{path}"


class WorkerSchema:
    """A PostgreSQL schema that one test process keeps for all its tests.

    The tables are created once. :meth:`empty` is called before each test: it finds in one query
    the tables holding rows and the sequences that handed out a number, then deletes those
    tables' rows (a table referring to another before it) and restarts those sequences, so the
    test sees what a new schema would show it. (TRUNCATE gives each table new files: about 75 ms
    after a typical test, against a few ms for DELETE of its few rows.) A test that dropped or
    added a table leaves a schema that no longer matches the models: it is then dropped and
    built again.
    """

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"test_{worker_name()}_{uuid.uuid4().hex[:8]}"
        self.url = schema_url(server_url, self.name)
        self.tables = frozenset(db.metadata.tables)
        self.order = [table.name for table in reversed(db.metadata.sorted_tables)]
        self.engine: Engine = create_engine(self.url)
        self.rebuilds = 0
        self._build()

    def _build(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
            db.metadata.create_all(connection)

    def _present(self, connection) -> set[str]:
        found = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"),
            {"schema": self.name},
        )
        return set(found.scalars())

    def empty(self) -> None:
        """Delete every row and restart every sequence used since the last call."""
        with self.engine.begin() as connection:
            connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            if self._present(connection) != self.tables:
                self.rebuilds += 1
                self._build()
                return
            used = connection.execute(text(self._used_query())).scalars().all()
            tables = [name for name in used if name in self.tables]
            sequences = [name for name in used if name not in self.tables]
            # Rows of tables that refer to others go first; the unused tables hold none.
            statements = [f'DELETE FROM "{name}"' for name in self.order if name in tables]
            statements += [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
            if statements:
                connection.execute(text("; ".join(statements)))

    def _used_query(self) -> str:
        """The tables that hold a row, then the sequences that have handed out a number."""
        rows = [
            f"SELECT '{name}' WHERE EXISTS (SELECT FROM \"{name}\")" for name in sorted(self.tables)
        ]
        sequences = (
            "SELECT sequencename::text FROM pg_sequences "
            f"WHERE schemaname = '{self.name}' AND last_value IS NOT NULL"
        )
        return " UNION ALL ".join([*rows, sequences])

    def drop(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.engine.dispose()
