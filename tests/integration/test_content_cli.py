"""``flask content check`` and ``flask content import``.

The shipped content must pass the check and import as it is (the app's default ``CONTENT_DIR``);
everything else works on content folders written by the tests.
"""

from __future__ import annotations

import pytest

from app.learning.db import db
from app.learning.models.courses import Course, Lesson, LessonRevision
from tests.activity_blocks import block
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.content_helpers import body_line, lesson_text, make_content


def counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (Course, Lesson, LessonRevision)
        )


@pytest.fixture
def configured(app, tmp_path):
    """A folder of one course (planning lesson "later" at position 9) and two lessons, set as the
    app's ``CONTENT_DIR``."""
    lessons = {"01.md": lesson_text(), "02.md": lesson_text(id="b-lesson", position=2)}
    folder = make_content(tmp_path / "configured", lessons)
    app.config["CONTENT_DIR"] = str(folder)
    return folder


def test_check_passes_on_the_shipped_content(runner):
    result = runner.invoke(args=["content", "check", str(SEED_CONTENT)])
    assert result.exit_code == 0, result.output
    assert "Content OK: 2 lesson(s) checked." in result.output


def test_the_shipped_content_imports_its_two_lessons(app, runner):
    result = runner.invoke(args=["content", "import"])
    assert result.exit_code == 0, result.output
    assert "2 new revision(s) published" in result.output
    assert counts(app) == (1, 2, 2)
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SEED_LESSON))
        assert lesson.is_published and lesson.duration_minutes == 45
        assert lesson.published_revision.number == 1
        second = db.session.scalar(
            db.select(Lesson).filter_by(slug="shipping-strategies-and-costs")
        )
        assert second.is_published and second.position == 2
        assert second.published_revision.number == 1


def test_check_defaults_to_the_configured_folder(configured, runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0 and "2 lesson(s)" in result.output


def test_check_reports_file_and_line_and_fails(runner, tmp_path):
    text = lesson_text("## One {#one}\n\n::: bogus\n:::\n")
    make_content(tmp_path, {"01.md": text})
    result = runner.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    line = body_line(text, "::: bogus")
    assert f"a-course/01.md:{line}: unknown block type '::: bogus'" in result.output
    assert "1 problem(s) found." in result.output


def test_check_reports_broken_account_and_reveal_fields_of_an_activity(runner, tmp_path):
    quiz = block(
        "quiz", "final", "mode: assessment\nrequires_account: sometimes\nreveal_answers: later\n"
    )
    practice = block("quiz", "warm-up", "reveal_answers: never\n")
    text = lesson_text(f"## One {{#one}}\n\n{quiz}\n{practice}")
    make_content(tmp_path, {"01.md": text})
    result = runner.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    where = "a-course/01.md"
    assert (
        f"{where}:{body_line(text, 'requires_account')}: quiz block: 'requires_account' must be "
        "true or false" in result.output
    )
    assert (
        f"{where}:{body_line(text, 'reveal_answers: later')}: quiz block: 'reveal_answers' must be "
        "one of 'after-last-attempt', 'to-signed-in', 'never'" in result.output
    )
    assert (
        f"{where}:{body_line(text, 'reveal_answers: never')}: quiz block: 'reveal_answers' needs "
        "mode: assessment" in result.output
    )
    assert "3 problem(s) found." in result.output


def test_check_accepts_a_single_lesson_file(runner, tmp_path):
    path = tmp_path / "lesson.md"
    path.write_text(lesson_text(extra="colour: red\n"))
    result = runner.invoke(args=["content", "check", str(path)])
    assert result.exit_code == 1
    assert "lesson.md:" in result.output and "unknown field 'colour'" in result.output


def test_check_of_a_missing_folder_fails_clearly(runner, tmp_path):
    result = runner.invoke(args=["content", "check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "content folder not found" in result.output


def test_import_loads_courses_lessons_and_planned_lessons(app, configured, runner):
    result = runner.invoke(args=["content", "import"])
    assert result.exit_code == 0, result.output
    assert "2 new revision(s) published" in result.output
    assert counts(app) == (1, 3, 2)
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug="a-lesson"))
        assert lesson.is_published and lesson.duration_minutes == 20
        assert lesson.published_revision.number == 1
        planned = db.session.scalar(db.select(Lesson).filter_by(slug="later"))
        assert not planned.is_published and planned.position == 9


def test_import_is_idempotent(app, configured, runner):
    runner.invoke(args=["content", "import"])
    result = runner.invoke(args=["content", "import"])
    assert result.exit_code == 0
    assert "0 new revision(s) published, 2 unchanged" in result.output
    assert counts(app) == (1, 3, 2)


def test_changed_file_becomes_a_new_published_revision(app, runner, tmp_path):
    make_content(tmp_path, {"01.md": lesson_text()})
    runner.invoke(args=["content", "import", str(tmp_path)])
    make_content(tmp_path, {"01.md": lesson_text(title="A better title")})
    result = runner.invoke(args=["content", "import", str(tmp_path)])
    assert "1 new revision(s) published" in result.output
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug="a-lesson"))
        assert lesson.title == "A better title"
        assert lesson.published_revision.number == 2
    assert counts(app) == (1, 2, 2)


def test_import_of_invalid_content_imports_nothing(app, runner, tmp_path):
    make_content(tmp_path, {"01.md": lesson_text(), "02.md": lesson_text(id="b", extra="bad: 1\n")})
    result = runner.invoke(args=["content", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown field 'bad'" in result.output
    assert "Nothing was imported." in result.output
    assert counts(app) == (0, 0, 0)
