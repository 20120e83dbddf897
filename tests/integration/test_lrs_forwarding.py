"""Forwarding statements to a real LRS (Ralph, tests/lrs.py): what the app records reaches it,
reads back equal, once per statement id and in order per learner; an LRS that is down or refuses
a statement loses nothing."""

from __future__ import annotations

import json
import uuid

import pytest

from app.learning import lrs_backlog
from app.learning.db import db
from app.learning.models.learners import Learner, Statement
from app.learning.models.outbox import OutboxEntry
from app.learning.xapi_statements import as_xapi
from tests import activity_answers as answers
from tests.lessons import SLUG
from tests.lrs import PASSWORD, USERNAME, Ralph, free_port
from tests.xapi_rules import problems

PUBLIC_URL = "https://learn.example.org"


def forwarding_to(app, url: str) -> None:
    app.config.update(
        LRS_URL=url,
        LRS_USERNAME=USERNAME,
        LRS_PASSWORD=PASSWORD,
        PUBLIC_URL=PUBLIC_URL,
        WTF_CSRF_ENABLED=False,
        LRS_RETRY_SECONDS=3600,  # nothing retries on its own during a test
    )


def read(client, slug, *sections):
    events = [
        {"id": str(uuid.uuid4()), "type": "section-read", "lesson": slug, "section": s}
        for s in sections
    ]
    assert client.post("/progress/events", json={"events": events}).status_code == 200


def answer(client, slug, activity):
    response = client.post(
        f"/lessons/{slug}/activities/{activity.id}",
        data={"revision": "1", **answers.right(activity)},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text


def sent_statements(app) -> list[dict]:
    """What the app sends for every statement it stored, in the order they were recorded."""
    with app.app_context():
        query = (
            db.select(Statement, Learner.public_id)
            .join(Learner, Learner.id == Statement.learner_id)
            .order_by(Statement.id)
        )
        rows = [(row, public_id) for row, public_id in db.session.execute(query)]
        return as_xapi(rows, PUBLIC_URL, with_stored=False, platform=app.config["SITE_NAME"])


def held_by(ralph, learner: str) -> list[dict]:
    agent = {"objectType": "Agent", "account": {"homePage": f"{PUBLIC_URL}/", "name": learner}}
    found = ralph.statements(agent=json.dumps(agent))
    return [{k: v for k, v in s.items() if k not in ("stored", "authority")} for s in found]


def states(app) -> dict[str, str]:
    with app.app_context():
        query = db.select(OutboxEntry.statement_id, OutboxEntry.state)
        return {sid: state for sid, state in db.session.execute(query)}


def learners(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(Learner.public_id)))


def test_the_shipped_lessons_statements_reach_the_lrs_and_read_back_equal(seeded, ralph):
    """About the shipped course: its first lesson read, answered and completed through the app."""
    from tests.integration.test_shipped_course import LESSONS

    forwarding_to(seeded, ralph.url)
    client = seeded.test_client()
    lesson = LESSONS[0]
    read(client, lesson.id, *lesson.required_sections)
    for activity_id in lesson.required_activities:
        answer(client, lesson.id, lesson.activities[activity_id])
    seeded.extensions["jobs"].wait()

    sent = sent_statements(seeded)
    verbs = {s["verb"]["display"]["en-US"] for s in sent}
    assert verbs == {"experienced", "answered", "completed"}
    assert all(problems(s) == [] for s in sent)
    (learner,) = learners(seeded)
    held = held_by(ralph, learner)
    assert sorted(held, key=lambda s: s["id"]) == sorted(sent, key=lambda s: s["id"])
    assert set(states(seeded).values()) == {"sent"}


@pytest.fixture
def forwarding_app(app, lesson):
    return app


def test_an_lrs_that_is_down_loses_nothing_and_gets_the_backlog_when_back(forwarding_app, tmp_path):
    app = forwarding_app
    port = free_port()  # nothing listens there yet
    forwarding_to(app, f"http://127.0.0.1:{port}/xAPI")
    client = app.test_client()
    read(client, SLUG, "one", "two")
    app.extensions["jobs"].wait()

    assert set(states(app).values()) == {"pending"}
    report = app.test_cli_runner().invoke(args=["xapi", "backlog"]).output
    assert "pending 2, sent 0, rejected 0" in report
    assert "The LRS could not be reached" in report

    ralph = Ralph(tmp_path / "ralph", port).start()
    try:
        result = app.test_cli_runner().invoke(args=["xapi", "forward"])
        assert result.exit_code == 0 and "Sent 2, rejected 0." in result.output
        (learner,) = learners(app)
        held = held_by(ralph, learner)
    finally:
        ralph.stop()
    assert sorted(held, key=lambda s: s["id"]) == sorted(
        sent_statements(app), key=lambda s: s["id"]
    )
    assert set(states(app).values()) == {"sent"}


def test_a_statement_the_lrs_refuses_is_kept_with_its_reason_and_the_rest_go(forwarding_app, ralph):
    app = forwarding_app
    forwarding_to(app, ralph.url)
    app.config["LRS_URL"] = f"http://127.0.0.1:{free_port()}/xAPI"  # held back while we break one
    good, bad = app.test_client(), app.test_client()
    read(good, SLUG, "one")
    read(bad, SLUG, "one")
    app.extensions["jobs"].wait()
    with app.app_context():
        # A learner id the LRS can't accept (an account name must not be empty).
        broken = db.session.scalars(db.select(Learner).order_by(Learner.id)).all()[1]
        broken.public_id = ""
        db.session.commit()
    app.config["LRS_URL"] = ralph.url

    result = app.test_cli_runner().invoke(args=["xapi", "forward"])

    assert "Sent 1, rejected 1." in result.output
    with app.app_context():
        found = lrs_backlog.backlog()
    assert found.counts == {"pending": 0, "sent": 1, "rejected": 1}
    (problem,) = found.rejected
    assert problem.reason.startswith("HTTP 422:") and "account" in problem.reason
    report = app.test_cli_runner().invoke(args=["xapi", "backlog"]).output
    assert f"rejected {problem.statement_id}" in report and "HTTP 422" in report


def test_forwarding_a_statement_twice_leaves_one_copy_under_its_stored_id(forwarding_app, ralph):
    app = forwarding_app
    forwarding_to(app, ralph.url)
    client = app.test_client()
    read(client, SLUG, "one")
    app.extensions["jobs"].wait()
    with app.app_context():  # as if the LRS's answer had been lost: sent again
        db.session.execute(db.update(OutboxEntry).values(state="pending"))
        db.session.commit()
    assert "Sent 1" in app.test_cli_runner().invoke(args=["xapi", "forward"]).output

    (learner,) = learners(app)
    held = held_by(ralph, learner)
    assert [s["id"] for s in held] == list(states(app))


def test_a_learners_statements_go_in_the_order_recorded(forwarding_app, ralph):
    app = forwarding_app
    forwarding_to(app, ralph.url)
    app.config["LRS_BATCH_SIZE"] = 1  # one POST per statement: the LRS stores them in turn
    client = app.test_client()
    read(client, SLUG, "two")
    read(client, SLUG, "one")
    app.extensions["jobs"].wait()

    (learner,) = learners(app)
    held = ralph.statements(
        agent=json.dumps({"account": {"homePage": f"{PUBLIC_URL}/", "name": learner}})
    )
    by_storing = [s["id"] for s in sorted(held, key=lambda s: s["stored"])]
    assert by_storing == [s["id"] for s in sent_statements(app)]


def test_credentials_the_lrs_refuses_keep_statements_waiting_not_rejected(forwarding_app, ralph):
    app = forwarding_app
    forwarding_to(app, ralph.url)
    app.config["LRS_PASSWORD"] = "not-the-password"
    read(app.test_client(), SLUG, "one")
    app.extensions["jobs"].wait()

    with app.app_context():
        found = lrs_backlog.backlog()
    assert found.counts == {"pending": 1, "sent": 0, "rejected": 0}
    assert found.failing[0].reason.startswith("HTTP 401:")
    app.config["LRS_PASSWORD"] = PASSWORD
    assert "Sent 1" in app.test_cli_runner().invoke(args=["xapi", "forward"]).output
