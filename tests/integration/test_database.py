"""SQLite settings, and migrations that match the models."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.learning.db import db


def migrated_app(tmp_path, uri=None):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": uri or f"sqlite:///{tmp_path / 'm.db'}",
        }
    )
    return app


def assert_migrations_match_models(app):
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_sqlite_uses_wal_and_enforces_foreign_keys(app, database_backend):
    if database_backend != "sqlite":
        pytest.skip("SQLite settings: this pass runs on PostgreSQL")
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_build_exactly_the_models_on_sqlite(tmp_path):
    assert_migrations_match_models(migrated_app(tmp_path))


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def usual_umask():
    """The umask most servers run with (0022): without care, new files are world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def app_in(instance, uri=None):
    return create_app(
        {"TESTING": True, "INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": uri}
    )


def written(app) -> None:
    """Create the tables and write a row, so SQLite has made its -wal and -shm files."""
    with app.app_context():
        db.create_all()
        db.session.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
        db.session.execute(text("INSERT INTO t VALUES (1)"))
        db.session.commit()
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_new_sqlite_database_and_its_wal_files_are_readable_by_their_owner_only(
    tmp_path, usual_umask
):
    instance = tmp_path / "instance"
    app = app_in(instance)
    written(app)
    files = [instance / name for name in ("learnwell.db", "learnwell.db-wal", "learnwell.db-shm")]
    try:
        assert all(path.exists() for path in files)
        assert {path.name: oct(mode(path)) for path in files} == {
            path.name: "0o600" for path in files
        }
    finally:
        with app.app_context():
            db.engine.dispose()
        app.extensions["speech"].close()


def test_the_instance_folder_is_private_to_its_owner(tmp_path, usual_umask):
    created = tmp_path / "new"
    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    for instance in (created, existing):
        app = app_in(instance, "sqlite://")
        assert mode(instance) & 0o077 == 0, instance
        app.extensions["speech"].close()


def test_an_existing_world_readable_database_is_made_private_when_the_app_connects(
    tmp_path, usual_umask
):
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    for name in (path, path.with_name("old.db-wal")):
        name.touch()
        name.chmod(0o644)
    app = app_in(tmp_path / "instance", f"sqlite:///{path}")
    written(app)
    try:
        assert mode(path) == 0o600 and mode(path.with_name("old.db-wal")) == 0o600
    finally:
        with app.app_context():
            db.engine.dispose()
        app.extensions["speech"].close()
