"""An app that outlives one test: for browser tests that share one server across a module.

The settings are those of the ``app`` fixture in ``tests/conftest.py``; the database is a SQLite
file in ``folder``, or in the PostgreSQL pass a schema of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from app import create_app
from app.learning.db import db
from tests.conftest import SEED_CONTENT
from tests.databases import fresh_schema, postgres_url_or_skip


@contextmanager
def app_for(folder: Path, database_backend: str) -> Iterator:
    """A new app with empty tables, its instance folder and database in ``folder``."""
    with ExitStack() as stack:
        if database_backend == "sqlite":
            database_url = f"sqlite:///{folder / 'test.db'}"
        else:
            database_url = stack.enter_context(fresh_schema(postgres_url_or_skip()))
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",
                "INSTANCE_PATH": str(folder / "instance"),
                "SQLALCHEMY_DATABASE_URI": database_url,
                "CONTENT_DIR": str(SEED_CONTENT),
                "AUDIO_ON_PUBLISH": False,
                "RATELIMIT_ENABLED": False,
                "RATELIMIT_STORAGE_URI": "memory://",
                "REDIS_URL": None,
            }
        )
        with app.app_context():
            db.create_all()
        try:
            yield app
        finally:
            app.extensions["speech"].close()
            app.extensions["jobs"].wait()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
