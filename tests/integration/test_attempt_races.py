"""Many answers from one learner at the same moment, against real gunicorn workers: the database
keeps at most ``max_attempts`` of them, refuses the rest with 409, and loses no practice answer.

Each race opens its connections first and sends every request at once (a barrier), so they reach
the workers together. On SQLite the pass shares one database file; with ``--database=postgresql``
a PostgreSQL schema.
"""

from __future__ import annotations

import http.client
import json
import threading
import urllib.parse
from collections import Counter
from dataclasses import dataclass

import pytest

from app.learning.db import db
from app.learning.models.attempts import Attempt
from tests.activity_blocks import block
from tests.conftest import SEED_CONTENT
from tests.instances import gunicorn, instance_env
from tests.integration.test_instances import SECRET, Browser
from tests.lessons import body_with, build_lesson
from tests.users import PASSWORD

WORKERS = 3
THREADS = 4  # per worker: every submission of a race can be in the app at the same time
SUBMISSIONS = 12
ONE_ATTEMPT = ("final-1", "final-2", "final-3")  # three races where only one answer may count
TWO_ATTEMPTS = "final-4"
PRACTICE = "warm-up"
RIGHT, WRONG = "false", "true"  # the answer to the test quiz's true-false question q1


@pytest.fixture
def lesson(app, tmp_path):
    blocks = [block("quiz", a, "mode: assessment\nmax_attempts: 1\n") for a in ONE_ATTEMPT]
    blocks.append(block("quiz", TWO_ATTEMPTS, "mode: assessment\nmax_attempts: 2\n"))
    blocks.append(block("quiz", PRACTICE))
    return build_lesson(app, tmp_path / "content", body_with(*blocks))


@pytest.fixture
def server(lesson, database_url, tmp_path):
    env = instance_env(
        DATABASE_URL=database_url,
        FLASK_SECRET_KEY=SECRET,
        FLASK_MEDIA_DIR=str(tmp_path / "media"),
        FLASK_CONTENT_DIR=str(SEED_CONTENT),
        FLASK_RATELIMIT_ENABLED="false",
        LEARNWELL_INSTANCE_PATH=str(tmp_path / "instance"),
        WEB_THREADS=str(THREADS),
    )
    with gunicorn(env, workers=WORKERS, log=tmp_path / "server.log") as url:
        yield url


@dataclass(frozen=True)
class Learner:
    """A signed-in browser's cookies and CSRF token, to send from many connections at once."""

    cookie: str
    token: str


def signed_up(server: str, lesson) -> Learner:
    browser = Browser()
    form = {"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    form["csrf_token"] = browser.csrf(f"{server}/signup")
    status, _ = browser.post(
        f"{server}/signup",
        urllib.parse.urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200  # after the redirect
    token = browser.csrf(f"{server}{lesson.url}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    return Learner(cookie, token)


def race(server: str, lesson, learner: Learner, activity_id: str, answer: str):
    """SUBMISSIONS answers sent at the same moment; their (status, JSON body), in any order."""
    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    body = urllib.parse.urlencode(
        {"csrf_token": learner.token, "revision": "1", "q:q1": answer}
    ).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "Cookie": learner.cookie,
    }
    start = threading.Barrier(SUBMISSIONS)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def submit():
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.connect()
        start.wait()
        connection.request("POST", f"{lesson.url}/activities/{activity_id}", body, headers)
        response = connection.getresponse()
        result = (response.status, json.loads(response.read()))
        connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == SUBMISSIONS
    return results


def stored_numbers(app, activity_id: str) -> list[int]:
    with app.app_context():
        query = db.select(Attempt.attempt_number).filter_by(activity_id=activity_id)
        numbers = sorted(db.session.scalars(query))
        db.session.remove()
        return numbers


def accepted(results) -> int:
    return sum(status < 400 for status, _ in results)


def test_simultaneous_answers_to_an_assessment_never_exceed_its_attempts(app, lesson, server):
    learner = signed_up(server, lesson)
    for activity_id in ONE_ATTEMPT:
        results = race(server, lesson, learner, activity_id, RIGHT)
        statuses = Counter(status for status, _ in results)
        assert (accepted(results), statuses[409]) == (1, SUBMISSIONS - 1), (activity_id, statuses)
        assert all(
            body["message"] == "You have used all your attempts at this activity."
            for status, body in results
            if status == 409
        )
        assert stored_numbers(app, activity_id) == [1]
    # Wrong answers, so passing does not end it early: exactly its two attempts are kept.
    results = race(server, lesson, learner, TWO_ATTEMPTS, WRONG)
    assert accepted(results) == 2, Counter(status for status, _ in results)
    assert stored_numbers(app, TWO_ATTEMPTS) == [1, 2]


def test_simultaneous_practice_answers_are_all_kept_one_number_each(app, lesson, server):
    learner = signed_up(server, lesson)
    results = race(server, lesson, learner, PRACTICE, RIGHT)
    assert [status for status, _ in results] == [200] * SUBMISSIONS, results
    assert stored_numbers(app, PRACTICE) == list(range(1, SUBMISSIONS + 1))
