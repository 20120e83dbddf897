"""Stored XSS: hostile text wherever it can be stored comes back inert.

Payloads go into lesson Markdown (intro, headings, activity prompts, front matter), course and
lesson titles, learners' answers (free text, reflections, checklists), email addresses and
uploaded file names; every page that shows them is parsed for live markup.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from tests.activity_answers import right
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.images import PNG
from tests.users import PASSWORD, signed_in_client
from tests.xss import PAYLOADS, assert_inert

LESSON = f"/lessons/{SEED_LESSON}"
SOURCE = next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md")).read_text(encoding="utf-8")
HOSTILE = "\n\n".join(PAYLOADS)


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def revision_of(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def hostile_lesson() -> str:
    source = SOURCE.replace(
        "title: Order Management & Fulfillment Basics",
        "title: \"Orders <script>alert('xss-t')</script>\"",
    )
    source = source.replace(
        "This lesson introduces",
        HOSTILE + "\n\n[link](javascript:alert(1))\n\nThis lesson introduces",
        1,
    )
    source = source.replace(
        "{#fulfillment-process}", "<img src=x onerror=alert(1)> {#fulfillment-process}", 1
    )
    return source.replace(
        "  Imagine a customer's order is delayed.",
        "  <script>alert('prompt')</script> <a href=\"javascript:alert(2)\">x</a>\n"
        "  Imagine a customer's order is delayed.",
        1,
    )


def test_hostile_lesson_markdown_is_inert_in_preview_editor_and_lesson(seeded, teacher):
    source = hostile_lesson()
    preview = teacher.post(f"/instructor/lessons/{SEED_LESSON}/preview", json={"source": source})
    assert preview.status_code == 200
    assert preview.json["errors"] == [], preview.json["errors"]
    assert_inert(preview.json["html"], "preview")
    edit = f"/instructor/lessons/{SEED_LESSON}/edit"
    assert teacher.post(edit, data={"source": source, "publish": "1"}).status_code == 302
    for path in [LESSON, "/", edit, f"/instructor/lessons/{SEED_LESSON}/revisions", "/instructor/"]:
        response = teacher.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text, path)
    lesson = teacher.get(LESSON).text
    assert "&lt;script&gt;" in lesson or "alert(" not in lesson  # shown as text or dropped
    diff = teacher.get(f"/instructor/lessons/{SEED_LESSON}/diff?a=1&b=2")
    assert diff.status_code == 200
    assert_inert(diff.text, "diff")
    assert "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;" in diff.text  # shown, escaped


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_course_and_lesson_titles_are_escaped(seeded, teacher, payload):
    response = teacher.post(
        "/instructor/courses/new", data={"slug": "evil", "title": payload, "summary": payload}
    )
    assert response.status_code == 302
    teacher.post("/instructor/courses/evil/lessons/new", data={"slug": "evil-1", "title": payload})
    for path in ["/instructor/", "/instructor/lessons/evil-1/edit", "/"]:
        assert_inert(teacher.get(path).text, path)


def answers_for(app):
    with app.app_context():
        from app.learning.lesson_queries import published_lesson

        activities = published_lesson(SEED_LESSON).content.activities
    model = right(activities["delay-email"])["answer"][0]
    return {
        "delay-email": {"answer": [model + "\n" + HOSTILE]},
        "shopping-experiences": {"answer": [HOSTILE]},
        "oms-checklist": {"items": ["\n".join(PAYLOADS + ["Inventory levels", "Order tracking"])]},
    }


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_learners_hostile_answers_are_shown_back_inert(seeded, who):
    client = (
        seeded.test_client()
        if who == "anonymous"
        else signed_in_client(seeded, "ada@example.org", "learner")
    )
    revision = revision_of(client.get(LESSON).text)
    for activity, fields in answers_for(seeded).items():
        url = f"{LESSON}/activities/{activity}"
        data = fields | {"revision": [revision]}
        response = client.post(url, data=data, headers={"Accept": "application/json"})
        assert response.status_code == 200, (activity, response.text)
        assert_inert(response.json["html"], f"{activity} result")
    page = client.get(LESSON).text
    assert_inert(page, "lesson with answers")
    assert "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;" in page  # the answers are shown
    for path in ["/dashboard", "/me/statements.json", "/account" if who != "anonymous" else "/"]:
        assert_inert(client.get(path).text, path)
    export = client.get("/me/export.json")
    assert export.mimetype == "application/json"
    assert export.headers["X-Content-Type-Options"] == "nosniff"
    assert PAYLOADS[0] in json.dumps(export.json)  # kept as data, never as a page


@pytest.mark.parametrize(
    "email", ['"<script>alert(1)</script>"@example.org', "x@example.org<script>alert(1)</script>"]
)
def test_hostile_email_addresses_are_refused_or_escaped(seeded, email):
    client = seeded.test_client()
    response = client.post(
        "/signup", data={"email": email, "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code in (302, 400)
    assert_inert(response.text, "sign-up answer")
    for path in ["/", "/account", "/dashboard"]:
        assert_inert(client.get(path).text, path)


def test_uploaded_file_names_are_never_shown_or_used(seeded, teacher):
    png = PNG
    name = "<img src=x onerror=alert(1)>.png"
    response = teacher.post(
        "/instructor/media",
        data={"image": (io.BytesIO(png), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "onerror" not in response.text
    assert re.fullmatch(r"/media/images/[0-9a-f]{32}\.png", response.json["url"])


def test_an_svg_upload_is_refused(seeded, teacher):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = teacher.post(
        "/instructor/media",
        data={"image": (io.BytesIO(svg), "picture.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Only PNG, JPEG, GIF and WebP" in response.text
