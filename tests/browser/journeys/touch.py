"""A learner on a phone (360 × 740, touch): taps through to the lesson, places the process map's
cards and the table's statements by tapping a card and then where it goes, answers the quiz
with taps, and never has to scroll sideways."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.journeys.lesson import (
    COURSE_TITLE,
    LESSON,
    MAP,
    QUIZ,
    quiz_fields,
    table_cards,
    table_cells,
)
from tests.browser.journeys.steps import expect_passed

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def tap_check(page, activity: str) -> None:
    page.locator(f'[data-activity="{activity}"] .activity__actions button[type=submit]').tap()


def test_a_phone_user_taps_through_the_activities(journey_server, open_page):
    page = open_page(**PHONE)
    page.goto(journey_server.url)
    page.get_by_role("link", name=COURSE_TITLE).tap()
    page.get_by_role("link", name=f"Start “{LESSON.title}”").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON.title)
    assert no_horizontal_scroll(page)

    board = page.locator('[data-activity="process-mapping"] [data-board]')
    for step in MAP.main_steps:
        board.locator(f'.chip[data-card="{step}"] > button').tap()
        board.locator('[data-zone="main"]').get_by_role("button", name="Place here").tap()
    for branch in MAP.branches:
        for step in branch.steps:
            board.locator(f'.chip[data-card="{step}"] > button').tap()
            board.locator(f'[data-zone="branch:{branch.id}"]').get_by_role(
                "button", name="Place here"
            ).tap()
    tap_check(page, "process-mapping")
    expect_passed(page, "process-mapping")

    table = page.locator('[data-activity="method-comparison"]')
    for name, value in table_cells().items():
        table.locator(f'select[name="{name}"]').select_option(value)  # the phone's own picker
    for card, cell in table_cards().items():
        table.locator(f'.chip[data-card="{card}"] > button').tap()
        table.locator(f'[data-zone="{cell}"]').get_by_role("button", name="Place here").tap()
    tap_check(page, "method-comparison")
    expect_passed(page, "method-comparison")

    quiz = page.locator(f'[data-activity="{QUIZ.id}"]')
    for name, value in quiz_fields():
        field = quiz.locator(f'[name="{name}"]').first
        kind = field.evaluate("el => el.type")
        if kind in ("radio", "checkbox"):
            quiz.locator(f'[name="{name}"][value="{value}"]').tap()
        elif kind == "text":
            field.tap()
            page.keyboard.type(value)  # the on-screen keyboard
        else:
            field.select_option(value)
    tap_check(page, QUIZ.id)
    expect_passed(page, QUIZ.id)

    assert no_horizontal_scroll(page)
    assert page.js_errors == []
