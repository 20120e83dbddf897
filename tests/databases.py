"""Which database the tests run on: SQLite by default, PostgreSQL with ``--database=postgresql``.

`make test` runs the suite once on SQLite and, when ``TEST_DATABASE_URL`` names a PostgreSQL
server, a second time on it. Each PostgreSQL test gets a schema of its own (selected through the
connection's ``search_path``), dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from app.config import normalise_database_url

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def postgres_url_or_skip() -> str:
    """The server URL from ``TEST_DATABASE_URL``; a skip (a failure under CI) without one."""
    if not POSTGRES_URL:
        message = "TEST_DATABASE_URL is not set: PostgreSQL tests skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test PostgreSQL: {message}")
        pytest.skip(message)
    return normalise_database_url(POSTGRES_URL)


@contextmanager
def fresh_schema(server_url: str) -> Iterator[str]:
    """A new empty schema on ``server_url``; yields a URL whose connections use only it."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in server_url else "?"
        yield f"{server_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
