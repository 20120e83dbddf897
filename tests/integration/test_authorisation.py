"""Who reaches what: every route × every role, generated from ``app.url_map``.

Each endpoint is in exactly one access class below; a new endpoint fails
``test_every_endpoint_has_an_access_class`` until someone decides who may use it.

The routes' sample arguments name the ``lesson`` fixture's lesson, activity and section; its
course has an owner and an editor, and "other instructor" is an instructor not on its staff.
"""

from __future__ import annotations

import re

import pytest

from tests.activity_answers import right
from tests.lessons import COURSE, SLUG
from tests.routes import routes
from tests.users import add_to_staff, add_user, signed_in_client

ROLES = [
    "anonymous",
    "learner",
    "other learner",
    "owner",
    "editor",
    "other instructor",
    "admin",
]
# Any instructor or admin: their own home, a new course (which they will own), image uploads
# (content-addressed files, not part of a course until a lesson links them).
INSTRUCTOR = {
    "instructor.lms",
    "instructor.lms_course",
    "instructor.retry_grades",
    "instructor.home",
    "instructor.new_course",
    "instructor.upload",
    "instructor.invite",  # inviting another instructor
}
# A course's staff (owners and editors) and admins: everything about the course and its lessons.
COURSE_STAFF = {
    "instructor.new_lesson",
    "instructor.reorder",
    "instructor.edit",
    "instructor.preview",
    "instructor.import_questions_file",
    "instructor.export_gift",  # answer keys: the course's staff only
    "instructor.revisions",
    "instructor.revision",
    "instructor.diff",
    "instructor.restore",
    "instructor.publish",
    "instructor.unpublish",
    "instructor.analytics",
    "instructor.analytics_csv",
    "instructor.refresh_analytics",
    "instructor.review",
    "instructor.scorm_download",
    "instructor.cmi5_download",
}
# A course's owners and admins: choosing its staff.
COURSE_OWNERS = {
    "instructor.course_staff",
    "instructor.add_staff",
    "instructor.remove_staff",
}
# Administrators only: which LMS platforms this site trusts, and site-wide records across every
# course (the LRS backlog).
ADMINS = {"instructor.register_lms", "instructor.lrs_backlog"}
SIGNED_IN = {"auth.account", "auth.signout_everywhere", "lti.link"}
PUBLIC = {
    "static",
    "lessons.home",
    "lessons.course",
    "lessons.lesson",
    "lessons.progress_summary",  # the caller's own learner only, like the dashboard
    "activities.submit",
    "activities.self_assess",
    "auth.signup",
    "auth.signin",
    "auth.signout",
    "auth.accept_invitation",  # the link's secret is the permission (an unknown one is a 404)
    "auth.forgot_password",  # the same answer for every address
    "auth.reset_password",  # the signed link is the permission (a forged one is refused)
    "progress.events",
    "progress.mark_read",
    "progress.dashboard",  # each caller sees only their own learner (tested below)
    "progress.lesson_history",  # the same: the caller's own attempts in the lesson
    "progress.export",
    "progress.statements",
    "media.image",
    "media.named_image",  # a lesson's own images, public like the lesson
    "audio.manifest",
    "audio.playlist",
    "audio.section_file",
    # LTI: an LMS's login and launch are checked by its signature, state and nonce; the
    # deep-linking answer by its launch's state; keys and configuration are public by design.
    "lti.login",
    "lti.launch",
    "lti.answer",
    "lti.jwks",
    "lti.configuration",
    "lti.register",  # the signed link is the permission (a forged one is a 404)
    "lti.session_check",  # says only whether the caller is signed in
    "lti.continue_in_window",  # the signed, single-use link is the permission
    # SCORM: the package's signed token is the permission (a forged one is a 400); the status is
    # the session's own package learner's (none: a 404).
    "scorm.launch",
    "scorm.status",
    # cmi5: the launch is checked with the LMS (its fetch URL, on an origin in CMI5_LMS_ORIGINS);
    # sync and terminate act for the session's own launch only (none: a 404).
    "cmi5.launch",
    "cmi5.sync",
    "cmi5.terminate",
}
CLASSES = [INSTRUCTOR, COURSE_STAFF, COURSE_OWNERS, ADMINS, SIGNED_IN, PUBLIC]
# Who gets through each class of instructor route; every other signed-in role gets a 403.
ALLOWED = [
    (INSTRUCTOR, {"owner", "editor", "other instructor", "admin"}),
    (COURSE_STAFF, {"owner", "editor", "admin"}),
    (COURSE_OWNERS, {"owner", "admin"}),
    (ADMINS, {"admin"}),
]
# Routes whose effect would change what later requests in the walk see; they go last.
LAST = [
    "instructor.remove_staff",
    "instructor.unpublish",
    "auth.signout_everywhere",
    "auth.signout",
]


def expected(endpoint: str, role: str) -> str:
    for endpoints, allowed in ALLOWED:
        if endpoint in endpoints:
            if role == "anonymous":
                return "sign in"
            return "allowed" if role in allowed else "forbidden"
    if endpoint in SIGNED_IN:
        return "sign in" if role == "anonymous" else "allowed"
    return "allowed"


def outcome(response) -> str:
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 401:
        return "401 (refusals are 403 pages)"
    if response.status_code == 302 and "/signin" in response.headers["Location"]:
        return "sign in"
    return "allowed"


def email_of(role: str) -> str:
    return role.replace(" ", "-") + "@example.org"


def client_for(app, role):
    if role == "anonymous":
        return app.test_client()
    account = "learner" if "learner" in role else "admin" if role == "admin" else "instructor"
    return signed_in_client(app, email_of(role), account)


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False  # so requests reach the role checks (CSRF: own test)
    return app


@pytest.fixture
def staffed(app, lesson):
    """The ``lesson`` fixture's course with an owner and an editor."""
    for role in ("owner", "editor"):
        add_user(app, email_of(role), "instructor")
        add_to_staff(app, email_of(role), role, COURSE)
    return app


def test_every_endpoint_has_an_access_class(app):
    endpoints = {r.endpoint for r in routes(app)}
    unclassified = endpoints - set().union(*CLASSES)
    assert not unclassified, f"decide who may use {sorted(unclassified)}"
    assert sum(len(c) for c in CLASSES) == len(set().union(*CLASSES)), "a route in two classes"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_matrix_says(staffed, role):
    client = client_for(staffed, role)
    walk = sorted(
        routes(staffed),
        key=lambda r: (r.endpoint in LAST, LAST.index(r.endpoint) if r.endpoint in LAST else 0),
    )
    wrong = []
    for route in walk:
        response = client.open(route.url, method=route.method)
        if outcome(response) != expected(route.endpoint, role):
            wrong.append((str(route), response.status_code, expected(route.endpoint, role)))
        if outcome(response) == "forbidden":
            assert "Error 403" in response.text, (str(route), "a refusal is a 403 page")
    assert not wrong, wrong


MARKER = "Zebra-7f3a private answer"


def answer_as(lesson, client, marker):
    """Answer the free-text activity and mark a section read, as this client's learner."""
    fields = right(lesson.activity("free-text-1")) | {"answer": [marker]}
    page = client.get(lesson.url).text
    revision = re.search(r'name="revision"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="revision"', page
    )
    fields["revision"] = [revision.group(1)]
    response = client.post(f"{lesson.url}/activities/free-text-1", data=fields)
    assert response.status_code == 302, response.text


PER_LEARNER = [
    "/dashboard",
    f"/dashboard/lessons/{SLUG}",
    "/me/export.json",
    "/me/statements.json",
    f"/lessons/{SLUG}",
    "/account",
]


@pytest.mark.parametrize("owner", ["learner", "anonymous"])
def test_no_learner_sees_another_learners_data(app, lesson, owner):
    first = client_for(app, owner)
    answer_as(lesson, first, MARKER)
    assert MARKER in first.get("/me/export.json").text  # the owner does see it
    others = [
        client_for(app, "other learner"),
        app.test_client(),
        client_for(app, "admin"),
    ]
    for other in others:
        answer_as(lesson, other, "some answer of my own")
        for path in PER_LEARNER:
            response = other.get(path)
            assert MARKER not in response.text, (path, response.status_code)
            if owner == "learner":
                assert not re.search(r"(?<![\w-])learner@example\.org", response.text), path
