"""SCORM packages, hosted side: the export (manifest and files for SCORM 1.2 and 2004), the launch
a package's SCO opens, and the status the lesson page relays to it."""

from __future__ import annotations

import io
import json
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from app.learning.db import db
from app.learning.models.learners import Learner
from tests import activity_answers as answers
from tests.lessons import COURSE, SLUG, block, body_with, build_lesson
from tests.users import signed_in_client

CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADL12 = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
CP2004 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ADL2004 = "{http://www.adlnet.org/xsd/adlcp_v1p3}"
LMS = "http://lms.example.org"


@pytest.fixture
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", body_with(block("quiz", "quiz-1", parts=2)))


def export(runner, tmp_path, slug: str, version: str) -> zipfile.ZipFile:
    path = tmp_path / f"{slug}-{version}.zip"
    result = runner.invoke(
        args=["content", "export-scorm", slug, "--version", version, "-o", str(path),
              "--site", "https://learn.example.org"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(path)


def config_of(package: zipfile.ZipFile) -> dict:
    text = package.read("config.js").decode()
    return json.loads(re.fullmatch(r"window\.LEARNWELL_PACKAGE = (.*);\n", text, re.S)[1])


@pytest.mark.parametrize("kind", ["lesson", "course"])
def test_scorm_12_manifest_names_one_sco_with_every_file(runner, tmp_path, lesson, kind):
    package = export(runner, tmp_path, SLUG if kind == "lesson" else COURSE, "1.2")
    root = ET.fromstring(package.read("imsmanifest.xml"))
    assert root.tag == f"{CP12}manifest" and root.get("identifier") == f"learnwell-{kind}-" + (
        SLUG if kind == "lesson" else COURSE
    )
    assert root.findtext(f"{CP12}metadata/{CP12}schema") == "ADL SCORM"
    assert root.findtext(f"{CP12}metadata/{CP12}schemaversion") == "1.2"
    organizations = root.find(f"{CP12}organizations")
    organization = organizations.find(f"{CP12}organization")
    assert organizations.get("default") == organization.get("identifier")
    item = organization.find(f"{CP12}item")
    (resource,) = root.findall(f"{CP12}resources/{CP12}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{ADL12}scormtype") == "sco"
    assert resource.get("type") == "webcontent" and resource.get("href") == "index.html"
    files = {f.get("href") for f in resource.findall(f"{CP12}file")}
    assert files == set(package.namelist()) - {"imsmanifest.xml"}
    assert {"index.html", "sco.js", "config.js"} <= files


def test_scorm_2004_manifest_is_4th_edition(runner, tmp_path, lesson):
    package = export(runner, tmp_path, SLUG, "2004")
    root = ET.fromstring(package.read("imsmanifest.xml"))
    assert root.tag == f"{CP2004}manifest"
    assert root.findtext(f"{CP2004}metadata/{CP2004}schemaversion") == "2004 4th Edition"
    (resource,) = root.findall(f"{CP2004}resources/{CP2004}resource")
    assert resource.get(f"{ADL2004}scormType") == "sco"
    title = root.findtext(f"{CP2004}organizations/{CP2004}organization/{CP2004}title")
    assert title == lesson.content.title
    assert config_of(package)["version"] == "2004"


def test_package_holds_no_answer_key(runner, tmp_path, lesson):
    package = export(runner, tmp_path, SLUG, "1.2")
    text = b"".join(package.read(name) for name in package.namelist()).decode()
    secrets = [
        phrase
        for question in lesson.activity("quiz-1").spec.questions
        for phrase in (*question.accept, *(o.text for o in question.options))
    ]
    assert secrets
    assert not [phrase for phrase in secrets if phrase in text]
    assert config_of(package)["launch"] == "https://learn.example.org/scorm/launch"
    assert config_of(package)["site"] == "https://learn.example.org"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-thing", "--site", "https://a.example"], "no course or lesson"),
        ([SLUG], "--site"),
        ([SLUG, "--site", "learn.example.org"], "--site"),
        ([SLUG, "--version", "3"], "'3' is not one of"),
    ],
)
def test_export_refuses_with_a_message(runner, lesson, tmp_path, args, message):
    result = runner.invoke(args=["content", "export-scorm", *args, "-o", str(tmp_path / "x.zip")])
    assert result.exit_code != 0
    assert message in result.output


def launch_query(app, learner="lms-learner-1", origin=LMS, **extra) -> dict:
    with app.test_request_context("/"):
        from app.web.scorm.tokens import launch_token

        found = launch_token("lesson", SLUG)
    return {"token": found, "learner": learner, "origin": origin, **extra}


def test_launch_opens_the_lesson_framable_by_the_package_page(app, visitor, lesson):
    response = visitor.get("/scorm/launch", query_string=launch_query(app))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/lessons/{SLUG}"
    page = visitor.get(f"/lessons/{SLUG}")
    policy = page.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {LMS}" in policy
    assert "X-Frame-Options" not in page.headers
    assert 'data-package-status="/scorm/status"' in page.get_data(as_text=True)


def test_launch_resumes_at_the_position_the_lms_kept(app, visitor, lesson):
    query = launch_query(app, resume=f"{SLUG}#one")
    response = visitor.get("/scorm/launch", query_string=query)
    assert response.headers["Location"] == f"/lessons/{SLUG}#one"


def test_launch_ignores_a_position_outside_the_package(app, visitor, lesson):
    query = launch_query(app, resume="another-lesson#one")
    response = visitor.get("/scorm/launch", query_string=query)
    assert response.headers["Location"] == f"/lessons/{SLUG}"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"token": "forged.token"}, "not signed by this site"),
        ({"token": ""}, "token is missing"),
        ({"learner": ""}, "no learner id"),
        ({"learner": "x" * 256}, "no learner id"),
        ({"origin": "javascript:alert(1)"}, "origin"),
        ({"origin": "https://user@lms.example.org"}, "origin"),
        ({"origin": "https://lms.example.org; script-src *"}, "origin"),
    ],
)
def test_a_bad_launch_is_refused_with_a_message(app, visitor, lesson, change, message):
    response = visitor.get("/scorm/launch", query_string=launch_query(app) | change)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert visitor.get("/scorm/status").status_code == 404


def test_status_without_a_package_launch_is_not_found(visitor, lesson):
    assert visitor.get("/scorm/status").status_code == 404


@pytest.fixture(autouse=True)
def without_csrf(app):
    """Answers are posted without the form's token here; the launch and status are GETs."""
    app.config["WTF_CSRF_ENABLED"] = False


def status(client) -> dict:
    response = client.get("/scorm/status", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def test_status_reports_completion_score_and_position(app, visitor, lesson):
    visitor.get("/scorm/launch", query_string=launch_query(app))
    assert status(visitor) == {
        "type": "learnwell:progress",
        "complete": False,
        "percent": 0,
        "score": {"raw": 0, "min": 0, "max": 100, "scaled": 0},
        "success": "unknown",
        "location": None,
        "origin": LMS,
    }
    fields = answers.right(lesson.activity("quiz-1")) | {"revision": ["1"]}
    assert visitor.post(f"/lessons/{SLUG}/activities/quiz-1", data=fields).status_code == 302
    visitor.post(f"/lessons/{SLUG}/sections/one/read")
    found = status(visitor)
    assert found["complete"] is True and found["success"] == "passed"
    assert found["score"] == {"raw": 100, "min": 0, "max": 100, "scaled": 1}


def test_one_lms_learner_is_one_package_learner_and_no_one_else(app, lesson):
    first, again, other = app.test_client(), app.test_client(), app.test_client()
    first.get("/scorm/launch", query_string=launch_query(app))
    fields = answers.right(lesson.activity("quiz-1")) | {"revision": ["1"]}
    first.post(f"/lessons/{SLUG}/activities/quiz-1", data=fields)
    again.get("/scorm/launch", query_string=launch_query(app))
    other.get("/scorm/launch", query_string=launch_query(app, learner="lms-learner-2"))
    assert status(again)["score"]["raw"] == 100
    assert status(other)["score"]["raw"] == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Learner.id))) == 1
        assert db.session.scalar(db.select(Learner.user_id)) is None


def test_launch_signs_out_an_account_of_this_site(app, lesson):
    client = signed_in_client(app)
    client.get("/scorm/launch", query_string=launch_query(app))
    assert client.get("/instructor/").status_code in (302, 401, 403)


def test_staff_download_a_course_package(app, instructor):
    response = instructor.get(f"/instructor/courses/{COURSE}/scorm-2004.zip")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.data))
    assert config_of(package)["launch"] == "http://localhost/scorm/launch"
    home = instructor.get("/instructor/").get_data(as_text=True)
    assert f"/instructor/courses/{COURSE}/scorm-1.2.zip" in home


def test_download_of_an_unknown_version_is_not_found(app, instructor):
    assert instructor.get(f"/instructor/courses/{COURSE}/scorm-3.zip").status_code == 404
