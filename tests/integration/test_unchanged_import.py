"""``flask content import`` of a folder that is already in the database parses and writes
nothing; any difference (a lesson, an image, a course file, a missing lesson file) imports the
whole folder as before, with every check."""

from __future__ import annotations

import pytest
from sqlalchemy import event

import app.core.content.catalog as catalog_module
from app.learning.db import db
from app.learning.models.courses import Course, Lesson
from tests.content_helpers import lesson_text, make_content
from tests.images import PNG, png

COURSE_FILE = "id: a-course\ntitle: A course\nplanned:\n  - id: later\n    title: Later\n"
COURSE_FILE += "    position: 9\n"
PICTURE = "Intro.\n\n## One {#one}\n\n![A parcel on a doorstep](images/parcel.png)\n"


@pytest.fixture
def folder(tmp_path):
    """A course of three lessons (one showing an image; the last linked to by the first)."""
    lessons = {
        "01.md": lesson_text(
            "Intro.\n\n## One {#one}\n\nSee [the third](lesson:c-lesson).\n", id="a-lesson"
        ),
        "02.md": lesson_text(PICTURE, id="b-lesson", position=2),
        "03.md": lesson_text(id="c-lesson", position=3, extra="next: later\n"),
    }
    root = make_content(tmp_path / "content", lessons)
    (root / "a-course" / "images").mkdir()
    (root / "a-course" / "images" / "parcel.png").write_bytes(PNG)
    return root


@pytest.fixture
def imported(runner, folder):
    result = runner.invoke(args=["content", "import", str(folder)])
    assert "3 new revision(s) published" in result.output, result.output
    return folder


class Watched:
    """Lesson files parsed and statements that write, while an import runs."""

    def __init__(self, app, monkeypatch) -> None:
        self.parsed: list[str] = []
        self.writes: list[str] = []
        parse = catalog_module.parse_lesson

        def counted(text, path="<lesson>", *args, **kwargs):
            self.parsed.append(path)
            return parse(text, path, *args, **kwargs)

        monkeypatch.setattr(catalog_module, "parse_lesson", counted)
        with app.app_context():
            self.engine = db.engine

    def _seen(self, _conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            self.writes.append(statement)

    def run(self, runner, folder) -> str:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        try:
            result = runner.invoke(args=["content", "import", str(folder)])
        finally:
            event.remove(self.engine, "before_cursor_execute", self._seen)
        assert result.exit_code in (0, 1), result.output
        return result.output


@pytest.fixture
def watched(app, monkeypatch):
    return Watched(app, monkeypatch)


def test_importing_an_unchanged_folder_parses_and_writes_nothing(imported, watched, runner):
    output = watched.run(runner, imported)
    assert "1 course(s), 3 lesson(s): 0 new revision(s) published, 3 unchanged, 1 planned" in output
    assert watched.parsed == [] and watched.writes == []


def test_a_changed_lesson_is_published_and_the_folder_checked_again(imported, watched, runner):
    (imported / "a-course" / "03.md").write_text(
        lesson_text(id="c-lesson", position=3, title="Better", extra="next: later\n")
    )
    output = watched.run(runner, imported)
    assert "1 new revision(s) published, 2 unchanged" in output
    assert len(watched.parsed) == 3


def test_a_changed_image_is_published(imported, watched, runner):
    (imported / "a-course" / "images" / "parcel.png").write_bytes(png(width=5))
    output = watched.run(runner, imported)
    assert "1 new revision(s) published, 2 unchanged" in output


def test_a_stored_image_that_is_gone_is_stored_again(app, imported, watched, runner):
    from app.learning.image_store import images_dir

    with app.app_context():
        stored = list(images_dir().iterdir())
    for path in stored:
        path.unlink()
    assert "0 new revision(s) published" in watched.run(runner, imported)
    with app.app_context():
        assert sorted(images_dir().iterdir()) == sorted(stored)


def test_a_changed_course_file_is_imported(app, imported, watched, runner):
    (imported / "a-course" / "course.yaml").write_text(
        COURSE_FILE.replace("A course", "A better course")
    )
    watched.run(runner, imported)
    with app.app_context():
        assert db.session.scalar(db.select(Course.title)) == "A better course"
    assert watched.parsed


def test_a_removed_plan_that_a_lesson_names_next_is_still_refused(imported, watched, runner):
    (imported / "a-course" / "course.yaml").write_text("id: a-course\ntitle: A course\n")
    output = watched.run(runner, imported)
    assert "next lesson 'later' is neither a lesson nor planned" in output
    assert "Nothing was imported." in output


def test_a_lesson_file_removed_while_another_links_to_it_is_still_refused(
    imported, watched, runner
):
    (imported / "a-course" / "03.md").unlink()
    output = watched.run(runner, imported)
    assert "broken link 'lesson:c-lesson'" in output and "Nothing was imported." in output


def test_a_new_lesson_file_is_imported(app, imported, watched, runner):
    (imported / "a-course" / "04.md").write_text(lesson_text(id="d-lesson", position=4))
    assert "1 new revision(s) published, 3 unchanged" in watched.run(runner, imported)
    with app.app_context():
        assert db.session.scalar(db.select(Lesson).filter_by(slug="d-lesson")).is_published


def test_a_copy_of_a_lesson_file_is_refused_as_a_duplicate(imported, watched, runner):
    source = (imported / "a-course" / "01.md").read_text()
    (imported / "a-course" / "05.md").write_text(source)
    assert "duplicate lesson id 'a-lesson'" in watched.run(runner, imported)


def test_the_full_import_reads_its_lessons_with_the_same_statements_for_3_or_12(app, tmp_path):
    """With the folder parsed (something in it changed), the lessons and their published
    revisions are read together, not one lesson at a time."""
    from app.core.content import load_catalog
    from app.learning.importer import import_catalog

    def statements(count: int) -> int:
        files = {
            f"{n:02d}.md": lesson_text(id=f"l-{count}-{n}", position=n) for n in range(1, count + 1)
        }
        catalog = load_catalog(make_content(tmp_path / str(count), files, folder=f"c{count}"))
        with app.app_context():
            import_catalog(catalog)
            db.session.commit()
            seen = []

            def sent(*_args) -> None:
                seen.append(1)

            event.listen(db.engine, "before_cursor_execute", sent)
            try:
                assert import_catalog(catalog).unchanged == count
            finally:
                event.remove(db.engine, "before_cursor_execute", sent)
            db.session.rollback()
        return len(seen)

    assert statements(3) == statements(12)
