from __future__ import annotations

import ctypes.util
import importlib.util
import os
from pathlib import Path

import pytest

from app import create_app
from app.content import load_catalog
from app.extensions import db
from app.lessons.importer import import_catalog

SEED_CONTENT = Path(__file__).resolve().parent.parent / "content"
SEED_LESSON = "order-management-fulfillment-basics"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
            "CONTENT_DIR": str(SEED_CONTENT),
            "AUDIO_ON_PUBLISH": False,
            # Throttling has its own tests; elsewhere many sign-ins from one address are normal.
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    app.extensions["speech"].close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def seed_catalog():
    return load_catalog(SEED_CONTENT)


@pytest.fixture
def seeded(app, seed_catalog):
    """The app with the shipped content imported."""
    with app.app_context():
        import_catalog(seed_catalog)
        db.session.commit()
    return app


@pytest.fixture
def client(seeded):
    return seeded.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def espeak():
    """Tests that synthesise speech need the real engine: pyttsx3 over espeak-ng.

    `make test` installs espeak-ng (Debian, as root). With CI=true a missing engine fails the
    run instead of skipping these tests.
    """
    missing = [
        name
        for name, present in (
            ("the libespeak-ng1 library", ctypes.util.find_library("espeak-ng")),
            ("the pyttsx3 package", importlib.util.find_spec("pyttsx3")),
        )
        if not present
    ]
    if missing:
        message = f"speech tests need {' and '.join(missing)}: `make test` installs them"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
