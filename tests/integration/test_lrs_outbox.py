"""The LRS outbox without an LRS: what is queued and when, how answers are recorded (a stand-in
sender plays the LRS here; tests/integration/test_lrs_forwarding.py uses a real one)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app.config import MissingPublicUrlError
from app.factory import create_app
from app.learning import lrs_outbox
from app.learning.db import db
from app.learning.lrs_outbox import Reply
from app.learning.models.courses import utcnow
from app.learning.models.learners import Statement
from app.learning.models.outbox import OutboxEntry
from tests.lessons import SLUG
from tests.users import signed_in_client


@pytest.fixture
def app(app, lesson):
    app.config.update(
        LRS_URL="http://127.0.0.1:9/xAPI",  # nothing answers: jobs below are counted, not run
        PUBLIC_URL="https://learn.example.org",
        WTF_CSRF_ENABLED=False,
    )
    return app


@pytest.fixture
def queued(app, monkeypatch):
    """The jobs queued, instead of run."""
    found = []
    monkeypatch.setattr(app.extensions["jobs"], "enqueue", lambda f, *a: found.append(f))
    return found


def events(*sections):
    return [
        {"id": str(uuid.uuid4()), "type": "section-read", "lesson": SLUG, "section": s}
        for s in sections
    ]


def read(client, *sections, again=None):
    sent = again or events(*sections)
    assert client.post("/progress/events", json={"events": sent}).status_code == 200
    return sent


def entries(app) -> list[OutboxEntry]:
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxEntry).order_by(OutboxEntry.id)).all()
        db.session.expunge_all()
        return list(rows)


def test_each_statement_enters_the_outbox_and_one_job_is_queued_per_request(app, queued):
    client = app.test_client()
    read(client, "one", "two")
    with app.app_context():
        stored = set(db.session.scalars(db.select(Statement.statement_id)))
    assert len(stored) == 2
    assert {e.statement_id for e in entries(app)} == stored
    assert {e.state for e in entries(app)} == {"pending"}
    assert [f.__name__ for f in queued] == ["forward_statements"]


def test_a_statement_stored_before_is_not_queued_again(app, queued):
    client = app.test_client()
    sent = read(client, "one")
    app.extensions["lrs"].queued = False  # as if the job had started
    read(client, again=sent)
    assert len(entries(app)) == 1 and len(queued) == 1


def test_no_second_job_is_queued_while_one_waits_to_start(app, queued):
    from app.web.lrs.forwarding import forward_statements

    client = app.test_client()
    read(client, "one")
    read(client, "two")  # the job queued has not started: it will send this one too
    assert len(queued) == 1
    with app.app_context():
        forward_statements()  # starts (and can't reach the LRS)
    read(client, "one")
    assert len(queued) == 2


def test_nothing_is_queued_without_an_lrs(app, queued):
    app.config["LRS_URL"] = None
    read(app.test_client(), "one")
    assert entries(app) == [] and queued == []


def test_an_lrs_url_without_the_sites_address_refuses_to_start(tmp_path):
    with pytest.raises(MissingPublicUrlError, match="PUBLIC_URL"):
        create_app(
            {
                "TESTING": True,
                "INSTANCE_PATH": str(tmp_path),
                "LRS_URL": "https://lrs.example.org/xAPI",
            }
        )


class StandIn:
    """Plays the LRS: answers each POST with the next status, and keeps what it was sent."""

    def __init__(self, *statuses):
        self.statuses = list(statuses)
        self.posts: list[list[dict]] = []

    def __call__(self, statements):
        self.posts.append(statements)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return Reply(status, "" if status in (200, None) else f"answer {status}")


def forward(app, send, now=None, **options):
    with app.app_context():
        values = dict(
            home_page="https://learn.example.org",
            platform=None,
            now=now or utcnow(),
            size=50,
            retry_first=30,
            retry_longest=3600,
        )
        done = lrs_outbox.forward_batch(send, **(values | options))
        db.session.commit()
        return done


def test_a_failed_attempt_waits_longer_each_time_and_keeps_the_reason(app, queued):
    read(app.test_client(), "one")
    now = utcnow()
    for tries, wait in [(1, 30), (2, 60), (3, 120)]:
        done = forward(app, StandIn(503), now, ignore_waits=True)
        assert done.postponed == 1 and done.stopped == "HTTP 503: answer 503"
        (entry,) = entries(app)
        assert entry.tries == tries and entry.reason == "HTTP 503: answer 503"
        due = entry.next_attempt_at.replace(tzinfo=now.tzinfo)
        assert abs((due - now) - timedelta(seconds=wait)) < timedelta(seconds=1)
    assert forward(app, StandIn(200), now).sent == 0  # not due yet
    assert forward(app, StandIn(200), now + timedelta(seconds=121)).sent == 1


def test_a_learners_statement_that_waits_holds_back_their_later_ones(app, queued):
    ada, bob = app.test_client(), app.test_client()
    read(ada, "one")
    forward(app, StandIn(None))  # ada's first statement must now wait
    read(bob, "one")
    read(ada, "two")
    lrs = StandIn(200)
    assert forward(app, lrs).sent == 1
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in lrs.posts[0]] == ["one"]  # bob's only
    done = forward(app, lrs, ignore_waits=True)
    assert done.sent == 2
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in lrs.posts[1]] == ["one", "two"]


def test_a_batch_refused_as_a_whole_is_sent_one_statement_at_a_time(app, queued):
    read(app.test_client(), "one", "two")
    read(app.test_client(), "one")
    lrs = StandIn(400, 200, 422, 200)  # the batch, then each statement in turn
    done = forward(app, lrs)
    assert (done.sent, done.rejected) == (2, 1)
    assert [len(post) for post in lrs.posts] == [3, 1, 1, 1]
    states = [(e.state, e.reason) for e in entries(app)]
    assert states == [("sent", None), ("rejected", "HTTP 422: answer 422"), ("sent", None)]


def test_the_forward_command_needs_an_lrs(app):
    app.config["LRS_URL"] = None
    result = app.test_cli_runner().invoke(args=["xapi", "forward"])
    assert result.exit_code == 1 and "LRS_URL is not set" in result.output


def test_admins_see_the_backlog_with_the_lrs_reasons(app, queued):
    read(app.test_client(), "one", "two")
    forward(app, StandIn(400, 200, 422))
    page = signed_in_client(app, "admin@example.org", "admin").get("/instructor/lrs").text
    assert "<td>0</td><td>1</td><td>1</td>" in page
    assert "Rejected by the LRS" in page and "HTTP 422: answer 422" in page


def test_a_failed_round_comes_back_when_the_first_statement_is_due(app, monkeypatch):
    from app.web.lrs.forwarding import forward_statements

    later = []
    monkeypatch.setattr(app.extensions["jobs"], "enqueue", lambda f, *a: None)
    monkeypatch.setattr(
        app.extensions["jobs"], "enqueue_in", lambda s, f, *a: later.append((s, f.__name__))
    )
    read(app.test_client(), "one")
    with app.app_context():
        done = forward_statements()  # nothing listens at LRS_URL
        forward_statements()  # the same wait is queued once
    assert done.postponed == 1 and "could not be reached" in done.stopped
    ((seconds, job),) = later
    assert job == "forward_statements" and 28 <= seconds <= 30
