"""Who reaches what: every route × every role, generated from ``app.url_map``.

Each endpoint is in exactly one access class below; a new endpoint fails
``test_every_endpoint_has_an_access_class`` until someone decides who may use it.
"""

from __future__ import annotations

import re

import pytest

from tests.activity_answers import right
from tests.conftest import SEED_LESSON
from tests.routes import routes
from tests.users import signed_in_client

ROLES = ["anonymous", "learner", "other learner", "instructor", "admin"]
INSTRUCTOR = {
    "instructor.home",
    "instructor.new_course",
    "instructor.new_lesson",
    "instructor.reorder",
    "instructor.edit",
    "instructor.preview",
    "instructor.revisions",
    "instructor.revision",
    "instructor.diff",
    "instructor.restore",
    "instructor.publish",
    "instructor.unpublish",
    "instructor.upload",
    "instructor.analytics",
    "instructor.analytics_csv",
    "instructor.review",
}
SIGNED_IN = {"auth.account", "auth.signout_everywhere"}
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
    "progress.events",
    "progress.mark_read",
    "progress.dashboard",  # each caller sees only their own learner (tested below)
    "progress.export",
    "progress.statements",
    "media.image",
    "audio.manifest",
    "audio.playlist",
    "audio.section_file",
}
# Routes whose effect would change what later requests in the walk see; they go last.
LAST = ["instructor.unpublish", "auth.signout_everywhere", "auth.signout"]


def expected(endpoint: str, role: str) -> str:
    if endpoint in INSTRUCTOR:
        return {"anonymous": "sign in", "instructor": "allowed", "admin": "allowed"}.get(
            role, "forbidden"
        )
    if endpoint in SIGNED_IN:
        return "sign in" if role == "anonymous" else "allowed"
    return "allowed"


def outcome(response) -> str:
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code in (401, 403):
        return "forbidden"
    if response.status_code == 302 and "/signin" in response.headers["Location"]:
        return "sign in"
    return "allowed"


def client_for(app, role):
    if role == "anonymous":
        return app.test_client()
    email = role.replace(" ", "-") + "@example.org"
    return signed_in_client(app, email, "learner" if "learner" in role else role)


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False  # so requests reach the role checks (CSRF: own test)
    return app


def test_every_endpoint_has_an_access_class(seeded):
    endpoints = {r.endpoint for r in routes(seeded)}
    unclassified = endpoints - INSTRUCTOR - SIGNED_IN - PUBLIC
    assert not unclassified, f"decide who may use {sorted(unclassified)}"
    assert not (INSTRUCTOR & PUBLIC) and not (SIGNED_IN & PUBLIC)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_matrix_says(seeded, role):
    client = client_for(seeded, role)
    walk = sorted(
        routes(seeded),
        key=lambda r: (r.endpoint in LAST, LAST.index(r.endpoint) if r.endpoint in LAST else 0),
    )
    wrong = []
    for route in walk:
        response = client.open(route.url, method=route.method)
        if outcome(response) != expected(route.endpoint, role):
            wrong.append((str(route), response.status_code, expected(route.endpoint, role)))
    assert not wrong, wrong


MARKER = "Zebra-7f3a private answer"


def answer_as(app, client, marker):
    """Answer the free-text activity and mark a section read, as this client's learner."""
    with app.app_context():
        from app.learning.lesson_queries import published_lesson

        activity = published_lesson(SEED_LESSON).content.activities["delay-email"]
    fields = right(activity) | {"answer": [marker]}
    lesson = client.get(f"/lessons/{SEED_LESSON}").text
    revision = re.search(r'name="revision"[^>]*value="(\d+)"', lesson) or re.search(
        r'value="(\d+)"[^>]*name="revision"', lesson
    )
    fields["revision"] = [revision.group(1)]
    response = client.post(f"/lessons/{SEED_LESSON}/activities/delay-email", data=fields)
    assert response.status_code == 302, response.text


PER_LEARNER = [
    "/dashboard",
    "/me/export.json",
    "/me/statements.json",
    f"/lessons/{SEED_LESSON}",
    "/account",
]


@pytest.mark.parametrize("owner", ["learner", "anonymous"])
def test_no_learner_sees_another_learners_data(seeded, owner):
    first = client_for(seeded, owner)
    answer_as(seeded, first, MARKER)
    assert MARKER in first.get("/me/export.json").text  # the owner does see it
    others = [
        client_for(seeded, "other learner"),
        seeded.test_client(),
        client_for(seeded, "admin"),
    ]
    for other in others:
        answer_as(seeded, other, "some answer of my own")
        for path in PER_LEARNER:
            response = other.get(path)
            assert MARKER not in response.text, (path, response.status_code)
            if owner == "learner":
                assert not re.search(r"(?<![\w-])learner@example\.org", response.text), path
