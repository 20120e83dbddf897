"""SQLite settings, and migrations that match the models."""

from __future__ import annotations

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
