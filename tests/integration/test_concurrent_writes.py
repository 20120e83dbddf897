"""Many requests writing one learner's progress at once lose nothing and fail none."""

from __future__ import annotations

import threading
import uuid

import pytest

from app.learning.db import db
from app.learning.models.learners import Learner, Statement

THREADS = 6
BATCHES = 8


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_concurrent_batches_for_one_learner_are_all_saved(app, lesson):
    sections = [s.id for s in lesson.content.sections]
    first = app.test_client()
    assert first.post("/progress/events", json={"events": []}).status_code == 200
    starter = {
        "id": str(uuid.uuid4()),
        "type": "time",
        "lesson": lesson.slug,
        "seconds": 5,
    }
    assert first.post("/progress/events", json={"events": [starter]}).status_code == 200
    cookie = first.get_cookie("learner")
    assert cookie is not None
    sent: list[str] = [starter["id"]]
    failures: list[int] = []
    lock = threading.Lock()

    def writer():
        client = app.test_client()
        client.set_cookie("learner", cookie.value)
        for _ in range(BATCHES):
            events = [
                {"id": str(uuid.uuid4()), "type": "time", "lesson": lesson.slug, "seconds": 5},
                {
                    "id": str(uuid.uuid4()),
                    "type": "section-read",
                    "lesson": lesson.slug,
                    "section": sections[len(sent) % len(sections)],
                },
                {
                    "id": str(uuid.uuid4()),
                    "type": "position",
                    "lesson": lesson.slug,
                    "section": sections[0],
                    "offset": 0.5,
                },
            ]
            response = client.post("/progress/events", json={"events": events})
            with lock:
                if response.status_code != 200:
                    failures.append(response.status_code)
                else:
                    sent.extend(e["id"] for e in events if e["type"] != "position")

    threads = [threading.Thread(target=writer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Learner)) == 1
        stored = set(db.session.scalars(db.select(Statement.statement_id)))
    assert set(sent) <= stored
    assert len(sent) == 1 + THREADS * BATCHES * 2
