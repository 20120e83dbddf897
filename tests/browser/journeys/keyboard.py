"""A learner with a keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and typing. They find
the lesson, listen, arrange the process map, fill the table, write the email, pass the quiz,
and find it all kept after a reload. The mouse is never used."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.journeys.lesson import (
    ACTIVITIES,
    COMPENSATION,
    COURSE_TITLE,
    EMAIL_WITHOUT_COMPENSATION,
    LESSON,
    LISTENED_SECTION,
    MAP,
    QUIZ,
    listened_section_title,
    quiz_fields,
    table_cards,
    table_cells,
)
from tests.browser.journeys.steps import (
    RECORD_AUDIO,
    choose_with_arrows,
    expect_lesson_progress,
    expect_passed,
    focused,
    hear_the_listened_section,
    tab_to,
)
from tests.conftest import SEED_LESSON

PROCESS = '[data-activity="process-mapping"]'
TABLE = '[data-activity="method-comparison"]'
EMAIL = '[data-activity="delay-email"]'
QUIZ_AREA = f'[data-activity="{QUIZ.id}"]'


def check_answer(page, activity: str) -> None:
    """Tabs to the activity's submit button and presses Enter; the focus stays there while the
    result is announced in the live region below."""
    button = f"{activity} .activity__actions button[type=submit]"
    tab_to(page, button)
    page.keyboard.press("Enter")
    page.locator(f"{activity} .result__headline").wait_for()
    assert focused(page, button)


def reach_the_lesson(page, base: str) -> None:
    page.goto(base)
    page.keyboard.press("Tab")
    assert focused(page, ".skip-link")
    tab_to(page, ".card__title a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_TITLE)
    tab_to(page, f'.outline__title a[href$="/lessons/{SEED_LESSON}"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON.title)
    page.keyboard.press("Tab")
    assert focused(page, ".skip-link")
    page.keyboard.press("Enter")
    assert focused(page, "#page-main")


def jump_to_section(page, section_id: str) -> None:
    """Follows the section's link in the lesson's contents; Tab then continues from there."""
    tab_to(page, f'.toc a[href="#{section_id}"]')
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === '#{section_id}'")


def listen(page) -> None:
    name = f"Listen to this section: {listened_section_title()}"
    page.get_by_role("button", name=name).wait_for()  # added once the player has its playlist
    jump_to_section(page, LISTENED_SECTION)
    page.keyboard.press("Tab")  # the section's own play button comes right after its heading
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == name
    page.keyboard.press("Enter")
    hear_the_listened_section(page)
    page.keyboard.press("k")  # the player's pause shortcut
    expect(page.get_by_role("button", name="Play")).to_have_attribute("aria-pressed", "false")


def arrange_process_map(page) -> None:
    announcer = page.locator(f"{PROCESS} [data-announcer]")
    moves = [(step, ["ArrowRight"]) for step in MAP.main_steps]  # the tray, then the process
    moves += [(s, ["ArrowRight", "ArrowRight"]) for b in MAP.branches for s in b.steps]
    for step, arrows in moves:
        chip = f'{PROCESS} .chip[data-card="{step}"] > button'
        tab_to(page, chip)
        page.keyboard.press("Space")
        expect(announcer).to_contain_text("picked up")
        for arrow in arrows:
            page.keyboard.press(arrow)
        page.keyboard.press("Space")
        expect(announcer).to_contain_text("dropped")
        assert focused(page, chip)  # the card keeps the focus where it was dropped
    order = page.locator(f'{PROCESS} [data-zone="main"] .chip').evaluate_all(
        "chips => chips.map(c => c.dataset.card)"
    )
    assert order == list(MAP.main_steps)


def fill_table(page) -> None:
    for name, value in table_cells().items():
        tab_to(page, f'{TABLE} select[name="{name}"]')
        choose_with_arrows(page, value)
    for card, cell in table_cards().items():
        chip = f'{TABLE} .chip[data-card="{card}"] > button'
        tab_to(page, chip)
        page.keyboard.press("Space")
        tab_to(page, f'{TABLE} [data-zone="{cell}"] [data-place-here]')
        page.keyboard.press("Enter")
        assert focused(page, chip)  # back on the card, now in its cell
        expect(
            page.locator(f'{TABLE} [data-zone="{cell}"] .chip[data-card="{card}"]')
        ).to_be_visible()


def write_email(page) -> None:
    answer = f"{EMAIL} textarea"
    tab_to(page, answer)
    page.keyboard.type(EMAIL_WITHOUT_COMPENSATION)
    check_answer(page, EMAIL)
    compensation = page.locator(f'{EMAIL} [data-mark="criterion:compensation"]')
    expect(compensation).to_contain_text("Offers a small compensation")
    tab_to(page, answer)
    page.keyboard.press("Control+End")
    page.keyboard.type(COMPENSATION)
    check_answer(page, EMAIL)
    expect(compensation.locator(".mark__verdict")).to_have_text("✓ Correct")


def pass_quiz(page) -> None:
    for name, value in quiz_fields():
        field = page.locator(f'{QUIZ_AREA} [name="{name}"]').first
        kind = field.evaluate("el => el.type")
        if kind == "checkbox":
            tab_to(page, f'{QUIZ_AREA} [name="{name}"][value="{value}"]')
            page.keyboard.press("Space")
        elif kind == "text":
            tab_to(page, f'{QUIZ_AREA} [name="{name}"]')
            page.keyboard.type(value)
        else:  # a radio group or a select: Tab into it, arrows to the answer
            tab_to(page, f'{QUIZ_AREA} [name="{name}"]')
            choose_with_arrows(page, value)
    check_answer(page, QUIZ_AREA)


def test_a_keyboard_user_learns_without_a_mouse(journey_server, page):
    page.add_init_script(RECORD_AUDIO)
    reach_the_lesson(page, journey_server.url)
    listen(page)

    jump_to_section(page, "interactive-exercises")
    arrange_process_map(page)
    check_answer(page, PROCESS)
    expect_passed(page, "process-mapping")

    fill_table(page)
    check_answer(page, TABLE)
    expect_passed(page, "method-comparison")

    write_email(page)
    expect_passed(page, "delay-email")

    jump_to_section(page, "knowledge-check")
    pass_quiz(page)
    expect_passed(page, QUIZ.id)
    expect_lesson_progress(page, len(ACTIVITIES))

    page.reload()
    expect_lesson_progress(page, len(ACTIVITIES))
    for activity in ACTIVITIES:
        expect_passed(page, activity)
    assert page.locator(f"{EMAIL} textarea").input_value().endswith(COMPENSATION.strip())
    assert page.js_errors == []
