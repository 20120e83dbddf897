"""Progress saved as it happens, kept through sign-up and sign-in, shown back to the learner.

Every test works on the lesson below, built for the test: three core sections, a deep dive with a
bonus activity, objective "first" taught in section "one", and a planned lesson next.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.core.content import parse_lesson
from app.core.rules import xapi
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, Position, Statement
from tests import activity_answers as answers
from tests.activity_blocks import block
from tests.content_helpers import lesson_text
from tests.lessons import COURSE, SLUG, build_lesson

TITLE = "Orders & Returns"
NEXT = "next: later\n"  # the course's planned lesson, titled "Later"
BODY = (
    "An introduction.\n\n"
    "## Picking and packing {#one}\n\nHow orders are picked and packed.\n\n"
    + block(
        "process-map", "process-map-1", "title: Process Mapping\nobjectives: [first]\n", parts=2
    )
    + "\n"
    + block("comparison-table", "comparison-table-1", "objectives: [first]\n", parts=2)
    + "\n## Writing to customers {#two}\n\nHow to tell a customer about a delay.\n\n"
    + block("free-text", "free-text-1", "title: Customer Email\n", parts=2)
    + "\n"
    + block("quiz", "quiz-1", "objectives: [first]\n", parts=2)
    + "\n## Wrap-up {#three}\n\nWhat to remember.\n"
    + "\n## Going further {#further .deep-dive}\n\nMore to read.\n\n"
    + block("checklist", "checklist-1", parts=2)
    + "\n"
    + block("reflection", "reflection-1")
)
LESSON = parse_lesson(lesson_text(BODY, title=TITLE, extra=NEXT))
URL = f"/lessons/{SLUG}"
PASSWORD = "correct horse battery"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture(autouse=True)
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", BODY, title=TITLE, extra=NEXT)


def send(visitor, *events, **payload):
    return visitor.post("/progress/events", json={"events": list(events), **payload})


def read(section, **extra):
    return {
        "id": str(uuid.uuid4()),
        "type": "section-read",
        "lesson": SLUG,
        "section": section,
        **extra,
    }


def position(section, at, kind="reading", offset=0):
    return {
        "id": str(uuid.uuid4()),
        "type": "position",
        "lesson": SLUG,
        "section": section,
        "kind": kind,
        "offset": offset,
        "at": at.isoformat(),
    }


def answer(visitor, activity_id, how="right"):
    fields = getattr(answers, how)(LESSON.activities[activity_id])
    return visitor.post(
        f"{URL}/activities/{activity_id}",
        data={"revision": "1", **fields},
        headers={"Accept": "application/json"},
    )


def rows(app, model, **filters):
    with app.app_context():
        return list(db.session.scalars(db.select(model).filter_by(**filters)))


def test_reading_a_section_is_saved_for_a_new_anonymous_learner(app, visitor):
    response = send(visitor, read("one"))
    assert response.status_code == 200 and response.json == {"saved": 1, "received": 1}
    assert "learner=" in response.headers["Set-Cookie"]
    page = visitor.get(URL).text
    assert "You have read this section." in page
    assert "1 of 3 sections read" in page


def test_the_same_event_sent_twice_is_stored_once(app, visitor):
    event = read("one")
    send(visitor, event)
    assert send(visitor, event).json == {"saved": 0, "received": 1}
    assert len(rows(app, Statement, verb="experienced")) == 1


def test_an_older_position_arriving_late_does_not_win(app, visitor):
    now = datetime.now(UTC)
    send(visitor, position("three", now))
    send(visitor, position("one", now - timedelta(minutes=5)))
    (saved,) = rows(app, Position)
    assert saved.section_id == "three"


def test_returning_learners_can_continue_where_they_left_off(visitor):
    send(visitor, position("two", datetime.now(UTC)))
    page = visitor.get(URL).text
    assert 'href="#two" data-continue>Continue where you left off: Writing to customers' in page


def test_bad_event_batches_get_a_400_and_save_nothing(app, visitor):
    response = send(visitor, read("one"), read("nowhere"))
    assert response.status_code == 400
    assert "event 2: unknown section" in response.json["message"]
    assert rows(app, Statement) == [] and rows(app, Learner) == []


def test_an_event_id_with_a_trailing_newline_is_refused_so_an_event_is_stored_once(app, visitor):
    event = read("one")
    assert send(visitor, event).json == {"saved": 1, "received": 1}
    response = send(visitor, {**event, "id": event["id"] + "\n"})  # 37 characters
    assert response.status_code == 400
    assert "event 1: 'id' must be a UUID" in response.json["message"]
    assert len(rows(app, Statement, verb="experienced")) == 1


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def test_events_from_a_clock_ten_minutes_fast_are_stored_at_the_server_time(app, visitor):
    before = datetime.now(UTC)
    ahead = before + timedelta(minutes=10)
    response = send(
        visitor,
        read("one", at=ahead.isoformat()),
        position("two", ahead),
        {**read("one"), "type": "time", "seconds": 30, "at": ahead.isoformat()},
    )
    assert response.status_code == 200 and response.json == {"saved": 3, "received": 3}
    after = datetime.now(UTC)
    stored = [as_utc(s.timestamp) for s in rows(app, Statement) if s.verb != xapi.COMPLETED]
    (saved_position,) = rows(app, Position)
    assert len(stored) == 2
    assert all(before <= moment <= after for moment in [*stored, as_utc(saved_position.updated_at)])


def test_a_time_that_is_not_a_time_still_refuses_the_batch(app, visitor):
    response = send(visitor, read("one", at="tomorrow at noon"))
    assert (
        response.status_code == 400 and "'at' must be an ISO 8601 time" in response.json["message"]
    )
    assert rows(app, Statement) == []


def test_events_cannot_name_another_learner(app, visitor):
    response = send(visitor, read("one"), learner="someone-else")
    assert response.status_code == 400
    assert rows(app, Statement) == []


def test_mark_as_read_works_without_scripts(app, visitor):
    response = visitor.post(f"{URL}/sections/two/read")
    assert response.status_code == 302 and response.headers["Location"].endswith("#two")
    assert [s.object_id for s in rows(app, Statement, verb="experienced")] == ["two"]


def test_completing_the_lesson_by_its_rules(app, visitor):
    for section in LESSON.required_sections:
        send(visitor, read(section))
    for activity in LESSON.required_activities:
        assert answer(visitor, activity).json["passed"]
    page = visitor.get(URL).text
    assert "Lesson complete" in page
    assert "<strong>Next: Later</strong> · coming soon." in page
    assert len(rows(app, Statement, verb="completed")) == 1
    answer(visitor, LESSON.required_activities[0])  # doing more never completes it twice
    assert len(rows(app, Statement, verb="completed")) == 1


def test_the_progress_summary_follows_what_the_learner_does(visitor):
    activities = len(LESSON.required_activities)
    before = visitor.get(f"{URL}/progress")
    assert (before.json["percent"], before.json["complete"]) == (0, False)
    assert f"0 of {activities} activities passed" in before.json["summary"]
    assert before.json["completion"].strip() == ""
    assert before.headers["Cache-Control"] == "no-store"
    answer(visitor, "process-map-1")
    send(visitor, read("one"))
    after = visitor.get(f"{URL}/progress").json
    assert f"1 of {activities} activities passed" in after["summary"]
    assert f"1 of {len(LESSON.required_sections)} sections read" in after["summary"]


def test_the_progress_summary_shows_completion_with_the_next_lesson(visitor):
    for section in LESSON.required_sections:
        send(visitor, read(section))
    for activity in LESSON.required_activities:
        answer(visitor, activity)
    data = visitor.get(f"{URL}/progress").json
    assert (data["percent"], data["complete"]) == (100, True)
    assert "<strong>Lesson complete</strong>" in data["summary"]
    assert "<strong>Next: Later</strong> · coming soon." in data["completion"]


def test_the_progress_summary_of_an_unknown_lesson_is_not_found(visitor):
    assert visitor.get("/lessons/nope/progress").status_code == 404


def test_bonus_work_alone_never_completes_the_lesson(visitor):
    bonus = [a.id for a in LESSON.activities.values() if a.bonus and a.graded]
    assert bonus
    for activity_id in bonus:
        assert answer(visitor, activity_id).json["passed"]
    assert "Lesson complete" not in visitor.get(URL).text


def test_progress_is_shown_on_the_course_page(visitor):
    send(visitor, read("one"))
    page = visitor.get(f"/courses/{COURSE}").text
    assert "In progress" in page and 'aria-label="Progress in Orders &amp; Returns"' in page


def test_signing_up_keeps_everything_done_anonymously(app, visitor):
    send(visitor, read("one"), position("two", datetime.now(UTC)))
    answer(visitor, "process-map-1", "wrong")
    answer(visitor, "process-map-1", "right")
    answer(visitor, "reflection-1")
    response = visitor.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert "learner=; Expires=Thu, 01 Jan 1970" in response.headers.get("Set-Cookie", "")
    (learner,) = rows(app, Learner)
    assert learner.user_id is not None
    assert len(rows(app, Attempt, learner_id=learner.id)) == 3
    page = visitor.get(URL).text
    assert "You have read this section." in page and "Continue where you left off" in page
    assert "Attempts: 2 · best 100%" in page


def test_signing_in_from_a_second_browser_merges_its_progress(app):
    home, cafe = app.test_client(), app.test_client()
    home.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(home, "free-text-1", "partly")
    send(home, position("one", datetime.now(UTC) - timedelta(hours=1)))
    answer(cafe, "free-text-1", "right")
    send(cafe, read("three"), position("three", datetime.now(UTC)))
    cafe.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    (learner,) = rows(app, Learner)  # the café's anonymous learner is merged and gone
    assert len(rows(app, Attempt, learner_id=learner.id)) == 2
    (reading,) = rows(app, Position, learner_id=learner.id)
    assert reading.section_id == "three"  # the latest position wins
    for client in (home, cafe):
        page = client.get(URL).text
        assert "best 100%" in page and "You have read this section." in page


def test_attempts_brought_into_an_account_are_numbered_after_its_own(app):
    home, cafe = app.test_client(), app.test_client()
    home.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(home, "free-text-1", "wrong")
    answer(home, "free-text-1", "partly")
    answer(cafe, "free-text-1", "right")  # the café's own attempts 1 and 2 …
    answer(cafe, "free-text-1", "right")
    answer(cafe, "process-map-1")
    cafe.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    assert answer(cafe, "free-text-1").status_code == 200
    (learner,) = rows(app, Learner)

    def numbers(activity_id):
        found = rows(app, Attempt, learner_id=learner.id, activity_id=activity_id)
        return [(a.attempt_number, a.percent) for a in sorted(found, key=lambda a: a.id)]

    assert [n for n, _ in numbers("free-text-1")] == [1, 2, 3, 4, 5]  # … are now 3 and 4
    assert numbers("free-text-1")[2][1] == numbers("free-text-1")[3][1] == 100
    assert numbers("process-map-1") == [(1, 100)]


def test_signing_in_twice_changes_nothing(app, visitor):
    visitor.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(visitor, "free-text-1")
    before = (len(rows(app, Attempt)), len(rows(app, Statement)), len(rows(app, Learner)))
    visitor.post("/signout")
    visitor.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    visitor.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    assert (
        len(rows(app, Attempt)),
        len(rows(app, Statement)),
        len(rows(app, Learner)),
    ) == before


def test_signing_out_leaves_the_next_visitor_with_nothing(visitor):
    visitor.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    send(visitor, read("one"))
    visitor.post("/signout")
    assert "You have read this section." not in visitor.get(URL).text


def test_learners_never_see_each_others_progress(app):
    ada, bob = app.test_client(), app.test_client()
    answer(ada, "free-text-1", "right")
    send(ada, read("one"))
    bob_page = bob.get(URL).text
    assert "You have read this section." not in bob_page and "best 100%" not in bob_page
    assert bob.get("/me/export.json").json["attempts"] == []
    assert bob.get("/me/statements.json").json["statements"] == []


def test_dashboard_figures_from_a_known_history(visitor):
    visitor.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    send(
        visitor,
        read("one"),
        read("two"),
        {"id": str(uuid.uuid4()), "type": "time", "lesson": SLUG, "seconds": 90},
        {"id": str(uuid.uuid4()), "type": "time", "lesson": SLUG, "seconds": 60},
    )
    answer(visitor, "process-map-1", "wrong")
    answer(visitor, "process-map-1", "right")
    answer(visitor, "quiz-1", "right")
    page = " ".join(visitor.get("/dashboard").text.split())
    assert "2 of 3 sections read · 2 of 4 activities passed" in page
    assert "<td>100%</td>" in page  # the average of the best scores, 100% and 100%
    assert f'<a href="/dashboard/lessons/{SLUG}">3<span class="visually-hidden">' in page
    assert "<td>2 min</td>" in page
    history = " ".join(visitor.get(f"/dashboard/lessons/{SLUG}").text.split())
    assert "2 min spent" in history
    assert history.count("<td>Process Mapping</td>") == 2
    assert "Attempts 1–3 of 3, newest first" in history
    assert "100% · passed" in history
    # the quiz and the process map both assess 'first', both are at 100%
    assert "Do the first thing.</th> <td>100% · mastered" in history


def test_dashboard_recommends_what_to_revisit_and_try(visitor):
    visitor.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    answer(visitor, "comparison-table-1", "wrong")
    page = visitor.get("/dashboard").text
    assert "Revisit “Picking and packing”" in page
    assert "Try “Process Mapping”" in page
    assert "Go on to the next lesson" not in page
    history = visitor.get(f"/dashboard/lessons/{SLUG}").text
    assert "Revisit “Picking and packing”" in history and "Try “Customer Email”" in history


def test_anonymous_dashboard_invites_to_sign_up_instead_of_analytics(visitor):
    answer(visitor, "comparison-table-1", "wrong")
    for path in ("/dashboard", f"/dashboard/lessons/{SLUG}"):
        page = visitor.get(path).text
        assert "Recommended for you" not in page
        assert "Mastery of the learning objectives" not in page
        assert "0 of 3 sections read" in page
    assert "Sign up for free" in visitor.get("/dashboard").text


def test_learners_download_all_their_data_as_json(visitor):
    send(visitor, read("one"), position("two", datetime.now(UTC)))
    answer(visitor, "free-text-1", "right")
    response = visitor.get("/me/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = response.json
    assert (
        data["attempts"][0]["activity"] == "free-text-1" and data["attempts"][0]["percent"] == 100
    )
    assert data["attempts"][0]["number"] == 1
    assert data["positions"][0]["section"] == "two"
    assert {s["verb"]["display"]["en-US"] for s in data["statements"]} == {
        "experienced",
        "answered",
    }


def test_statements_are_shaped_like_xapi(visitor):
    answer(visitor, "free-text-1", "right")
    (statement,) = visitor.get("/me/statements.json").json["statements"]
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert statement["actor"]["account"]["name"]
    assert statement["object"]["id"].endswith(f"/lessons/{SLUG}/activities/free-text-1")
    assert statement["result"]["success"] is True and statement["result"]["score"]["scaled"] == 1.0
    assert statement["timestamp"].endswith("+00:00")


def test_statement_ids_are_under_the_public_url_when_set(app, visitor):
    app.config["PUBLIC_URL"] = "https://learn.example.org"
    answer(visitor, "free-text-1", "right")
    (statement,) = visitor.get("/me/statements.json").json["statements"]
    assert statement["object"]["id"] == (
        f"https://learn.example.org/lessons/{SLUG}/activities/free-text-1"
    )
    assert statement["actor"]["account"]["homePage"] == "https://learn.example.org/"


def test_the_listening_position_is_saved_and_offered_back(visitor):
    send(visitor, position("two", datetime.now(UTC), kind="listening", offset=42.5))
    page = visitor.get(URL).text
    match = __import__("re").search(r'data-listening="([^"]+)"', page)
    data = __import__("json").loads(__import__("html").unescape(match.group(1)))
    assert data["section"] == "two" and data["time"] == 42.5 and data["savedAt"] > 0


def test_a_first_visit_hands_out_an_identity_but_stores_nothing(app, visitor):
    response = visitor.get(URL)
    assert (
        "learner=" in response.headers["Set-Cookie"]
        and "HttpOnly" in response.headers["Set-Cookie"]
    )
    assert rows(app, Learner) == []
    send(visitor, read("one"))
    send(visitor, read("two"))
    (learner,) = rows(app, Learner)  # both saves, made after the first visit, share one learner
    assert len(rows(app, Statement, learner_id=learner.id)) == 2
