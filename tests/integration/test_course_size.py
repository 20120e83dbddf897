"""A course of many lessons costs the home and course pages no more statements than a course of
a few, and parses nothing once this process has seen its lessons (app.core.content.cache)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import event

import app.core.content.cache as cache_module
from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from tests.activity_blocks import block
from tests.content_helpers import lesson_text, make_content

SIZES = {"small-course": 3, "large-course": 30}


def lessons_of(course: str, count: int) -> dict[str, str]:
    body = "Intro.\n\n## One {#one}\n\nText.\n\n" + block("quiz", "quiz-1")
    body += "\n## Two {#two .deep-dive}\n\nMore.\n"
    return {
        f"{n:02d}.md": lesson_text(
            body, id=f"{course}-{n}", course=course, position=n, title=f"Lesson {n}"
        )
        for n in range(1, count + 1)
    }


@pytest.fixture
def app(app, tmp_path):
    app.config["WTF_CSRF_ENABLED"] = False
    root = tmp_path / "content"
    for course, count in SIZES.items():
        make_content(root, lessons_of(course, count), f"id: {course}\ntitle: {course}\n", course)
    with app.app_context():
        import_catalog(load_catalog(root))
        db.session.commit()
    return app


@pytest.fixture
def visitor(app):
    """An anonymous learner who has read a section in each course."""
    client = app.test_client()
    events = [
        {"id": str(uuid.uuid4()), "type": "section-read", "lesson": f"{c}-1", "section": "one"}
        for c in SIZES
    ]
    assert client.post("/progress/events", json={"events": events}).status_code == 200
    return client


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The lessons parsed from now on (by the lesson cache)."""
    seen: list[str] = []
    parse = cache_module.parse_lesson

    def counted(text, path="<lesson>", *args, **kwargs):
        seen.append(path)
        return parse(text, path, *args, **kwargs)

    monkeypatch.setattr(cache_module, "parse_lesson", counted)
    return seen


def statements(app, client, url: str) -> int:
    """SQL statements sent for one request of ``url``, which must succeed."""
    with app.app_context():
        engine = db.engine
    count = [0]

    def seen(*_args) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 200
    return count[0]


def test_the_course_page_sends_as_many_statements_for_30_lessons_as_for_3(app, visitor):
    counts = {}
    for course in SIZES:
        app.extensions["lesson_cache"].clear()
        cold = statements(app, visitor, f"/courses/{course}")
        counts[course] = (cold, statements(app, visitor, f"/courses/{course}"))
    assert counts["small-course"] == counts["large-course"]
    cold, warm = counts["large-course"]
    assert cold == warm + 1  # the sources this process has not parsed, read with one query


def test_the_home_page_sends_as_many_statements_whatever_the_lessons(app, visitor, tmp_path):
    app.extensions["lesson_cache"].clear()
    before = (statements(app, visitor, "/"), statements(app, visitor, "/"))
    more = make_content(
        tmp_path / "more",
        lessons_of("large-course", 40),
        "id: large-course\ntitle: large-course\n",
        "large-course",
    )
    with app.app_context():
        import_catalog(load_catalog(more))
        db.session.commit()
    app.extensions["lesson_cache"].clear()
    assert (statements(app, visitor, "/"), statements(app, visitor, "/")) == before


def test_a_seen_course_page_parses_nothing(app, visitor, parsed):
    app.extensions["lesson_cache"].clear()
    visitor.get("/")
    assert len(parsed) == 33
    parsed.clear()
    for url in ("/courses/large-course", "/courses/small-course", "/"):
        assert visitor.get(url).status_code == 200
    assert parsed == []


def test_a_lesson_read_before_gives_its_plan_without_a_parse(app, visitor, parsed):
    app.extensions["lesson_cache"].clear()
    assert visitor.get("/lessons/small-course-2").status_code == 200
    parsed.clear()
    visitor.get("/courses/small-course")
    assert parsed == ["small-course-1 (revision 1)", "small-course-3 (revision 1)"]


def test_the_course_page_shows_each_lessons_progress_from_its_plan(app, visitor):
    app.extensions["lesson_cache"].clear()
    for _ in range(2):  # parsed, then from the plans kept
        html = visitor.get("/courses/large-course").text
        assert html.count('href="/lessons/large-course-1#one">Continue: One') == 1
        assert html.count(">Start") == 29 and html.count("In progress") == 1
