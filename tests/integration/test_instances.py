"""Several app instances sharing one database, one media store and one SECRET_KEY act as one site.

Two production gunicorn processes on different ports (in the PostgreSQL pass of `make test` they
share a PostgreSQL schema; in the SQLite pass one database file). A learner moving between them,
as a reverse proxy would send them, sees the same progress and the same sign-in.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.instances import ROOT, gunicorn, instance_env

SECRET = "shared-secret-of-every-instance"


@pytest.fixture
def shared(lesson, database_url, tmp_path):
    """The environment every instance gets: the database (holding the ``lesson`` fixture's
    lesson), the media store, the key."""
    return {
        "DATABASE_URL": database_url,
        "FLASK_SECRET_KEY": SECRET,
        "FLASK_MEDIA_DIR": str(tmp_path / "media"),
        "FLASK_CONTENT_DIR": str(lesson.root),
    }


@pytest.fixture
def two_instances(shared, tmp_path):
    env_a = instance_env(**shared, LEARNWELL_INSTANCE_PATH=str(tmp_path / "a"))
    env_b = instance_env(**shared, LEARNWELL_INSTANCE_PATH=str(tmp_path / "b"))
    with gunicorn(env_a) as a, gunicorn(env_b) as b:
        yield a, b


class Browser:
    """One browser's cookies, used with whichever instance serves the request."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=10) as response:
            return response.read().decode()

    def csrf(self, url: str) -> str:
        return re.search(r'name="csrf-token" content="([^"]+)"', self.get(url)).group(1)

    def post(self, url: str, data: bytes, headers: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()


def test_progress_saved_through_one_instance_is_read_through_the_other(lesson, two_instances):
    a, b = two_instances
    browser = Browser()
    token = browser.csrf(f"{a}{lesson.url}")
    event_id = str(uuid.uuid4())
    section = lesson.content.sections[0].id
    event = {"id": event_id, "type": "section-read", "lesson": lesson.slug, "section": section}
    status, body = browser.post(
        f"{a}/progress/events",
        json.dumps({"events": [event]}).encode(),
        {"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert (status, json.loads(body)["saved"]) == (200, 1)
    statements = json.loads(browser.get(f"{b}/me/statements.json"))["statements"]
    assert event_id in [s["id"] for s in statements]


def test_signing_in_on_one_instance_is_valid_on_the_other(two_instances):
    a, b = two_instances
    browser = Browser()
    token = browser.csrf(f"{a}/signup")
    form = {"email": "ada@example.org", "password": "correct horse battery"}
    form |= {"confirm": form["password"], "csrf_token": token}
    status, _ = browser.post(
        f"{a}/signup",
        urllib.parse.urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200  # after the redirect
    account = browser.get(f"{b}/account")
    assert "ada@example.org" in account
    assert "Sign out" in account


BUILD_ONE_SECTION = """
import json, os, sys, time
from pathlib import Path
from app import create_app
from app.learning.lesson_queries import require_published_content
go, ready = Path(sys.argv[1]), Path(sys.argv[3])
app = create_app()
with app.test_request_context():
    service = app.extensions["speech"]
    section = require_published_content(sys.argv[2]).speech[1]
    ready.touch()
    while not go.exists():
        time.sleep(0.01)
    key = service.ensure(section, service.settings.voice)
    print(json.dumps({"key": key, "built": service.built}))
    service.close()
"""


def test_two_app_processes_asking_for_the_same_audio_synthesise_it_once(
    lesson, shared, tmp_path, espeak
):
    go = tmp_path / "go"
    ready = [tmp_path / f"{name}-ready" for name in ("a", "b")]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD_ONE_SECTION, str(go), lesson.slug, str(ready[index])],
            cwd=ROOT,
            env=instance_env(**shared, LEARNWELL_INSTANCE_PATH=str(tmp_path / name)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index, name in enumerate(("a", "b"))
    ]
    # Both at the start line (app loaded, section found) before either may start: a fixed pause
    # let a slow-starting process arrive after the other had built the file, and then the test
    # no longer raced the two.
    deadline = time.monotonic() + 120
    while not all(path.exists() for path in ready):
        for process in processes:
            assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the processes did not start within 120 s"
        time.sleep(0.01)
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert results[0]["key"] == results[1]["key"]
    assert sorted(r["built"] for r in results) == [0, 1]
