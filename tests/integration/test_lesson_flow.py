"""Lesson flow: the required path before the optional deep dive, counts that agree, focus mode
without JavaScript, Start/Continue/Review on the home and course pages, and the finish line.

The lesson below is written with its deep dive *before* the required exercises (as authors often
do); completion names three sections and two activities, and a planned lesson comes next.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from app.core.content import load_catalog, parse_lesson
from app.learning.db import db
from app.learning.importer import import_catalog
from tests import activity_answers as answers
from tests.activity_blocks import block
from tests.content_helpers import lesson_text, make_content
from tests.lessons import COURSE, SLUG, build_lesson

BODY = (
    "An introduction.\n\n"
    "## Picking and packing {#one}\n\nHow orders are picked. See [the wrap-up](#three).\n\n"
    + block("quiz", "quiz-1", "objectives: [first]\n", parts=2)
    + "\n## Going further {#further .deep-dive}\n\nMore to read.\n\n"
    + block("checklist", "checklist-1", parts=2)
    + "\n## Bonus work {#bonus .deep-dive}\n\nEven more.\n"
    + "\n## Mapping the process {#two}\n\nThe steps.\n\n"
    + block("process-map", "process-map-1", "title: Process Mapping\n", parts=2)
    + "\n## Wrap-up {#three}\n\nWhat to remember.\n"
    + "\n## Resources {#resources}\n\nLinks to read later.\n"
)
EXTRA = (
    "next: later\n"
    "completion:\n  sections: [one, two, three]\n  activities: [quiz-1, process-map-1]\n"
)
LESSON = parse_lesson(lesson_text(BODY, extra=EXTRA))
URL = f"/lessons/{SLUG}"
PAGE_ORDER = ["one", "two", "three", "further", "bonus", "resources"]


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture(autouse=True)
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", BODY, extra=EXTRA)


def read(visitor, *sections):
    events = [
        {"id": str(uuid.uuid4()), "type": "section-read", "lesson": SLUG, "section": s}
        for s in sections
    ]
    assert visitor.post("/progress/events", json={"events": events}).status_code == 200


def place(visitor, section):
    event = {
        "id": str(uuid.uuid4()),
        "type": "position",
        "lesson": SLUG,
        "section": section,
        "kind": "reading",
        "offset": 0,
        "at": datetime.now(UTC).isoformat(),
    }
    assert visitor.post("/progress/events", json={"events": [event]}).status_code == 200


def answer(visitor, activity_id, how="right"):
    fields = getattr(answers, how)(LESSON.activities[activity_id])
    response = visitor.post(
        f"{URL}/activities/{activity_id}",
        data={"revision": "1", **fields},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200


def finish(visitor):
    read(visitor, "one", "two", "three")
    answer(visitor, "quiz-1")
    answer(visitor, "process-map-1")


def section_ids(html: str) -> list[str]:
    return re.findall(r'data-section-id="([^"]+)"', html)


def sign_up(visitor, email="ada@example.org"):
    response = visitor.post(
        "/signup",
        data={
            "email": email,
            "password": "correct horse battery",
            "confirm": "correct horse battery",
        },
    )
    assert response.status_code in (302, 303)


# -- the required path first -----------------------------------------------------------------


def test_the_required_path_comes_before_the_deep_dive_keeping_its_order(visitor):
    html = visitor.get(URL).text
    assert section_ids(html) == PAGE_ORDER


def test_the_table_of_contents_follows_the_page_and_labels_each_part(visitor):
    html = visitor.get(URL).text
    toc = html[html.index('class="toc"') :]
    toc = toc[: toc.index("</nav>")]
    assert re.findall(r'href="#([^"]+)" data-toc-link', toc) == PAGE_ORDER
    labels = re.findall(r'class="toc__label">([^<]+)<', toc)
    assert labels == [
        "Lesson content",
        "Deep dive · optional",
        "More from this lesson · not counted",
    ]


def test_the_audio_follows_the_page_order(visitor):
    sections = visitor.get(f"/audio/lessons/{SLUG}.json").json["sections"]
    spoken = [s["id"] for s in sections if s["id"] in PAGE_ORDER]
    assert spoken == PAGE_ORDER


def test_a_lesson_without_completion_rules_puts_its_deep_dive_last(app, tmp_path, visitor):
    body = (
        "Intro.\n\n## One {#one}\n\nText.\n\n## Deeper {#deeper .deep-dive}\n\nMore.\n"
        "\n## Two {#two}\n\nText.\n"
    )
    build_lesson(app, tmp_path / "other", body, slug="plain-lesson")
    html = visitor.get("/lessons/plain-lesson").text
    assert section_ids(html) == ["one", "two", "deeper"]
    assert "2 sections and 0 activities to complete + optional deep dive" in html


def test_the_counts_agree_in_the_header_the_progress_and_the_course_page(visitor):
    read(visitor, "one", "further")
    html = visitor.get(URL).text
    assert "3 sections and 2 activities to complete + optional deep dive" in html
    assert "1 of 3 sections read" in html
    assert "0 of 2 activities passed" in html
    course = visitor.get(f"/courses/{COURSE}").text
    assert "1 of 5 steps done · 1 of 3 sections read, 0 of 2 activities passed" in course


# -- focus mode without JavaScript -----------------------------------------------------------


def test_focus_mode_shows_the_named_section_with_previous_and_continue(visitor):
    html = visitor.get(f"{URL}?view=focus&section=two").text
    assert 'class="lesson lesson--focus"' in html
    assert re.findall(
        r'lesson-section--\w+(?:-\w+)? is-current" [^>]*data-section-id="(\w+)"', html
    ) == ["two"]
    nav = html[html.index('aria-label="Sections: Mapping the process"') :]
    nav = nav[: nav.index("</nav>")]
    assert "Section 2 of 3 to complete" in nav
    assert f'href="{URL}?view=focus&amp;section=one#one"' in nav
    assert "Previous: Picking and packing" in nav
    assert f'href="{URL}?view=focus&amp;section=three#three"' in nav
    assert "Continue: Wrap-up" in nav
    assert f'href="{URL}?view=full#two"' in html  # the whole page, one link away


def test_focus_mode_marks_optional_sections_and_the_step_into_them(visitor):
    html = visitor.get(f"{URL}?view=focus&section=three").text
    nav = html[html.index('aria-label="Sections: Wrap-up"') :]
    assert "Continue: Going further (optional)" in nav[: nav.index("</nav>")]
    html = visitor.get(f"{URL}?view=focus&section=further").text
    nav = html[html.index('aria-label="Sections: Going further"') :]
    assert "Deep dive: not counted" in nav[: nav.index("</nav>")]


def test_focus_mode_is_remembered_and_opens_where_the_learner_was_reading(visitor):
    response = visitor.get(f"{URL}?view=focus")
    assert "lesson_view=focus" in response.headers["Set-Cookie"]
    place(visitor, "three")
    html = visitor.get(URL).text
    assert 'class="lesson lesson--focus"' in html
    assert 'is-current" aria-labelledby="three"' in html
    response = visitor.get(f"{URL}?view=full")
    assert "lesson_view=full" in response.headers["Set-Cookie"]
    assert "is-current" not in visitor.get(URL).text


def test_the_cookie_is_sent_only_when_the_choice_changes(visitor):
    visitor.get(f"{URL}?view=focus")
    again = visitor.get(f"{URL}?view=focus&section=two")
    assert "lesson_view" not in again.headers.get("Set-Cookie", "")


def test_the_full_page_is_the_default_and_shows_every_section(visitor):
    html = visitor.get(URL).text
    assert 'class="lesson"' in html and "is-current" not in html
    assert f'href="{URL}?view=focus"' in html
    assert "Read one section at a time" in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("view=sideways", 400, "There is no “sideways” view of a lesson"),
        ("view=focus&section=nowhere", 404, "This lesson has no section called “nowhere”"),
    ],
)
def test_a_bad_view_or_section_gets_a_clear_4xx(visitor, query, status, message):
    response = visitor.get(f"{URL}?{query}")
    assert response.status_code == status
    assert message in response.text


# -- Start, Continue, Review -----------------------------------------------------------------


def test_a_new_visitor_is_offered_start_on_the_home_and_course_pages(visitor):
    for url in ("/", f"/courses/{COURSE}"):
        html = visitor.get(url).text
        assert f'<a class="button resume__link" href="{URL}">Start' in html


def test_a_learner_part_way_through_is_offered_the_section_they_were_reading(visitor):
    read(visitor, "one")
    place(visitor, "two")
    for url in ("/", f"/courses/{COURSE}"):
        html = visitor.get(url).text
        assert f'href="{URL}#two">Continue: Mapping the process' in html
        assert "20% complete" in html


def test_continue_skips_to_the_first_open_required_step_when_the_position_is_done(visitor):
    read(visitor, "one", "two")
    answer(visitor, "quiz-1")
    place(visitor, "one")
    html = visitor.get(f"/courses/{COURSE}").text
    # "two" is read but its process map is not passed yet
    assert f'href="{URL}#two">Continue: Mapping the process' in html


def test_a_finished_lesson_is_offered_for_review(visitor):
    finish(visitor)
    for url in ("/", f"/courses/{COURSE}"):
        html = visitor.get(url).text
        assert f'href="{URL}">Review' in html
        assert "100% complete" in html


def test_the_course_page_reads_the_same_number_of_times_for_more_lessons(app, tmp_path, visitor):
    from sqlalchemy import event

    read(visitor, "one")

    def count() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert visitor.get(f"/courses/{COURSE}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    count()  # lessons are parsed on their first showing
    before = count()
    files = {
        f"0{n}-extra-{n}.md": lesson_text(
            "Intro.\n\n## One {#one}\n\nText.\n", id=f"extra-{n}", position=n
        )
        for n in (2, 3, 4)
    }
    with app.app_context():
        import_catalog(load_catalog(make_content(tmp_path / "more", files)))
        db.session.commit()
    count()
    assert count() == before
    assert visitor.get(f"/courses/{COURSE}").text.count('class="resume"') == 4


# -- the finish line -------------------------------------------------------------------------


def panel(html: str) -> str:
    start = html.index("data-complete-panel")
    return html[start : html.index("</section>", start)]


def test_no_panel_until_the_lesson_is_complete(visitor):
    read(visitor, "one", "two", "three")
    answer(visitor, "quiz-1")
    assert "data-complete-panel" not in visitor.get(URL).text


def test_the_panel_shows_what_was_done_scores_objectives_and_time(visitor):
    read(visitor, "further")
    finish(visitor)
    answer(visitor, "checklist-1")
    time = [
        {"id": str(uuid.uuid4()), "type": "time", "lesson": SLUG, "seconds": 70} for _ in range(2)
    ]
    assert visitor.post("/progress/events", json={"events": time}).status_code == 200
    found = panel(visitor.get(URL).text)
    assert "3 of 3 sections read, and 1 from the optional deep dive" in found
    assert "2 of 2 activities passed" in found
    assert re.search(r'data-score="quiz-1">.*?<td>100%</td>\s*<td>Passed</td>', found, re.S)
    assert re.search(r'data-score="process-map-1">.*?<td>100%</td>', found, re.S)
    assert 'data-score="checklist-1"' in found and "Bonus</span>" in found
    assert "1 of 2 objectives mastered." in found
    assert '<li data-mastery="mastered">' in found and "Do the first thing." in found
    assert "Time spent: 2 min" in found


def test_the_panel_says_the_next_lesson_is_coming_and_what_to_do_meanwhile(visitor):
    finish(visitor)
    found = panel(visitor.get(URL).text)
    assert "<strong>Next: Later</strong> · coming soon." in found
    assert "Meanwhile:" in found
    assert 'href="#further">Explore the optional deep dive: Going further' in found
    assert 'href="#checklist-1">Try “Going further” (bonus)' in found


def test_the_panel_links_the_next_lesson_when_it_is_published(app, tmp_path, visitor):
    files = {
        f"01-{SLUG}.md": lesson_text(BODY, extra=EXTRA),
        "02-later.md": lesson_text("Intro.\n\n## One {#one}\n\nText.\n", id="later", position=2),
    }
    with app.app_context():
        import_catalog(load_catalog(make_content(tmp_path / "both", files)))
        db.session.commit()
    finish(visitor)
    found = panel(visitor.get(URL).text)
    assert 'href="/lessons/later" rel="next">Next lesson: A lesson' in found
    assert "coming soon" not in found


def test_anonymous_learners_are_invited_to_sign_up_and_signed_in_ones_are_not(visitor):
    finish(visitor)
    assert "Sign up for free to keep it for good" in panel(visitor.get(URL).text)
    sign_up(visitor)
    html = visitor.get(URL).text
    assert "data-complete-panel" in html  # the progress came along to the account
    assert "Sign up for free to keep it for good" not in panel(html)


def test_the_progress_summary_sends_the_panel_for_the_page_to_show(visitor):
    read(visitor, "one", "two", "three")
    answer(visitor, "quiz-1")
    assert visitor.get(f"{URL}/progress").json["completion"] == ""
    answer(visitor, "process-map-1")
    data = visitor.get(f"{URL}/progress").json
    assert data["complete"] is True
    assert "data-complete-panel" in data["completion"]
    assert "Score per activity" in data["completion"]
