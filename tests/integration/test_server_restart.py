"""A PostgreSQL server that restarts, or ends the application's connections, costs no failed
request: pooled connections are checked before use (app.learning.database), without the round
trip a ping before every request cost."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import create_engine, text

from app.learning import database
from app.learning.db import db
from tests.databases import fresh_schema, postgres_url_or_skip
from tests.lessons import SLUG

pytestmark = pytest.mark.postgres
URL = f"/lessons/{SLUG}"


@pytest.fixture
def database_url(database_backend):
    """PostgreSQL in either pass: a file has no server to restart."""
    with fresh_schema(postgres_url_or_skip()) as url:
        engine = create_engine(url)
        db.metadata.create_all(engine)  # the app fixture no longer builds tables itself
        engine.dispose()
        yield url


def pooled_backend(app) -> int:
    with app.app_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        db.session.remove()
    return pid


def end_backend(url: str, pid: int) -> None:
    """What a server restart does to each connection: the backend is told to end."""
    plain = url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
    with psycopg.connect(plain, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
        for _ in range(100):  # it ends asynchronously
            gone = admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))
            if gone.fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} did not end")


def test_a_page_answers_after_its_pooled_connection_was_ended(app, lesson, visitor):
    assert visitor.get(URL).status_code == 200
    pid = pooled_backend(app)
    end_backend(app.config["SQLALCHEMY_DATABASE_URI"], pid)
    assert visitor.get(URL).status_code == 200
    assert pooled_backend(app) != pid


def test_a_connection_idle_for_long_is_pinged(app, lesson, visitor, monkeypatch):
    """A connection a firewall dropped shows no input: only a ping finds it dead."""
    assert visitor.get(URL).status_code == 200
    pid = pooled_backend(app)
    end_backend(app.config["SQLALCHEMY_DATABASE_URI"], pid)
    monkeypatch.setattr(database, "has_input", lambda _fileno: False)
    monkeypatch.setattr(database, "PING_IDLE_AFTER", 0.0)
    assert visitor.get(URL).status_code == 200
    assert pooled_backend(app) != pid
