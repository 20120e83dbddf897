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
from tests.images import PNG
from tests.users import PASSWORD, signed_in_client
from tests.xss import PAYLOADS, assert_inert

HOSTILE = "\n\n".join(PAYLOADS)


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def revision_of(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def replaced(source: str, old: str, new: str) -> str:
    assert old in source
    return source.replace(old, new, 1)


def hostile_lesson(source: str) -> str:
    """The lesson's text with hostile markup in its title, intro, a heading and a prompt."""
    source = replaced(
        source, "title: A lesson", "title: \"Orders <script>alert('xss-t')</script>\""
    )
    source = replaced(
        source,
        "An introduction.",
        HOSTILE + "\n\n[link](javascript:alert(1))\n\nAn introduction.",
    )
    source = replaced(source, "{#one}", "<img src=x onerror=alert(1)> {#one}")
    return replaced(
        source,
        "prompt: Do it.\n",
        "prompt: |\n  <script>alert('prompt')</script> <a href=\"javascript:alert(2)\">x</a>\n"
        "  Do it.\n",
    )


def test_hostile_lesson_markdown_is_inert_in_preview_editor_and_lesson(lesson, instructor):
    source = hostile_lesson(lesson.source)
    instructor_lesson = f"/instructor/lessons/{lesson.slug}"
    preview = instructor.post(f"{instructor_lesson}/preview", json={"source": source})
    assert preview.status_code == 200
    assert preview.json["errors"] == [], preview.json["errors"]
    assert_inert(preview.json["html"], "preview")
    edit = f"{instructor_lesson}/edit"
    assert instructor.post(edit, data={"source": source, "publish": "1"}).status_code == 302
    for path in [lesson.url, "/", edit, f"{instructor_lesson}/revisions", "/instructor/"]:
        response = instructor.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text, path)
    page = instructor.get(lesson.url).text
    assert "&lt;script&gt;" in page or "alert(" not in page  # shown as text or dropped
    diff = instructor.get(f"{instructor_lesson}/diff?a=1&b=2")
    assert diff.status_code == 200
    assert_inert(diff.text, "diff")
    assert "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;" in diff.text  # shown, escaped


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_course_and_lesson_titles_are_escaped(instructor, payload):
    response = instructor.post(
        "/instructor/courses/new", data={"slug": "evil", "title": payload, "summary": payload}
    )
    assert response.status_code == 302
    instructor.post(
        "/instructor/courses/evil/lessons/new", data={"slug": "evil-1", "title": payload}
    )
    for path in ["/instructor/", "/instructor/lessons/evil-1/edit", "/"]:
        assert_inert(instructor.get(path).text, path)


def answers_for(lesson):
    """Hostile text in a written answer, a reflection and a checklist."""
    model = right(lesson.activity("free-text-1"))["answer"][0]
    return {
        "free-text-1": {"answer": [model + "\n" + HOSTILE]},
        "reflection-1": {"answer": [HOSTILE]},
        "checklist-1": {"items": ["\n".join(PAYLOADS + ["Inventory levels", "Order tracking"])]},
    }


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_learners_hostile_answers_are_shown_back_inert(app, lesson, who):
    client = (
        app.test_client()
        if who == "anonymous"
        else signed_in_client(app, "ada@example.org", "learner")
    )
    revision = revision_of(client.get(lesson.url).text)
    for activity, fields in answers_for(lesson).items():
        url = f"{lesson.url}/activities/{activity}"
        data = fields | {"revision": [revision]}
        response = client.post(url, data=data, headers={"Accept": "application/json"})
        assert response.status_code == 200, (activity, response.text)
        assert_inert(response.json["html"], f"{activity} result")
    page = client.get(lesson.url).text
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
def test_hostile_email_addresses_are_refused_or_escaped(visitor, email):
    response = visitor.post(
        "/signup", data={"email": email, "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code in (302, 400)
    assert_inert(response.text, "sign-up answer")
    for path in ["/", "/account", "/dashboard"]:
        assert_inert(visitor.get(path).text, path)


def test_uploaded_file_names_are_never_shown_or_used(instructor):
    png = PNG
    name = "<img src=x onerror=alert(1)>.png"
    response = instructor.post(
        "/instructor/media",
        data={"image": (io.BytesIO(png), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "onerror" not in response.text
    assert re.fullmatch(r"/media/images/[0-9a-f]{32}\.png", response.json["url"])


def test_an_svg_upload_is_refused(instructor):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = instructor.post(
        "/instructor/media",
        data={"image": (io.BytesIO(svg), "picture.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Only PNG, JPEG, GIF and WebP" in response.text
