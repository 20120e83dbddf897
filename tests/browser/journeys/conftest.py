"""The journeys' server: production gunicorn in a process of its own, set up the way `make run`
sets up a site — migrations, content import and lesson audio through the `flask` command — with
a database (SQLite, or PostgreSQL in that pass), media store and content folder of its own.

The content is the shipped course, whose second lesson is the one finishing the first leads to.
One server serves every journey in this folder
and stops after the last one; each journey opens new browser contexts, so each is a new learner.
A failing journey also keeps the server's log next to its screenshot.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, artifact_name, call_failed
from tests.browser.journeys.lesson import LISTENED_SECTION
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.databases import fresh_schema, postgres_url_or_skip
from tests.instances import ROOT, gunicorn, instance_env
from tests.users import INSTRUCTOR_EMAIL, PASSWORD

# The journeys are collected by test_journeys.py from modules of their own: pytest rewrites
# their asserts (for its detailed failure messages) only when told to.
pytest.register_assert_rewrite(
    *(f"tests.browser.journeys.{name}" for name in ("instructor", "keyboard", "newcomer", "touch"))
)


@dataclass(frozen=True)
class Server:
    url: str
    log: Path


def flask(env: dict[str, str], *args: str) -> None:
    """Runs a ``flask`` command as an administrator would, against the server's settings."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="package")
def journey_database(tmp_path_factory, database_backend):
    """A SQLite file; in the PostgreSQL pass (``--database=postgresql``) a schema of its own."""
    if database_backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('journeys-db') / 'learnwell.db'}"
        return
    with fresh_schema(postgres_url_or_skip()) as url:
        yield url


@pytest.fixture(scope="package")
def journey_server(tmp_path_factory, journey_database, browser, espeak):
    root = tmp_path_factory.mktemp("journeys")
    content = root / "content"
    shutil.copytree(SEED_CONTENT, content)
    env = instance_env(
        FLASK_APP="wsgi.py",
        DATABASE_URL=journey_database,
        FLASK_SECRET_KEY="journeys-secret",
        FLASK_CONTENT_DIR=str(content),
        FLASK_MEDIA_DIR=str(root / "media"),
        LEARNWELL_INSTANCE_PATH=str(root / "instance"),
        ACCESS_LOG="on",
    )
    flask(env, "db", "upgrade")
    flask(env, "content", "import")
    # Only the section the journeys listen to: the rest would be built on first request.
    flask(env, "audio", "build", "--lesson", SEED_LESSON, "--section", LISTENED_SECTION)
    flask(env, "users", "create", "--role", "instructor", INSTRUCTOR_EMAIL, "--password", PASSWORD)
    flask(
        env, "courses", "staff", "add", "ecommerce-manager-cx", INSTRUCTOR_EMAIL, "--role", "owner"
    )
    log = root / "server.log"
    with gunicorn(env, workers=2, log=log) as url:
        yield Server(url, log)


@pytest.fixture(autouse=True)
def server_log_on_failure(request, journey_server):
    yield
    if call_failed(request.node):
        ARTIFACTS.mkdir(exist_ok=True)
        saved = ARTIFACTS / f"{artifact_name(request.node)}.server.log"
        shutil.copy(journey_server.log, saved)
        print(f"\nServer log saved to {saved}")
