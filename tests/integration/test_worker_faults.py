"""Faults and concurrency against real gunicorn workers: nothing accepted is lost, nothing half
written is visible, and the site keeps serving when a worker dies mid-request."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import urllib.error
import uuid

import pytest

from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Statement
from tests import activity_answers as answers
from tests.instances import MASTERS, gunicorn, instance_env, worker_pids
from tests.integration.test_instances import SECRET, Browser


@pytest.fixture
def server(lesson, database_url, tmp_path):
    """Three gunicorn workers serving the database that holds the ``lesson`` fixture's lesson."""
    env = instance_env(
        DATABASE_URL=database_url,
        FLASK_SECRET_KEY=SECRET,
        FLASK_MEDIA_DIR=str(tmp_path / "media"),
        FLASK_CONTENT_DIR=str(lesson.root),
        FLASK_RATELIMIT_ENABLED="false",
        LEARNWELL_INSTANCE_PATH=str(tmp_path / "instance"),
    )
    with gunicorn(env, workers=3) as url:
        yield url


def send_events(browser, url, token, count, lesson):
    sections = [s.id for s in lesson.content.sections]
    events = [
        {
            "id": str(uuid.uuid4()),
            "type": "section-read",
            "lesson": lesson.slug,
            "section": sections[i % len(sections)],
        }
        for i in range(count)
    ]
    status, body = browser.post(
        f"{url}/progress/events",
        json.dumps({"events": events}).encode(),
        {"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert status == 200 and json.loads(body)["received"] == count
    return [e["id"] for e in events]


def stored_ids(app):
    with app.app_context():
        ids = set(db.session.scalars(db.select(Statement.statement_id)))
        db.session.remove()
        return ids


def test_many_processes_writing_for_one_learner_lose_and_duplicate_nothing(app, lesson, server):
    browser = Browser()
    token = browser.csrf(f"{server}{lesson.url}")
    accepted: list[str] = []
    lock = threading.Lock()

    def writer():
        for _ in range(8):
            ids = send_events(browser, server, token, 4, lesson)
            with lock:
                accepted.extend(ids)

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(accepted) == 6 * 8 * 4
    assert stored_ids(app) == set(accepted)  # every event once, across 3 worker processes
    with app.app_context():
        learners = {s.learner_id for s in db.session.scalars(db.select(Statement))}
        assert len(learners) == 1


ROUNDS_AFTER_KILL = 15


def test_a_worker_killed_mid_writes_loses_nothing_accepted_and_leaves_nothing_half_done(
    app, lesson, server
):
    browser = Browser()
    token = browser.csrf(f"{server}{lesson.url}")
    activity = lesson.activity("process-map-1")
    form = {"revision": "1", **{k: v[0] for k, v in answers.right(activity).items()}}
    body = "&".join(f"{k}={v}" for k, v in form.items()).encode()
    accepted_events: list[str] = []
    accepted_attempts = 0
    writing = threading.Event()  # answers are being saved: time to kill a worker
    killed = threading.Event()

    def work():
        nonlocal accepted_attempts
        rounds_after_kill = 0
        # Writes go on until a worker has been killed and many more requests have been sent,
        # however long the server takes (a fixed 4 s window and a kill 1.5 s in assumed a machine
        # fast enough to be writing by then).
        while rounds_after_kill < ROUNDS_AFTER_KILL:
            if killed.is_set():
                rounds_after_kill += 1
            try:
                accepted_events.extend(send_events(browser, server, token, 3, lesson))
                status, _ = browser.post(
                    f"{server}{lesson.url}/activities/process-map-1",
                    body + f"&csrf_token={token}".encode(),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/json",
                    },
                )
                if status == 200:
                    accepted_attempts += 1
                    if accepted_attempts >= 3:
                        writing.set()
            except (
                urllib.error.URLError,
                http.client.HTTPException,
                ConnectionError,
                TimeoutError,
            ):
                pass  # the request the killed worker was serving (cut off, even mid-answer)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        assert writing.wait(timeout=120), "no answers were saved"
        victims = worker_pids(MASTERS[server])
        assert victims, "no gunicorn workers found"
        os.kill(victims[0], signal.SIGKILL)
    finally:
        killed.set()
        thread.join(timeout=300)
    assert not thread.is_alive()

    assert browser.get(f"{server}{lesson.url}")  # still serving
    assert set(accepted_events) <= stored_ids(app)
    with app.app_context():
        attempts = list(db.session.scalars(db.select(Attempt)))
        answered = db.session.scalar(
            db.select(db.func.count()).select_from(Statement).filter_by(verb="answered")
        )
        db.session.remove()
    assert len(attempts) >= accepted_attempts > 0
    assert all(a.feedback and a.percent == 100 for a in attempts)  # no half-written attempt
    assert answered == len(attempts)  # each attempt and its statement, together or not at all
