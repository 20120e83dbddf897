"""The shipped course as a whole: the home page, the course page, the dashboard, its
recommendations and the instructor's analytics count every lesson written in content/, and each
lesson leads to the next.

These tests are about the shipped content and read its lessons from content/, so they keep
holding as lessons are added. How these pages are built in general is tested on a lesson built for
the test (test_pages.py, test_progress.py, test_analytics.py).
"""

from __future__ import annotations

import uuid

import pytest

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT
from tests.users import PASSWORD

CATALOG = load_catalog(SEED_CONTENT)
COURSE = "ecommerce-manager-cx"
LESSONS = sorted(
    (lesson for lesson in CATALOG.lessons.values() if lesson.course == COURSE),
    key=lambda lesson: lesson.position,
)
MINUTES = sum(lesson.duration_minutes for lesson in LESSONS)
PLANNED = len(CATALOG.courses[COURSE].planned)


def shown_duration(minutes: int) -> str:
    """Minutes as the pages write them: "45 min", "1 h 35 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def plain(html: str) -> str:
    return " ".join(html.split())


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_the_course_has_its_two_lessons_in_order():
    assert [lesson.id for lesson in LESSONS[:2]] == [
        "order-management-fulfillment-basics",
        "shipping-strategies-and-costs",
    ]
    assert "shipping-strategies-and-costs" not in {p.id for p in CATALOG.courses[COURSE].planned}


def test_home_counts_every_written_lesson_and_their_minutes(client):
    html = plain(client.get("/").text)
    count = f"{len(LESSONS)} lessons available · {shown_duration(MINUTES)}"
    assert count in html
    assert ("coming soon" in html) == bool(PLANNED)


def test_the_course_page_lists_every_lesson_in_order_each_available(client):
    html = client.get(f"/courses/{COURSE}").text
    places = [html.index(lesson.title.replace("&", "&amp;")) for lesson in LESSONS]
    assert places == sorted(places)
    for lesson in LESSONS:
        assert f'href="/lessons/{lesson.id}"' in html
    assert html.count('<span class="status status--available">Available</span>') == len(LESSONS)


@pytest.mark.parametrize("index", range(len(LESSONS) - 1))
def test_each_lesson_leads_to_the_next_with_a_link(client, index):
    lesson, following = LESSONS[index], LESSONS[index + 1]
    assert lesson.next_lesson == following.id
    html = client.get(f"/lessons/{lesson.id}").text
    outline = html[html.index('id="page-course-outline"') :]
    assert f'href="/lessons/{following.id}"' in outline
    assert "not yet available" not in outline


def test_the_dashboard_shows_a_row_for_every_lesson(client):
    html = plain(client.get("/dashboard").text)
    for lesson in LESSONS:
        title = lesson.title.replace("&", "&amp;")
        assert f'<a href="/lessons/{lesson.id}">{title}</a>' in html
        sections = len(lesson.required_sections)
        assert f"0 of {sections} sections read" in html


def complete(client, lesson) -> None:
    """Read every required section and pass every required activity of ``lesson``."""
    events = [
        {"id": str(uuid.uuid4()), "type": "section-read", "lesson": lesson.id, "section": s}
        for s in lesson.required_sections
    ]
    assert client.post("/progress/events", json={"events": events}).status_code < 300
    for activity_id in lesson.required_activities:
        fields = answers.right(lesson.activities[activity_id])
        response = client.post(
            f"/lessons/{lesson.id}/activities/{activity_id}",
            data={"revision": "1", **fields},
            headers={"Accept": "application/json"},
        )
        assert response.json["passed"] is True, activity_id


def test_finishing_the_first_lesson_recommends_the_second_as_available(client):
    client.post(
        "/signup", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    first, second = LESSONS[0], LESSONS[1]
    complete(client, first)
    html = plain(client.get("/dashboard").text)
    link = f'<a href="/lessons/{second.id}">Go on to the next lesson: {second.title}</a>'
    assert link in html
    assert "(coming soon)" not in html


def test_the_instructor_sees_analytics_for_every_lesson(teacher):
    home = teacher.get("/instructor/").text
    for lesson in LESSONS:
        assert f'href="/instructor/lessons/{lesson.id}/analytics"' in home
        response = teacher.get(f"/instructor/lessons/{lesson.id}/analytics")
        assert response.status_code == 200
        assert lesson.title.replace("&", "&amp;") in response.text
