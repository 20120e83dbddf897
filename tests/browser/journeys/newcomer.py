"""A newcomer with a mouse, on a desktop: finds the lesson, listens, practises, signs up and
finishes it, and is pointed to the next lesson, where the practice goes on."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.forms import fill_field
from tests.browser.journeys.lesson import (
    ACTIVITIES,
    COMPENSATION,
    COURSE_TITLE,
    EMAIL_WITHOUT_COMPENSATION,
    LESSON,
    MAP,
    NEXT_TITLE,
    QUIZ,
    THRESHOLD_MESSAGE,
    listened_section_title,
    quiz_fields,
    table_cards,
    table_cells,
)
from tests.browser.journeys.steps import (
    RECORD_AUDIO,
    expect_lesson_progress,
    expect_passed,
    hear_the_listened_section,
    section_read_mark,
)


def drag(page, source, target) -> None:
    """Presses the mouse on ``source``, moves it in small steps to the bottom of ``target`` and
    lets go: a person dragging a card to the end of a list. Lists move as cards leave and join
    them, so, like a person, it aims again once there before letting go."""
    source.scroll_into_view_if_needed()
    start = source.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    for steps in (8, 2):
        end = target.bounding_box()
        page.mouse.move(end["x"] + 20, end["y"] + end["height"] - 4, steps=steps)
    page.mouse.up()


def solve_process_map_by_dragging(page) -> None:
    board = page.locator('[data-activity="process-mapping"] [data-board]')
    board.scroll_into_view_if_needed()
    for step in MAP.main_steps:
        drag(
            page,
            board.locator(f'.chip[data-card="{step}"] > button'),
            board.locator('[data-zone="main"] [data-zone-list]'),
        )
    for branch in MAP.branches:
        for step in branch.steps:
            drag(
                page,
                board.locator(f'.chip[data-card="{step}"] > button'),
                board.locator(f'[data-zone="branch:{branch.id}"] [data-zone-list]'),
            )
    order = board.locator('[data-zone="main"] .chip').evaluate_all(
        "chips => chips.map(c => c.dataset.card)"
    )
    assert order == list(MAP.main_steps)


def check(page, activity: str) -> None:
    page.locator(f'[data-activity="{activity}"]').get_by_role(
        "button", name=re.compile("Check my answer|Check again|Done — try again")
    ).click()


def test_a_newcomer_learns_signs_up_finishes_and_is_shown_the_next_lesson(journey_server, page):
    page.add_init_script(RECORD_AUDIO)
    page.goto(journey_server.url)
    page.get_by_role("link", name=COURSE_TITLE).click()
    # A newcomer starts the lesson from its Start button.
    page.get_by_role("link", name=f"Start “{LESSON.title}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON.title)

    # Listen to a section: the audio plays and the highlight follows it.
    page.get_by_role("button", name=f"Listen to this section: {listened_section_title()}").click()
    hear_the_listened_section(page)
    page.get_by_role("button", name="Pause").click()

    solve_process_map_by_dragging(page)
    check(page, "process-mapping")
    expect_passed(page, "process-mapping")

    table = page.locator('[data-activity="method-comparison"]')
    for name, value in table_cells().items():
        table.locator(f'select[name="{name}"]').select_option(value)
    for card, cell in table_cards().items():
        table.locator(f'.chip[data-card="{card}"] > button').click()
        table.locator(f'[data-zone="{cell}"]').get_by_role("button", name="Place here").click()
    check(page, "method-comparison")
    expect_passed(page, "method-comparison")

    email = page.locator('[data-activity="delay-email"]')
    email.get_by_label("Your answer").fill(EMAIL_WITHOUT_COMPENSATION)
    check(page, "delay-email")
    compensation = email.locator('[data-mark="criterion:compensation"]')
    expect(compensation).to_contain_text("Offers a small compensation")
    expect(compensation.locator(".mark__verdict")).not_to_have_text("✓ Correct")
    email.get_by_label("Your answer").press("End")
    email.get_by_label("Your answer").press_sequentially(COMPENSATION)
    check(page, "delay-email")
    expect_passed(page, "delay-email")
    expect(compensation.locator(".mark__verdict")).to_have_text("✓ Correct")
    expect(compensation).to_contain_text("A small gesture shows you value the customer")

    quiz = page.locator(f'[data-activity="{QUIZ.id}"]')
    for name, value in quiz_fields():
        fill_field(quiz, name, [value])
    check(page, QUIZ.id)
    expect_passed(page, QUIZ.id)
    expect_lesson_progress(page, len(ACTIVITIES))  # the bar moves as they pass

    page.reload()
    expect_lesson_progress(page, len(ACTIVITIES))
    for activity in ACTIVITIES:
        expect_passed(page, activity)

    page.locator(".progress-notice").get_by_role("link", name="Sign up for free").click()
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_label("Repeat the password").fill("correct horse battery")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/lessons/{LESSON.id}")
    expect(page.locator(".flash")).to_contain_text("Welcome!")
    expect_lesson_progress(page, len(ACTIVITIES))
    for activity in ACTIVITIES:
        expect_passed(page, activity)

    # Read every required section to its end.
    for section in LESSON.required_sections:
        if section_read_mark(page, section).count():
            continue
        page.locator(f'[data-section-end="{section}"]').scroll_into_view_if_needed()
        expect(section_read_mark(page, section)).to_be_visible(timeout=10_000)
    # The page says so at once, and points to the next lesson.
    expect(page.locator("[data-lesson-progress]")).to_contain_text("Lesson complete")
    complete = page.locator(".lesson-complete")
    expect(complete).to_contain_text("You have read every required section")
    complete.get_by_role("link", name=NEXT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEXT_TITLE)
    # The second lesson grades like the first: the customer message passes.
    message = page.locator('[data-activity="threshold-message"]')
    message.get_by_label("Your answer").fill(THRESHOLD_MESSAGE)
    check(page, "threshold-message")
    expect_passed(page, "threshold-message")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=COURSE_TITLE).click()
    done = page.locator(".outline__item", has=page.get_by_role("link", name=LESSON.title))
    expect(done).to_contain_text("Completed")
    assert [e for e in page.js_errors if "favicon" not in e] == []
