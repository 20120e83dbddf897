"""Lesson sources built to hang or crash the checker get their problems back quickly, from the
editor's preview (as the errors it lists), the editor itself (a 400 page) and the check command.

The preview checks whatever an instructor's browser sends, every few keystrokes: each one runs
within a budget of processor time (``authoring.CHECK_SECONDS``), and the lesson model can't be
blown up by YAML aliases ("billion laughs") or deep nesting.
"""

from __future__ import annotations

import time
from html import escape

import pytest

from app.core.content.budget import checkpoint
from app.core.untrusted import MAX_DEPTH
from app.learning import authoring
from app.learning.db import db
from app.learning.models.courses import Lesson
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.content_helpers import ANCHORS_REFUSED, LAUGHS, body_line, lesson_text, make_content

SOURCE = next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md")).read_text(encoding="utf-8")
PREVIEW = f"/instructor/lessons/{SEED_LESSON}/preview"
EDIT = f"/instructor/lessons/{SEED_LESSON}/edit"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def with_front_matter(extra: str) -> str:
    """The seed lesson with ``extra`` YAML lines at the end of its front matter."""
    head, body = SOURCE.split("\n---\n", 1)
    return f"{head}\n{extra}---\n{body}"


def timed(call):
    """(result, processor seconds): the test client runs the request in this thread."""
    started = time.thread_time()
    result = call()
    return result, time.thread_time() - started


def test_the_billion_laughs_in_the_preview_is_an_error_at_its_line_in_milliseconds(teacher):
    source = with_front_matter(LAUGHS)
    response, seconds = timed(lambda: teacher.post(PREVIEW, json={"source": source}))
    assert response.status_code == 200 and response.json["html"] == ""
    assert response.json["errors"] == [
        {"line": body_line(source, "a: &a"), "message": ANCHORS_REFUSED}
    ]
    assert seconds < 0.5  # 49 s of processor time before aliases were refused


def test_the_billion_laughs_saved_in_the_editor_gets_a_400_page_naming_the_line(teacher):
    source = with_front_matter(LAUGHS)
    response, seconds = timed(lambda: teacher.post(EDIT, data={"source": source, "publish": "1"}))
    line = body_line(source, "a: &a")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert f'data-line="{line}">line {line}</button>: {escape(ANCHORS_REFUSED)}' in response.text
    assert seconds < 1


@pytest.mark.parametrize("depth", [900, 5000])
def test_deeply_nested_yaml_in_the_preview_is_an_error_at_its_line(teacher, depth):
    source = with_front_matter("deep: " + "[" * depth + "]" * depth + "\n")
    response, seconds = timed(lambda: teacher.post(PREVIEW, json={"source": source}))
    assert response.status_code == 200, response.json
    (error,) = response.json["errors"]
    assert error["line"] == body_line(source, "deep:") and "nest" in error["message"]
    assert seconds < 0.5


def test_markdown_built_to_be_slow_is_stopped_by_the_preview_budget(teacher):
    source = SOURCE + "\n" + "![" * 200_000  # 455 KB: 11 s without a budget
    response, seconds = timed(lambda: teacher.post(PREVIEW, json={"source": source}))
    assert response.status_code == 200 and response.json["html"] == ""
    (error,) = response.json["errors"]
    assert error["message"].startswith(
        f"checking stopped here: the lesson took more than {authoring.CHECK_SECONDS:g} s"
    )
    assert seconds < authoring.CHECK_SECONDS + 2


def test_a_long_paragraph_of_short_sentences_previews_in_linear_time(teacher):
    source = SOURCE + "\n" + "Ask Dr. A. B. Smith. He said: yes. " * 12_000  # 420 KB
    response, seconds = timed(lambda: teacher.post(PREVIEW, json={"source": source}))
    assert response.status_code == 200  # marked, or stopped by the budget: either way, soon
    assert seconds < authoring.CHECK_SECONDS + 2  # 6 minutes when marking was quadratic


def test_preparing_a_preview_shares_the_budget_of_its_check(seeded):
    def endless(content):
        while True:
            checkpoint()

    with seeded.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SEED_LESSON))
        stored = lesson.published_revision.source  # its images point at the media store
        checked, seconds = timed(lambda: authoring.preview(stored, lesson, endless))
    assert checked.content is None and seconds < authoring.CHECK_SECONDS + 1
    assert [(e.line, e.message) for e in checked.errors] == [
        (
            1,
            f"the preview took more than {authoring.CHECK_SECONDS:g} s to prepare "
            "(split the lesson into smaller lessons)",
        )
    ]


def test_the_check_command_reports_hostile_lessons_as_file_and_line(runner, tmp_path):
    laughs = lesson_text(extra=LAUGHS, id="laughs")
    deep = lesson_text(extra="deep: " + "[" * 900 + "]" * 900 + "\n", id="deep", position=2)
    make_content(tmp_path, {"01-laughs.md": laughs, "02-deep.md": deep})
    result, seconds = timed(lambda: runner.invoke(args=["content", "check", str(tmp_path)]))
    assert result.exit_code == 1
    assert f"a-course/01-laughs.md:{body_line(laughs, 'a: &a')}: {ANCHORS_REFUSED}" in result.output
    assert (
        f"a-course/02-deep.md:{body_line(deep, 'deep:')}: this YAML nests data more than "
        f"{MAX_DEPTH} levels deep" in result.output
    )
    assert seconds < 1
