"""Instructor pages are refused to everyone but instructors and admins, on every route (and a
course's pages to instructors not on its staff: test_authorisation.py, test_course_staff.py)."""

from __future__ import annotations

import pytest

from app.learning.db import db
from app.learning.models.accounts import User
from tests.lessons import COURSE, SLUG, build_lesson
from tests.users import PASSWORD, signed_in_client, signed_in_staff


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def lesson(app, tmp_path):
    """A lesson whose title must be escaped on the instructor home."""
    return build_lesson(app, tmp_path / "content", title="Orders & Returns")


def user_client(app, role):
    if role == "anonymous":
        return app.test_client()
    return signed_in_client(app, f"{role}@example.org", role)


def instructor_routes(app):
    """Every instructor URL, with sample values for its arguments."""
    samples = {
        "slug": SLUG,
        "number": "1",
        "other": "1",
        "course": COURSE,
        "filename": "x.png",
        "table": "activities",
        "activity_id": "free-text-1",
        "attempt_id": "1",
        "name": "x.png",
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("instructor."):
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<{argument}>", samples.get(argument, "x"))
                for converter in ("int", "id", "path", "string"):
                    url = url.replace(f"<{converter}:{argument}>", samples.get(argument, "1"))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, url


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("learner", 403)])
def test_instructor_routes_are_refused_to_others(app, lesson, role, expected):
    client = user_client(app, role)
    routes = list(instructor_routes(app))
    assert routes, "no instructor routes found"
    for method, url in routes:
        response = client.open(url, method=method)
        assert response.status_code == expected, (method, url, response.status_code)
        if expected == 302:
            assert "/signin" in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "sees_the_course"),
    [("instructor", False), ("staff", True), ("admin", True)],
)
def test_instructors_and_admins_reach_the_instructor_home_listing_their_courses(
    app, lesson, role, sees_the_course
):
    """An instructor sees the courses they are on the staff of; admins see every course."""
    if role == "staff":
        client = signed_in_staff(app, "staff@example.org", "editor", COURSE)
    else:
        client = user_client(app, role)
    response = client.get("/instructor/")
    assert response.status_code == 200
    assert ("Orders &amp; Returns" in response.text) is sees_the_course


def test_users_create_makes_an_instructor(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--role", "instructor", "teach@example.org"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created instructor teach@example.org." in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="teach@example.org"))
        assert user.role == "instructor" and user.check_password(PASSWORD)


def test_users_create_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x@example.org"], input="short\nshort\n"
    )
    assert result.exit_code != 0 and "at least 10 characters" in result.output
