"""Home → course → lesson, and what every lesson page must show.

The lesson is built for the test (below); the shipped lesson's own text is checked in
test_shipped_lesson_page.py.
"""

from __future__ import annotations

import re

import pytest

from app.learning.db import db
from tests.activity_blocks import block
from tests.lessons import COURSE, SLUG, TYPES, build_lesson

LESSON_URL = f"/lessons/{SLUG}"
BODY = (
    "An introduction.\n\n## Picking and packing {#one}\n\nSome text.\n\n"
    + "\n".join(block(t, f"{t}-1", parts=2) for t in TYPES)
    + "\n## Beyond the basics {#deeper .deep-dive}\n\nMore text.\n"
    + "\n## Bonus exercises {#bonus .deep-dive}\n\nEven more text.\n"
    + "\n## Wrap-up {#three}\n\nWhat to remember.\n"
)


@pytest.fixture
def lesson(app, tmp_path):
    """A lesson with a title to escape, a deep dive of two sections between core sections, and
    the course's planned lesson ("Later") announced next."""
    return build_lesson(
        app, tmp_path / "content", BODY, title="Orders & Returns", extra="next: later\n"
    )


@pytest.fixture
def lesson_html(lesson, visitor):
    response = visitor.get(LESSON_URL)
    assert response.status_code == 200
    return response.text


def test_home_lists_the_course(lesson, visitor):
    html = visitor.get("/").text
    assert f'href="/courses/{COURSE}"' in html
    assert "A course" in html
    assert "1 lesson available · 20 min · 1 coming soon" in html


def test_home_without_courses_says_so(app):
    assert "No courses have been published yet." in app.test_client().get("/").text


def test_course_page_lists_lessons_in_order_with_duration_and_status(lesson, visitor):
    html = visitor.get(f"/courses/{COURSE}").text
    first = html.index("Orders &amp; Returns")
    second = html.index("Later")
    assert first < second
    assert f'href="{LESSON_URL}"' in html
    assert '20 min · <span class="status status--available">Available</span>' in html
    assert '<span class="status status--planned">Coming soon</span>' in html
    assert 'href="/lessons/later"' not in html


def test_lesson_page_has_titles_duration_and_landmarks(lesson_html):
    assert '<h1 id="page-title">Orders &amp; Returns</h1>' in lesson_html
    assert "A course" in lesson_html
    assert "Estimated time: 20 min" in lesson_html
    for landmark in (
        '<header class="site-header">',
        '<main id="page-main"',
        "<footer",
        'aria-label="Lesson sections"',
        'aria-label="Breadcrumb"',
    ):
        assert landmark in lesson_html
    assert len(re.findall(r"<h1\b", lesson_html)) == 1


def test_lesson_page_shows_the_learning_objectives(lesson_html):
    assert '<h2 id="page-objectives">Learning objectives</h2>' in lesson_html
    for text in ("Do the first thing.", "Do the second thing."):
        assert text in lesson_html


def test_lesson_page_has_the_listen_control(lesson_html):
    panel = lesson_html[lesson_html.index('<section class="listen-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert '<h2 id="page-listen">Listen to this lesson</h2>' in panel
    assert f'data-manifest="/audio/lessons/{SLUG}.json"' in panel
    assert f'href="/audio/lessons/{SLUG}.m3u"' in panel  # without JS
    assert "Keyboard shortcuts" in panel


def test_deep_dive_is_visibly_optional(lesson_html):
    dive = lesson_html[lesson_html.index('<div class="deep-dive">') :]
    dive = dive[: dive.index('class="course-outline"')]
    assert "Optional</span> Deep Dive" in dive
    assert lesson_html.index('aria-labelledby="three"') < lesson_html.index('class="deep-dive"')
    assert (
        "Explore advanced insights, examples, and bonus exercises to deepen understanding." in dive
    )
    for section in ("deeper", "bonus"):
        assert f'data-section-id="{section}"' in dive
    assert "Deep dive · optional" in lesson_html  # in the table of contents


def test_table_of_contents_links_every_section(visitor, lesson_html):
    from app.learning.lesson_queries import require_published_lesson

    with visitor.application.test_request_context():
        content = require_published_lesson(SLUG).content
    for section in content.sections:
        assert f'<a href="#{section.id}" data-toc-link>' in lesson_html
        assert f'<h2 id="{section.id}">' in lesson_html


def test_every_activity_is_on_the_page_without_its_answer_keys(lesson, lesson_html):
    activity_ids = re.findall(r'data-activity="([^"]+)"', lesson_html)
    assert sorted(activity_ids) == sorted(lesson.content.activities)
    assert "Answer key" not in lesson_html


def test_next_lesson_is_shown_as_coming_next_not_available(lesson_html):
    outline = lesson_html[lesson_html.index('id="page-course-outline"') :]
    assert "Later" in outline
    assert "Coming next · not yet available" in outline
    assert 'href="/lessons/later"' not in lesson_html


def test_ids_on_the_lesson_page_are_unique(lesson_html):
    ids = re.findall(r'\sid="([^"]+)"', lesson_html)
    assert len(ids) == len(set(ids))


def test_page_requests_nothing_from_other_origins(lesson_html):
    assert not re.search(r'(src|href)="(https?:)?//', lesson_html)


def test_lesson_page_does_not_parse_markdown_again(lesson, visitor, monkeypatch):
    import app.core.content.cache as cache_module

    visitor.application.extensions["lesson_cache"].clear()
    calls = []
    real_parse = cache_module.parse_lesson
    monkeypatch.setattr(cache_module, "parse_lesson", lambda *a: calls.append(1) or real_parse(*a))
    for _ in range(3):
        assert visitor.get(LESSON_URL).status_code == 200
    assert len(calls) == 1


def test_planned_lessons_have_no_page(lesson, visitor):
    response = visitor.get("/lessons/later")
    assert response.status_code == 404


def test_lesson_page_serves_the_published_revision(lesson, app, visitor):
    from app.learning.models.courses import Lesson

    assert visitor.get(LESSON_URL).status_code == 200
    with app.app_context():
        row = db.session.scalar(db.select(Lesson).filter_by(slug=SLUG))
        row.published_revision_id = None
        db.session.commit()
    assert visitor.get(LESSON_URL).status_code == 404


def test_home_lists_courses_as_the_orm_rows_would_show_them(app, lesson, visitor):
    """The home page reads plain values with one query; the page is the one the ORM rows gave,
    a course without lessons and the order of courses and lessons included."""
    from flask import render_template

    from app.learning.db import db
    from app.learning.lesson_queries import all_courses, course_list
    from app.learning.models.courses import Course

    with app.app_context():
        db.session.add(Course(slug="a-first-course", title="A first course", position=0))
        db.session.commit()
    with app.test_request_context("/"):
        with_orm = render_template("lessons/home.html", courses=all_courses())
        plain = render_template("lessons/home.html", courses=course_list())
    assert plain == with_orm
    assert plain.index("A first course") < plain.index("A course<")
    assert "0 lessons available" in plain
