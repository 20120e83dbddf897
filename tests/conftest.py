from __future__ import annotations

import ctypes.util
import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import settings

from app import create_app
from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from tests.compiled_routes import shared_url_builders
from tests.compiled_templates import COMPILED_TEMPLATES
from tests.databases import (
    WorkerSchema,
    copy_database,
    fresh_schema,
    postgres_url_or_skip,
    sqlite_template,
)
from tests.lessons import COURSE, BuiltLesson, build_lesson
from tests.parsed_lessons import shared_parsing
from tests.users import quick_test_sign_ins, signed_in_staff

# Speed is measured by `make bench`, never by tests: on a busy machine (two database passes, other
# jobs) a generated example may take longer than hypothesis's default 200 ms deadline.
settings.register_profile("learnwell", deadline=None)
settings.load_profile("learnwell")

# The shipped course: for tests about it (its text, activities, audio, import). A test that only
# needs *a* lesson builds one instead, with the `lesson` fixture below (tests/lessons.py).
SEED_CONTENT = Path(__file__).resolve().parent.parent / "content"
SEED_LESSON = "order-management-fulfillment-basics"


def pytest_addoption(parser):
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="where the app fixture keeps its data (postgresql: the server in TEST_DATABASE_URL)",
    )


def pytest_collection_modifyitems(config, items):
    """In the PostgreSQL pass, run only the tests whose outcome can depend on the database.

    A test that asks for no database (pure content, grading, speech and unit tests, header and
    static-file checks) does exactly the same thing in both passes, so the SQLite pass that runs
    before it has already run it; the PostgreSQL pass reports it as deselected rather than running
    it twice. Every test that reaches the database goes through ``database_backend``. Tests marked
    ``rendering`` (axe, the Nu checker, contrast, reflow, layout shift) judge the HTML and pixels of
    pages filled with the same rows on either database, so they too run in the SQLite pass only,
    and so do tests marked ``ui`` (what page scripts do in Chromium): every request they make is
    tested on both databases by the integration tests, and end to end by the journeys.
    """
    if config.getoption("--database") != "postgresql":
        return
    kept, left = [], []
    for item in items:
        depends = "database_backend" in getattr(item, "fixturenames", ())
        same_anywhere = any(item.get_closest_marker(m) for m in ("rendering", "ui"))
        (kept if depends and not same_anywhere else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def url_builders():
    """Each URL rule's builders compiled once per test process (tests/compiled_routes.py)."""
    with shared_url_builders() as builders:
        yield builders


@pytest.fixture(scope="session", autouse=True)
def quick_sign_ins():
    """A test account's password is hashed and checked by scrypt once per test process
    (tests/users.py); every other password is checked in full."""
    with quick_test_sign_ins():
        yield


@pytest.fixture(scope="session", autouse=True)
def parsed_lessons():
    """Each lesson source parsed and marked once per test process (tests/parsed_lessons.py)."""
    with shared_parsing() as parsed:
        yield parsed


@pytest.fixture(scope="session")
def database_backend(request) -> str:
    return request.config.getoption("--database")


@pytest.fixture(scope="session")
def worker_database(database_backend, tmp_path_factory):
    """This test process's empty tables (tests/databases.py): a SQLite template file to copy, or
    a PostgreSQL schema emptied before each test."""
    if database_backend == "sqlite":
        yield sqlite_template(tmp_path_factory.mktemp("template"))
        return
    schema = WorkerSchema(postgres_url_or_skip())
    yield schema
    schema.drop()


@pytest.fixture
def database_url(tmp_path, database_backend, worker_database):
    """The test's database, the one ``app`` uses: every table, no rows, nothing left over from
    another test (a copy of the SQLite template, or the worker's schema, emptied first: as late
    as possible, so that a request a test left running has finished)."""
    if database_backend == "sqlite":
        return copy_database(worker_database, tmp_path / "test.db")
    worker_database.empty()
    return worker_database.url


@pytest.fixture
def empty_database_url(tmp_path, database_backend):
    """A database with no tables at all, for a test that builds them itself (migrations): a new
    SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if database_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with fresh_schema(postgres_url_or_skip()) as url:
        yield url


@pytest.fixture
def app(tmp_path, database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTENT_DIR": str(SEED_CONTENT),
            "AUDIO_ON_PUBLISH": False,
            # Throttling has its own tests; elsewhere many sign-ins from one address are normal.
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "REDIS_URL": None,  # jobs in-process unless a test asks for Redis
        }
    )
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    yield app
    app.extensions["speech"].close()
    app.extensions["jobs"].cancel_timers()
    app.extensions["jobs"].wait()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def seed_catalog():
    return load_catalog(SEED_CONTENT)


@pytest.fixture
def seeded(app, seed_catalog):
    """The app with the shipped course imported: for tests about the shipped content."""
    with app.app_context():
        import_catalog(seed_catalog)
        db.session.commit()
    return app


@pytest.fixture
def client(seeded):
    """A test client of the app with the shipped course (see ``visitor`` for any lesson)."""
    return seeded.test_client()


@pytest.fixture
def teacher(seeded):
    """A test client signed in as an instructor who owns the shipped course (tests/users.py)."""
    return signed_in_staff(seeded)


@pytest.fixture
def lesson(app, tmp_path) -> BuiltLesson:
    """A lesson built for this test, not the shipped one (tests/lessons.py): slug "a-lesson" in
    course "a-course" (which plans one more lesson), one activity of every built-in type in section
    "one" ("process-map-1", "quiz-1", …) and a deep-dive section "two". A module that needs another
    lesson overrides this fixture with its own ``build_lesson`` call."""
    return build_lesson(app, tmp_path / "content")


@pytest.fixture
def visitor(app):
    """An anonymous visitor's test client; the app holds only what the test imports itself."""
    return app.test_client()


@pytest.fixture
def instructor(app, lesson):
    """An instructor's test client (tests/users.py), owner of the ``lesson`` fixture's course."""
    return signed_in_staff(app, course=COURSE)


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


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """A real LRS (Ralph, tests/lrs.py) for the whole run; tests tell their statements apart by
    their learners, who are new in every test."""
    from tests.lrs import Ralph

    server = Ralph(tmp_path_factory.mktemp("ralph")).start()
    yield server
    server.stop()
