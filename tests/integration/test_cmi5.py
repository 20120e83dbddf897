"""cmi5: the course structure export, and a lesson launched as an AU by a test LMS over real
HTTP (tests/cmi5_lms.py) that records the statements, their order and their properties."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest

from app.core.cmi5.statements import CMI5_CATEGORY, MOVE_ON_CATEGORY
from tests import activity_answers as answers
from tests.cmi5_lms import ACTOR, SESSION, ServedCmi5Lms
from tests.lessons import COURSE, SLUG, block, body_with, build_lesson

NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"


@pytest.fixture
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", body_with(block("quiz", "quiz-1", parts=2)))


@pytest.fixture
def lms(app):
    served = ServedCmi5Lms()
    app.config["CMI5_LMS_ORIGINS"] = [served.lms.base]
    app.config["WTF_CSRF_ENABLED"] = False  # the answers' forms; sync and terminate are JSON
    yield served.lms
    served.close()


def test_export_writes_a_course_structure_with_an_au_per_lesson(runner, lesson, tmp_path):
    path = tmp_path / "course.zip"
    result = runner.invoke(
        args=["content", "export-cmi5", COURSE, "-o", str(path), "--site", "https://learn.example"]
    )
    assert result.exit_code == 0, result.output
    root = ET.fromstring(zipfile.ZipFile(path).read("cmi5.xml"))
    assert root.tag == f"{NS}courseStructure"
    course = root.find(f"{NS}course")
    assert course.get("id") == f"https://learn.example/courses/{COURSE}"
    assert course.find(f"{NS}title/{NS}langstring").text
    assert course.find(f"{NS}description/{NS}langstring") is not None
    (au,) = root.findall(f"{NS}au")
    assert au.get("id") == f"https://learn.example/lessons/{SLUG}"
    assert au.get("moveOn") == "CompletedOrPassed" and au.get("launchMethod") == "AnyWindow"
    assert au.findtext(f"{NS}title/{NS}langstring") == lesson.content.title
    assert au.find(f"{NS}description/{NS}langstring") is not None
    assert au.findtext(f"{NS}url") == f"https://learn.example/cmi5/launch/{SLUG}"
    assert [child.tag for child in au] == [f"{NS}title", f"{NS}description", f"{NS}url"]


def test_export_without_a_site_or_course_says_why(runner, lesson):
    result = runner.invoke(args=["content", "export-cmi5", COURSE])
    assert result.exit_code != 0 and "--site" in result.output
    result = runner.invoke(args=["content", "export-cmi5", "nope", "--site", "https://a.example"])
    assert result.exit_code != 0 and "nope" in result.output


def launch(visitor, lms, **change):
    return visitor.get(f"/cmi5/launch/{SLUG}?{lms.launch_query(**change)}")


def finish_lesson(visitor, lesson):
    fields = answers.right(lesson.activity("quiz-1")) | {"revision": ["1"]}
    assert visitor.post(f"/lessons/{SLUG}/activities/quiz-1", data=fields).status_code == 302
    visitor.post(f"/lessons/{SLUG}/sections/one/read")


def test_a_launch_fetches_the_token_reads_launch_data_and_sends_initialized(visitor, lesson, lms):
    response = launch(visitor, lms)
    assert response.status_code == 303 and response.headers["Location"] == f"/lessons/{SLUG}"
    assert lms.fetched == 1
    (state,) = lms.state_requests
    assert state["stateId"] == ["LMS.LaunchData"] and state["registration"] == [lms.registration]
    assert lms.verbs() == ["initialized"]
    (statement,) = lms.statements
    assert statement["actor"] == ACTOR
    assert statement["object"]["id"] == lms.activity_id
    context = statement["context"]
    assert context["registration"] == lms.registration
    assert context["extensions"][SESSION] == "lms-session-1"  # the template's, kept
    assert context["contextActivities"]["grouping"] == [{"id": "https://lms.example.org/course/1"}]
    assert {"id": CMI5_CATEGORY, "objectType": "Activity"} in context["contextActivities"][
        "category"
    ]
    assert "result" not in statement


def test_statements_follow_move_on_in_order(visitor, lesson, lms):
    launch(visitor, lms)
    assert visitor.post("/cmi5/sync").get_json() == {"sent": []}
    finish_lesson(visitor, lesson)
    assert visitor.post("/cmi5/sync").get_json() == {"sent": ["completed", "passed"]}
    assert visitor.post("/cmi5/sync").get_json() == {"sent": []}  # each once
    answer = visitor.post("/cmi5/terminate").get_json()
    assert answer == {"returnURL": "https://lms.example.org/return"}
    assert lms.verbs() == ["initialized", "completed", "passed", "terminated"]
    defined = [s for s in lms.statements if s not in lms.allowed()]
    completed, passed, terminated = defined[1:]
    assert completed["result"]["completion"] is True
    assert passed["result"]["success"] is True and passed["result"]["score"] == {"scaled": 1.0}
    for statement in (completed, passed):
        categories = statement["context"]["contextActivities"]["category"]
        assert {c["id"] for c in categories} == {CMI5_CATEGORY, MOVE_ON_CATEGORY}
    assert terminated["result"]["duration"].startswith("PT")
    assert len({s["id"] for s in defined}) == 4
    assert visitor.post("/cmi5/sync").status_code == 404  # the launch is over


def test_a_sync_answered_with_an_older_session_cookie_sends_nothing_again(visitor, lesson, lms):
    """Another request of the page (a progress event) may answer with the cookie as it was
    before a sync: what was sent is kept on the server, not in that cookie."""
    launch(visitor, lms)
    finish_lesson(visitor, lesson)
    before_sync = visitor.get_cookie("session").value
    assert visitor.post("/cmi5/sync").get_json() == {"sent": ["completed", "passed"]}
    visitor.set_cookie("session", before_sync)
    assert visitor.post("/cmi5/sync").get_json() == {"sent": []}
    assert lms.verbs() == ["initialized", "completed", "passed"]


def test_a_second_launch_of_the_registration_does_not_complete_it_again(app, lesson, lms):
    first = app.test_client()
    launch(first, lms)
    finish_lesson(first, lesson)
    assert first.post("/cmi5/sync").get_json() == {"sent": ["completed", "passed"]}
    first.post("/cmi5/terminate")
    lms.fetched = 0  # the LMS hands out a fetch URL for the new session
    again = app.test_client()
    assert launch(again, lms).status_code == 303
    finish_lesson(again, lesson)
    assert again.post("/cmi5/sync").get_json() == {"sent": []}
    assert lms.verbs() == ["initialized", "completed", "passed", "terminated", "initialized"]


def test_passed_names_the_lms_mastery_score(visitor, lesson, lms):
    lms.mastery_score = 0.9
    launch(visitor, lms)
    finish_lesson(visitor, lesson)
    assert visitor.post("/cmi5/sync").get_json() == {"sent": ["completed", "passed"]}
    defined = [s for s in lms.statements if s not in lms.allowed()]
    extensions = defined[-1]["context"]["extensions"]
    assert extensions["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.9
    assert (
        "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
        not in (defined[-2]["context"]["extensions"])
    )


def test_browse_mode_sends_no_move_on_statements(visitor, lesson, lms):
    lms.launch_mode = "Browse"
    launch(visitor, lms)
    finish_lesson(visitor, lesson)
    assert visitor.post("/cmi5/sync").get_json() == {"sent": []}
    assert lms.verbs() == ["initialized"]


def test_a_second_launch_with_a_spent_fetch_url_is_refused(app, lesson, lms):
    assert launch(app.test_client(), lms).status_code == 303
    response = launch(app.test_client(), lms)
    assert response.status_code == 400
    assert "refused to give an auth token" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration": "not-a-uuid"}, "not a UUID"),
        ({"actor": "{"}, "not JSON"),
        ({"actor": '{"mbox": "mailto:a@b.c"}'}, "account"),
        ({"endpoint": ""}, "no endpoint"),
        ({"fetch": "https://elsewhere.example/fetch"}, "CMI5_LMS_ORIGINS"),
    ],
)
def test_a_bad_launch_is_refused_with_a_message(visitor, lesson, lms, change, message):
    response = launch(visitor, lms, **change)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert lms.statements == []


def test_an_lrs_that_refuses_statements_gets_a_clear_answer(visitor, lesson, lms):
    launch(visitor, lms)
    finish_lesson(visitor, lesson)
    lms.refuse_statements = True
    response = visitor.post("/cmi5/sync")
    assert response.status_code == 502
    assert "did not take completed" in response.get_json()["message"]
    lms.refuse_statements = False
    assert visitor.post("/cmi5/sync").get_json() == {"sent": ["completed", "passed"]}


def test_sync_and_terminate_without_a_launch_are_not_found(app, visitor, lesson):
    app.config["WTF_CSRF_ENABLED"] = False
    assert visitor.post("/cmi5/sync").status_code == 404
    assert visitor.post("/cmi5/terminate").status_code == 404


def test_staff_download_the_course_structure(app, instructor):
    response = instructor.get(f"/instructor/courses/{COURSE}/cmi5.zip")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(response.data)).read("cmi5.xml"))
    assert root.find(f"{NS}au/{NS}url").text == f"http://localhost/cmi5/launch/{SLUG}"
    assert f"/instructor/courses/{COURSE}/cmi5.zip" in instructor.get("/instructor/").text


def test_the_lessons_own_statements_go_to_the_lms_lrs_as_allowed_statements(visitor, lesson, lms):
    launch(visitor, lms)
    finish_lesson(visitor, lesson)
    visitor.post("/cmi5/sync")
    allowed = lms.allowed()
    verbs = [s["verb"]["id"] for s in allowed]
    assert "http://adlnet.gov/expapi/verbs/answered" in verbs
    assert "http://adlnet.gov/expapi/verbs/experienced" in verbs
    for statement in allowed:
        assert statement["actor"] == ACTOR  # the LMS's learner, not this site's
        context = statement["context"]
        assert context["registration"] == lms.registration
        assert context["extensions"][SESSION] == "lms-session-1"
        categories = context["contextActivities"].get("category", [])
        assert all(c["id"] not in (CMI5_CATEGORY, MOVE_ON_CATEGORY) for c in categories)
        assert "stored" not in statement and "authority" not in statement
    # Each once: a later sync sends only what happened since.
    before = len(lms.statements)
    visitor.post("/cmi5/sync")
    assert len(lms.statements) == before
    visitor.post(f"/lessons/{SLUG}/sections/two/read")
    visitor.post("/cmi5/terminate")
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in lms.statements[before:]] == [
        "experienced",
        "terminated",
    ]
