"""The journeys' server: production gunicorn in a process of its own, set up as `make run` sets
up a site — migrations, content import and lesson audio through the `flask` command — on a
database, media store and content folder of its own.

The content is the shipped course plus a short second lesson (``next_lesson.md``), so finishing
the first lesson has a next lesson to recommend. One server serves every journey; each journey
uses new browser contexts (new learners). A failing journey also keeps the server's log.
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
from tests.instances import ROOT, gunicorn, instance_env
from tests.users import INSTRUCTOR_EMAIL, PASSWORD

NEXT_LESSON = Path(__file__).with_name("next_lesson.md")


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]
    log: Path

    def flask(self, *args: str) -> str:
        """Runs a ``flask`` command against the server's database and content; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"flask {' '.join(args)}:\n{done.stdout}{done.stderr}"
        return done.stdout


@pytest.fixture(scope="session")
def journey_server(tmp_path_factory, espeak, browser):
    root = tmp_path_factory.mktemp("journeys")
    content = root / "content"
    shutil.copytree(SEED_CONTENT, content)
    shutil.copy(NEXT_LESSON, content / "ecommerce-manager-cx" / "02-shipping-strategies.md")
    env = instance_env(
        FLASK_APP="wsgi.py",
        DATABASE_URL=f"sqlite:///{root / 'learnwell.db'}",
        FLASK_SECRET_KEY="journeys-secret",
        FLASK_CONTENT_DIR=str(content),
        FLASK_MEDIA_DIR=str(root / "media"),
        LEARNWELL_INSTANCE_PATH=str(root / "instance"),
        ACCESS_LOG="on",
    )
    setup = Server("", env, root / "server.log")
    setup.flask("db", "upgrade")
    setup.flask("content", "import")
    setup.flask("audio", "build", "--lesson", SEED_LESSON, "--section", LISTENED_SECTION)
    setup.flask("users", "create", "--role", "instructor", INSTRUCTOR_EMAIL, "--password", PASSWORD)
    with gunicorn(env, workers=2, log=setup.log) as url:
        yield Server(url, env, setup.log)


@pytest.fixture(autouse=True)
def server_log_on_failure(request, journey_server):
    yield
    if call_failed(request.node):
        ARTIFACTS.mkdir(exist_ok=True)
        saved = ARTIFACTS / f"{artifact_name(request.node)}.server.log"
        shutil.copy(journey_server.log, saved)
        print(f"\nServer log saved to {saved}")
