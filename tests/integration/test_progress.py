"""Progress saved as it happens, kept through sign-up and sign-in, shown back to the learner."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.core.content import load_catalog
from app.core.rules import xapi
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, Position, Statement
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
URL = f"/lessons/{SEED_LESSON}"
PASSWORD = "correct horse battery"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def send(client, *events, **payload):
    return client.post("/progress/events", json={"events": list(events), **payload})


def read(section, **extra):
    return {
        "id": str(uuid.uuid4()),
        "type": "section-read",
        "lesson": SEED_LESSON,
        "section": section,
        **extra,
    }


def position(section, at, kind="reading", offset=0):
    return {
        "id": str(uuid.uuid4()),
        "type": "position",
        "lesson": SEED_LESSON,
        "section": section,
        "kind": kind,
        "offset": offset,
        "at": at.isoformat(),
    }


def answer(client, activity_id, how="right"):
    fields = getattr(answers, how)(LESSON.activities[activity_id])
    return client.post(
        f"{URL}/activities/{activity_id}",
        data={"revision": "1", **fields},
        headers={"Accept": "application/json"},
    )


def rows(app, model, **filters):
    with app.app_context():
        return list(db.session.scalars(db.select(model).filter_by(**filters)))


def test_reading_a_section_is_saved_for_a_new_anonymous_learner(seeded, client):
    response = send(client, read("fulfillment-process"))
    assert response.status_code == 200 and response.json == {"saved": 1, "received": 1}
    assert "learner=" in response.headers["Set-Cookie"]
    page = client.get(URL).text
    assert "You have read this section." in page
    assert "1 of 7 sections read" in page


def test_the_same_event_sent_twice_is_stored_once(seeded, client):
    event = read("fulfillment-process")
    send(client, event)
    assert send(client, event).json == {"saved": 0, "received": 1}
    assert len(rows(seeded, Statement, verb="experienced")) == 1


def test_an_older_position_arriving_late_does_not_win(seeded, client):
    now = datetime.now(UTC)
    send(client, position("key-takeaways", now))
    send(client, position("fulfillment-process", now - timedelta(minutes=5)))
    (saved,) = rows(seeded, Position)
    assert saved.section_id == "key-takeaways"


def test_returning_learners_can_continue_where_they_left_off(client):
    send(client, position("accuracy-timeliness", datetime.now(UTC)))
    page = client.get(URL).text
    assert (
        'href="#accuracy-timeliness" data-continue>Continue where you left off: Accuracy, Timeliness, and Customer Experience'
        in page
    )


def test_bad_event_batches_get_a_400_and_save_nothing(seeded, client):
    response = send(client, read("fulfillment-process"), read("nowhere"))
    assert response.status_code == 400
    assert "event 2: unknown section" in response.json["message"]
    assert rows(seeded, Statement) == [] and rows(seeded, Learner) == []


def test_an_event_id_with_a_trailing_newline_is_refused_so_an_event_is_stored_once(seeded, client):
    event = read("fulfillment-process")
    assert send(client, event).json == {"saved": 1, "received": 1}
    response = send(client, {**event, "id": event["id"] + "\n"})  # 37 characters
    assert response.status_code == 400
    assert "event 1: 'id' must be a UUID" in response.json["message"]
    assert len(rows(seeded, Statement, verb="experienced")) == 1


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def test_events_from_a_clock_ten_minutes_fast_are_stored_at_the_server_time(seeded, client):
    before = datetime.now(UTC)
    ahead = before + timedelta(minutes=10)
    response = send(
        client,
        read("fulfillment-process", at=ahead.isoformat()),
        position("key-takeaways", ahead),
        {**read("fulfillment-process"), "type": "time", "seconds": 30, "at": ahead.isoformat()},
    )
    assert response.status_code == 200 and response.json == {"saved": 3, "received": 3}
    after = datetime.now(UTC)
    stored = [as_utc(s.timestamp) for s in rows(seeded, Statement) if s.verb != xapi.COMPLETED]
    (saved_position,) = rows(seeded, Position)
    assert len(stored) == 2
    assert all(before <= moment <= after for moment in [*stored, as_utc(saved_position.updated_at)])


def test_a_time_that_is_not_a_time_still_refuses_the_batch(seeded, client):
    response = send(client, read("fulfillment-process", at="tomorrow at noon"))
    assert (
        response.status_code == 400 and "'at' must be an ISO 8601 time" in response.json["message"]
    )
    assert rows(seeded, Statement) == []


def test_events_cannot_name_another_learner(seeded, client):
    response = send(client, read("fulfillment-process"), learner="someone-else")
    assert response.status_code == 400
    assert rows(seeded, Statement) == []


def test_mark_as_read_works_without_scripts(seeded, client):
    response = client.post(f"{URL}/sections/fulfillment-methods/read")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "#fulfillment-methods"
    )
    assert [s.object_id for s in rows(seeded, Statement, verb="experienced")] == [
        "fulfillment-methods"
    ]


def test_completing_the_lesson_by_its_rules(seeded, client):
    for section in LESSON.required_sections:
        send(client, read(section))
    for activity in LESSON.required_activities:
        assert answer(client, activity).json["passed"]
    page = client.get(URL).text
    assert "Lesson complete" in page
    assert "Next: <strong>Shipping Strategies and Costs</strong> (coming soon)" in page
    assert len(rows(seeded, Statement, verb="completed")) == 1
    answer(client, LESSON.required_activities[0])  # doing more never completes it twice
    assert len(rows(seeded, Statement, verb="completed")) == 1


def test_the_progress_summary_follows_what_the_learner_does(client):
    activities = len(LESSON.required_activities)
    before = client.get(f"{URL}/progress")
    assert (before.json["percent"], before.json["complete"]) == (0, False)
    assert f"0 of {activities} activities passed" in before.json["summary"]
    assert before.json["completion"].strip() == ""
    assert before.headers["Cache-Control"] == "no-store"
    answer(client, "process-mapping")
    send(client, read("fulfillment-process"))
    after = client.get(f"{URL}/progress").json
    assert f"1 of {activities} activities passed" in after["summary"]
    assert f"1 of {len(LESSON.required_sections)} sections read" in after["summary"]


def test_the_progress_summary_shows_completion_with_the_next_lesson(client):
    for section in LESSON.required_sections:
        send(client, read(section))
    for activity in LESSON.required_activities:
        answer(client, activity)
    data = client.get(f"{URL}/progress").json
    assert (data["percent"], data["complete"]) == (100, True)
    assert "<strong>Lesson complete</strong>" in data["summary"]
    assert (
        "Next: <strong>Shipping Strategies and Costs</strong> (coming soon)" in data["completion"]
    )


def test_the_progress_summary_of_an_unknown_lesson_is_not_found(client):
    assert client.get("/lessons/nope/progress").status_code == 404


def test_bonus_work_alone_never_completes_the_lesson(client):
    for activity in LESSON.activities.values():
        if activity.bonus and activity.graded:
            answer(client, activity.id)
    assert "Lesson complete" not in client.get(URL).text


def test_progress_is_shown_on_the_course_page(client):
    send(client, read("fulfillment-process"))
    page = client.get("/courses/ecommerce-manager-cx").text
    assert (
        "In progress" in page
        and 'aria-label="Progress in Order Management &amp; Fulfillment Basics"' in page
    )


def test_signing_up_keeps_everything_done_anonymously(seeded, client):
    send(client, read("fulfillment-process"), position("fulfillment-methods", datetime.now(UTC)))
    answer(client, "process-mapping", "wrong")
    answer(client, "process-mapping", "right")
    answer(client, "shopping-experiences")
    response = client.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert "learner=; Expires=Thu, 01 Jan 1970" in response.headers.get("Set-Cookie", "")
    (learner,) = rows(seeded, Learner)
    assert learner.user_id is not None
    assert len(rows(seeded, Attempt, learner_id=learner.id)) == 3
    page = client.get(URL).text
    assert "You have read this section." in page and "Continue where you left off" in page
    assert "Attempts: 2 · best 100%" in page


def test_signing_in_from_a_second_browser_merges_its_progress(seeded):
    home, cafe = seeded.test_client(), seeded.test_client()
    home.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(home, "delay-email", "partly")
    send(home, position("fulfillment-process", datetime.now(UTC) - timedelta(hours=1)))
    answer(cafe, "delay-email", "right")
    send(cafe, read("key-takeaways"), position("key-takeaways", datetime.now(UTC)))
    cafe.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    (learner,) = rows(seeded, Learner)  # the café's anonymous learner is merged and gone
    assert len(rows(seeded, Attempt, learner_id=learner.id)) == 2
    (reading,) = rows(seeded, Position, learner_id=learner.id)
    assert reading.section_id == "key-takeaways"  # the latest position wins
    for client in (home, cafe):
        page = client.get(URL).text
        assert "best 100%" in page and "You have read this section." in page


def test_signing_in_twice_changes_nothing(seeded, client):
    client.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(client, "delay-email")
    before = (len(rows(seeded, Attempt)), len(rows(seeded, Statement)), len(rows(seeded, Learner)))
    client.post("/signout")
    client.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    client.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    assert (
        len(rows(seeded, Attempt)),
        len(rows(seeded, Statement)),
        len(rows(seeded, Learner)),
    ) == before


def test_signing_out_leaves_the_next_visitor_with_nothing(client):
    client.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    send(client, read("fulfillment-process"))
    client.post("/signout")
    assert "You have read this section." not in client.get(URL).text


def test_learners_never_see_each_others_progress(seeded):
    ada, bob = seeded.test_client(), seeded.test_client()
    answer(ada, "delay-email", "right")
    send(ada, read("fulfillment-process"))
    bob_page = bob.get(URL).text
    assert "You have read this section." not in bob_page and "best 100%" not in bob_page
    assert bob.get("/me/export.json").json["attempts"] == []
    assert bob.get("/me/statements.json").json["statements"] == []


def test_dashboard_figures_from_a_known_history(client):
    client.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    send(
        client,
        read("fulfillment-process"),
        read("fulfillment-methods"),
        {"id": str(uuid.uuid4()), "type": "time", "lesson": SEED_LESSON, "seconds": 90},
        {"id": str(uuid.uuid4()), "type": "time", "lesson": SEED_LESSON, "seconds": 60},
    )
    answer(client, "process-mapping", "wrong")
    answer(client, "process-mapping", "right")
    answer(client, "knowledge-check-quiz", "right")
    page = " ".join(client.get("/dashboard").text.split())
    assert "2 of 7 sections read · 2 of 4 activities passed" in page
    assert "2 min spent" in page
    assert page.count("Process Mapping</td>") == 2
    assert "100% · passed" in page
    # the quiz and the process map both assess 'stages', both are at 100%
    assert (
        "Define the core stages of the order fulfillment process.</th> <td>100% · mastered" in page
    )


def test_dashboard_recommends_what_to_revisit_and_try(client):
    client.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(client, "method-comparison", "wrong")
    page = client.get("/dashboard").text
    assert "Revisit “Order Fulfillment Methods: Choosing the Right Approach”" in page
    assert "Try “Process Mapping”" in page
    assert "Go on to the next lesson" not in page


def test_anonymous_dashboard_invites_to_sign_up_instead_of_analytics(client):
    answer(client, "method-comparison", "wrong")
    page = client.get("/dashboard").text
    assert "Sign up for free" in page
    assert "Recommended for you" not in page and "Mastery of the learning objectives" not in page
    assert "0 of 7 sections read" in page


def test_learners_download_all_their_data_as_json(client):
    send(client, read("fulfillment-process"), position("fulfillment-methods", datetime.now(UTC)))
    answer(client, "delay-email", "right")
    response = client.get("/me/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = response.json
    assert (
        data["attempts"][0]["activity"] == "delay-email" and data["attempts"][0]["percent"] == 100
    )
    assert data["positions"][0]["section"] == "fulfillment-methods"
    assert {s["verb"]["display"]["en-US"] for s in data["statements"]} == {
        "experienced",
        "answered",
    }


def test_statements_are_shaped_like_xapi(client):
    answer(client, "delay-email", "right")
    (statement,) = client.get("/me/statements.json").json["statements"]
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert statement["actor"]["account"]["name"]
    assert statement["object"]["id"].endswith(f"/lessons/{SEED_LESSON}#delay-email")
    assert statement["result"]["success"] is True and statement["result"]["score"]["scaled"] == 1.0
    assert statement["timestamp"].endswith("+00:00")


def test_the_listening_position_is_saved_and_offered_back(client):
    send(client, position("fulfillment-methods", datetime.now(UTC), kind="listening", offset=42.5))
    page = client.get(URL).text
    match = __import__("re").search(r'data-listening="([^"]+)"', page)
    data = __import__("json").loads(__import__("html").unescape(match.group(1)))
    assert data["section"] == "fulfillment-methods" and data["time"] == 42.5 and data["savedAt"] > 0


def test_a_first_visit_hands_out_an_identity_but_stores_nothing(seeded, client):
    response = client.get(URL)
    assert (
        "learner=" in response.headers["Set-Cookie"]
        and "HttpOnly" in response.headers["Set-Cookie"]
    )
    assert rows(seeded, Learner) == []
    send(client, read("fulfillment-process"))
    send(client, read("fulfillment-methods"))
    (learner,) = rows(seeded, Learner)  # both saves, made after the first visit, share one learner
    assert len(rows(seeded, Statement, learner_id=learner.id)) == 2
