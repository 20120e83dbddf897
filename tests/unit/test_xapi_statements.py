"""Stored rows as xAPI 1.0.3 statements (app.core.rules.xapi), checked against the spec's rules
(tests/xapi_rules.py) and against Ralph's own statement model where Ralph is installed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.rules import xapi
from tests.xapi_rules import problems

BASE = "https://learn.example.org"
WHEN = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)


def shaped(verb=xapi.ANSWERED, object_type=xapi.ACTIVITY, object_id="quiz-1", **extra):
    values = {
        "statement_id": str(uuid.uuid4()),
        "actor_name": "0" * 32,
        "home_page": BASE,
        "verb": verb,
        "object_type": object_type,
        "object_id": object_id,
        "lesson": "a-lesson",
        "course": "a-course",
        "result": None,
        "timestamp": WHEN,
    } | extra
    return xapi.statement(**values)


CASES = {
    "answered": shaped(result={"score": 3, "max": 4, "success": False}),
    "answered, ungraded": shaped(result={"response": "saved"}),
    "experienced": shaped(xapi.EXPERIENCED, xapi.SECTION, "one"),
    "progressed": shaped(xapi.PROGRESSED, xapi.LESSON, "a-lesson", result={"seconds": 95}),
    "completed": shaped(xapi.COMPLETED, xapi.LESSON, "a-lesson", result={"completion": True}),
}


@pytest.mark.parametrize("name", CASES)
def test_every_kind_of_statement_keeps_the_spec_rules(name):
    assert problems(CASES[name]) == []


@pytest.mark.parametrize("name", CASES)
def test_ralph_accepts_every_kind_of_statement(name):
    statements = pytest.importorskip("ralph.models.xapi.base.statements")
    statements.BaseXapiStatement.model_validate(CASES[name])


def test_the_actor_is_an_account_on_the_site_never_an_email_address():
    actor = CASES["answered"]["actor"]
    assert actor == {"objectType": "Agent", "account": {"homePage": f"{BASE}/", "name": "0" * 32}}


def test_the_id_version_and_timestamp_are_the_stored_ones():
    statement = shaped(statement_id="8f1a3c2e-0000-4000-8000-000000000001")
    assert statement["id"] == "8f1a3c2e-0000-4000-8000-000000000001"
    assert statement["version"] == "1.0.3"
    assert statement["timestamp"] == "2026-12-05T22:00:00+00:00"
    assert "stored" not in statement  # the LRS sets it


@pytest.mark.parametrize(
    ("object_type", "object_id", "iri"),
    [
        (xapi.LESSON, "a-lesson", f"{BASE}/lessons/a-lesson"),
        (xapi.SECTION, "one", f"{BASE}/lessons/a-lesson/sections/one"),
        (xapi.ACTIVITY, "quiz-1", f"{BASE}/lessons/a-lesson/activities/quiz-1"),
        (xapi.ACTIVITY, "a b/é", f"{BASE}/lessons/a-lesson/activities/a%20b%2F%C3%A9"),
    ],
)
def test_activity_ids_are_iris_under_the_site(object_type, object_id, iri):
    assert shaped(object_type=object_type, object_id=object_id)["object"]["id"] == iri


def test_a_section_or_activity_sits_in_its_lesson_and_course():
    context = CASES["experienced"]["context"]["contextActivities"]
    assert [a["id"] for a in context["parent"]] == [f"{BASE}/lessons/a-lesson"]
    assert [a["id"] for a in context["grouping"]] == [f"{BASE}/courses/a-course"]


def test_a_lesson_sits_in_its_course():
    context = CASES["completed"]["context"]["contextActivities"]
    assert [a["id"] for a in context["parent"]] == [f"{BASE}/courses/a-course"]
    assert "grouping" not in context


def test_a_score_is_raw_min_max_and_scaled():
    assert CASES["answered"]["result"] == {
        "score": {"raw": 3, "min": 0, "max": 4, "scaled": 0.75},
        "success": False,
    }


def test_time_spent_is_an_iso_8601_duration():
    assert CASES["progressed"]["result"] == {"duration": "PT95S"}


def test_an_ungraded_answer_is_complete_and_its_words_stay_here():
    assert CASES["answered, ungraded"]["result"] == {"completion": True}


@given(
    raw=st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-1000, 1000),
    maximum=st.floats(0, 1e6, allow_nan=False) | st.integers(0, 1000),
    seconds=st.integers(0, 10**7) | st.floats(0, 1e7, allow_nan=False),
)
def test_any_score_or_time_gives_a_statement_that_keeps_the_rules(raw, maximum, seconds):
    statement = shaped(result={"score": raw, "max": maximum, "success": raw >= maximum})
    assert problems(statement) == []
    progressed = shaped(xapi.PROGRESSED, xapi.LESSON, "a-lesson", result={"seconds": seconds})
    assert problems(progressed) == []


def test_the_rules_checker_catches_broken_statements():
    broken = shaped(result={"score": 1, "max": 2})
    broken["result"]["score"]["scaled"] = 1.5
    broken["result"]["duration"] = "95 seconds"
    broken["object"]["id"] = "not an iri"
    broken["actor"]["mbox"] = "mailto:a@example.org"
    assert len(problems(broken)) == 4
