"""Activities in Chromium: the process map by mouse, keyboard and clicks; tables and quizzes."""

from __future__ import annotations

import pytest

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.browser.forms import fill_field
from tests.conftest import SEED_CONTENT, SEED_LESSON

pytestmark = pytest.mark.ui

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
MAP = LESSON.activities["process-mapping"].spec


def label(step: str) -> str:
    return MAP.steps[step].label


@pytest.fixture
def lesson(page, live_server):
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    return page


def board(page):
    return page.locator('[data-activity="process-mapping"] [data-board]')


def chip(page, step):
    return board(page).locator(f'.chip[data-card="{step}"] > button')


def zone(page, name):
    return board(page).locator(f'[data-zone="{name}"]')


def check_and_read_score(page, activity="process-mapping"):
    section = page.locator(f'[data-activity="{activity}"]')
    section.get_by_role("button", name="Check my answer").click()
    headline = section.locator(".result__headline")
    headline.wait_for()
    return headline.inner_text()


def test_process_map_solved_by_dragging_with_the_mouse(lesson):
    lesson.locator('[data-activity="process-mapping"]').scroll_into_view_if_needed()
    for step in MAP.main_steps:
        target = zone(lesson, "main").locator("[data-zone-list]")
        chip(lesson, step).drag_to(
            target, target_position={"x": 20, "y": target.bounding_box()["height"] - 4}
        )
    for branch in MAP.branches:
        for step in branch.steps:
            chip(lesson, step).drag_to(
                zone(lesson, f"branch:{branch.id}").locator("[data-zone-list]")
            )
    order = zone(lesson, "main").locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.card)")
    assert order == list(MAP.main_steps)
    assert check_and_read_score(lesson).startswith("100%")
    assert lesson.js_errors == []


def test_process_map_solved_with_the_keyboard_only(lesson):
    announcer = board(lesson).locator("[data-announcer]")
    for index, step in enumerate(MAP.main_steps):
        button = chip(lesson, step)
        button.focus()
        lesson.keyboard.press("Space")  # pick up
        lesson.keyboard.press("ArrowRight")  # tray → process (the card goes to the end)
        lesson.wait_for_function(
            "el => el.textContent.includes('position')", arg=announcer.element_handle()
        )
        assert f"position {index + 1} of {index + 1}" in announcer.text_content()
        lesson.keyboard.press("Space")  # drop
    branch = MAP.branches[0]
    for step in branch.steps:
        chip(lesson, step).focus()
        lesson.keyboard.press("Space")
        lesson.keyboard.press("ArrowRight")
        lesson.keyboard.press("ArrowRight")
        lesson.keyboard.press("Enter")
    # move a card up and back, then cancel a move with Escape
    chip(lesson, MAP.main_steps[-1]).focus()
    lesson.keyboard.press("Space")
    lesson.keyboard.press("ArrowUp")
    lesson.keyboard.press("Escape")
    lesson.wait_for_function(
        "el => el.textContent.includes('move cancelled')", arg=announcer.element_handle()
    )
    lesson.keyboard.press("Tab")  # focus moves on; nothing traps it
    order = zone(lesson, "main").locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.card)")
    assert order == list(MAP.main_steps)
    submit = lesson.locator('[data-activity="process-mapping"]').get_by_role(
        "button", name="Check my answer"
    )
    submit.focus()
    lesson.keyboard.press("Enter")
    result = lesson.locator('[data-activity="process-mapping"] .result__headline')
    result.wait_for()
    assert result.inner_text().startswith("100%")


def test_process_map_solved_by_clicks_alone(lesson):
    place_here = zone(lesson, "main").get_by_role("button", name="Place here")
    for step in MAP.main_steps:
        chip(lesson, step).click()
        place_here.click()
    for branch in MAP.branches:
        for step in branch.steps:
            chip(lesson, step).click()
            zone(lesson, f"branch:{branch.id}").get_by_role("button", name="Place here").click()
    assert check_and_read_score(lesson).startswith("100%")


def test_a_wrong_process_map_shows_feedback_per_step_without_reloading(lesson):
    lesson.evaluate("window.marker = 'still here'")
    for step in reversed(MAP.main_steps):
        chip(lesson, step).click()
        zone(lesson, "main").get_by_role("button", name="Place here").click()
    assert not check_and_read_score(lesson).startswith("100%")
    section = lesson.locator('[data-activity="process-mapping"]')
    first = chip(lesson, MAP.main_steps[0]).locator("xpath=..")
    assert "is out of place" in first.locator("[data-mark]").inner_text()  # on the step itself
    result = section.locator("[data-result]")
    assert "Fix the" in result.inner_text()
    assert result.get_attribute("aria-live") == "polite"
    assert lesson.evaluate("window.marker") == "still here"


def test_comparison_table_filled_and_graded_on_the_page(lesson):
    activity = LESSON.activities["method-comparison"]
    section = lesson.locator('[data-activity="method-comparison"]')
    fields = answers.right(activity)
    for name, (value,) in fields.items():
        if name.startswith("cell:"):
            section.locator(f'select[name="{name}"]').select_option(value)
    for card_id, card in activity.spec.cards.items():
        section.locator(f'.chip[data-card="{card_id}"] > button').click()
        row, column = card.cells[0]
        section.locator(f'[data-zone="{row}/{column}"]').get_by_role(
            "button", name="Place here"
        ).click()
    assert check_and_read_score(lesson, "method-comparison").startswith("100%")
    marked = lesson.locator('[data-activity="method-comparison"] .comparison__cell.is-correct')
    assert marked.count() == len(activity.spec.cells)  # marked at once, without a reload
    lesson.reload()  # and again once the page is drawn again
    assert marked.count() == len(activity.spec.cells)


def test_quiz_answered_and_graded_on_the_page(lesson):
    quiz = LESSON.activities["knowledge-check-quiz"]
    section = lesson.locator('[data-activity="knowledge-check-quiz"]')
    for name, values in answers.right(quiz).items():
        fill_field(section, name, values)
    assert check_and_read_score(lesson, "knowledge-check-quiz").startswith("100%")
    assert "well done, you passed" in section.locator(".result__headline").inner_text()


def _solve_with_selects(section):
    for index, step in enumerate(MAP.main_steps):
        section.locator(f'select[name="place:{step}"]').select_option(str(index + 1))
    for branch in MAP.branches:
        for step in branch.steps:
            section.locator(f'select[name="place:{step}"]').select_option(f"branch:{branch.id}")


def test_without_javascript_the_process_map_is_a_plain_form(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    section = page.locator('[data-activity="process-mapping"]')
    assert section.locator("[data-board]").count() == 0
    _solve_with_selects(section)
    section.get_by_role("button", name="Check my answer").click()
    page.wait_for_url("**#process-mapping")
    headline = page.locator('[data-activity="process-mapping"] .result__headline')
    assert headline.inner_text().startswith("100%")
    context.close()


def test_on_a_phone_taps_place_the_cards(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    for step in MAP.main_steps:
        chip(page, step).tap()
        zone(page, "main").get_by_role("button", name="Place here").tap()
    order = zone(page, "main").locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.card)")
    assert order == list(MAP.main_steps)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    context.close()
