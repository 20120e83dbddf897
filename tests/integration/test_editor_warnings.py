"""The browser editor lists warnings apart from errors, each labelled in words."""

from __future__ import annotations

import pytest

from tests.content_helpers import lesson_text
from tests.lessons import SLUG, build_lesson

EDIT = f"/instructor/lessons/{SLUG}/edit"
PREVIEW = f"/instructor/lessons/{SLUG}/preview"
BODY = (
    "## Section one {#one}\n\nSome text.\n\n"
    "```reflection\nid: r\nprompt: Think.\nobjectives: [first]\n```\n\n"
    "## Section two {#two .deep-dive}\n\nMore text.\n"
)
SOURCE = lesson_text(BODY, id=SLUG)
UNASSESSED = "objective 'second' is not assessed by any activity"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", BODY)


def test_preview_returns_warnings_apart_from_errors(instructor):
    data = instructor.post(PREVIEW, json={"source": SOURCE}).json
    assert data["errors"] == []
    assert [w["message"] for w in data["warnings"]] == [
        UNASSESSED + " (name it in an activity's or question's 'objectives')"
    ]
    assert data["warnings"][0]["line"] == SOURCE.splitlines().index("  - id: second") + 1


def test_the_editor_page_labels_warnings_in_words(instructor):
    page = instructor.get(EDIT).text
    assert "1 warning (the lesson can still be published):" in page
    assert '<span class="problems__kind problems__kind--warning">Warning</span>' in page
    assert "objective &#39;second&#39; is not assessed by any activity" in page


def test_errors_and_warnings_are_listed_separately(instructor):
    broken = SOURCE.replace("prompt: Think.", "prompt: Why: because")
    response = instructor.post(EDIT, data={"source": broken, "save": "1"})
    assert response.status_code == 400
    assert '<span class="problems__kind">Error</span>' in response.text
    assert "quote this value: it contains a colon" in response.text


def test_a_lesson_with_warnings_can_be_published(instructor):
    changed = SOURCE.replace("Some text.", "Some changed text.")
    assert instructor.post(EDIT, data={"source": changed, "publish": "1"}).status_code == 302
