"""``flask backup`` and ``flask restore``: consistent copies while writes go on, nothing lost."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import uuid

import pytest

from app import create_app
from app.learning.db import db


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        tables = [
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        result = {
            t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
        }
    connection.close()
    return result


def event(slug):
    return {"id": str(uuid.uuid4()), "type": "time", "lesson": slug, "seconds": 5}


def test_backup_while_writes_go_on_is_consistent_and_restores_exactly(
    app, lesson, tmp_path, database_backend
):
    if database_backend != "sqlite":
        pytest.skip("flask backup copies SQLite files; the SQLite pass runs this test")
    stop = threading.Event()
    written = []

    def writer():
        client = app.test_client()
        while not stop.is_set():
            events = [event(lesson.slug), event(lesson.slug)]
            response = client.post("/progress/events", json={"events": events})
            assert response.status_code == 200
            written.append(2)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        runner = app.test_cli_runner()
        result = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
        copied_during = len(written)
        while len(written) < copied_during + 5:  # writes went on after the copy
            stop.wait(0.01)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert "Backed up to" in result.output
    backup = counts(tmp_path / "copy.db")
    live = counts(tmp_path / "test.db")
    assert 0 < backup["statement"] < live["statement"]
    assert backup["lesson_revision"] == live["lesson_revision"]
    assert not (tmp_path / "copy.db.part").exists()

    fresh = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path / "other"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}",
            "CONTENT_DIR": str(lesson.root),
        }
    )
    with fresh.app_context():
        db.create_all()
    restored = fresh.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "copy.db")])
    assert restored.exit_code == 0, restored.output
    assert counts(tmp_path / "other.db") == backup
    assert fresh.test_client().get(lesson.url).status_code == 200
    fresh.extensions["speech"].close()


def test_restore_refuses_a_file_that_is_not_a_database(app, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(junk)])
    assert result.exit_code != 0
    assert "junk.db" in result.output


def test_backup_explains_it_is_for_sqlite(tmp_path):
    app = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "pg_dump" in result.output
    app.extensions["speech"].close()


def test_a_backup_is_readable_by_its_owner_only(seeded, tmp_path, database_backend):
    """A backup holds every password hash, as the live database does."""
    if database_backend != "sqlite":
        pytest.skip("flask backup copies SQLite files; the SQLite pass runs this test")
    previous = os.umask(0o022)  # the usual umask: without care the copy is world-readable
    try:
        result = seeded.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(tmp_path / "copy.db").st_mode) == 0o600
