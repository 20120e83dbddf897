"""Marks in place, with scripts: after a check every part of an activity is marked right, partly
right or wrong where it is answered (or, for written answers and checklists, in the result's
list), without reloading the page; a passed activity says it is done."""

from __future__ import annotations

import pytest

from app.core import activity_types
from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.browser.axe import violations
from tests.browser.forms import fill_field
from tests.conftest import SEED_CONTENT, SEED_LESSON

pytestmark = pytest.mark.ui

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
# One activity of every graded type on the shipped lesson.
ONE_OF_EACH = ["process-mapping", "method-comparison", "delay-email", "oms-checklist"]
QUIZ = "knowledge-check-quiz"
VERDICT = {"correct": "Correct", "partial": "Partly right", "wrong": "Not right"}
VERDICT["missing"] = VERDICT["wrong"]

# Sets the plain fields under a widget, the way its script keeps them, even where the script has
# hidden them behind a board: the fetch sends the form's fields.
SET_FIELDS = """([id, fields]) => {
  const form = document.querySelector(`[data-activity="${id}"] form[data-activity-form]`);
  for (const [name, values] of Object.entries(fields)) {
    for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (field.type === "radio" || field.type === "checkbox") field.checked = values.includes(field.value);
      else field.value = values.join("\\n");
    }
  }
}"""


@pytest.fixture
def lesson(page, live_server):
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    page.evaluate("window.notReloaded = true")
    return page


def check(page, activity_id):
    section = page.locator(f'[data-activity="{activity_id}"]')
    section.locator("button[type=submit]").click()
    section.locator("[data-result] .result__headline").wait_for()
    return section


def expected_marks(activity, fields, listed_only_with_messages: bool = False) -> dict[str, str]:
    """Feedback key -> the verdict its mark should show, from grading the same answer (a list
    in the result leaves out parts judged with nothing to say)."""
    _, grade = activity_types.get(activity.type).evaluate(activity.spec, fields)
    return {
        item.key: VERDICT[item.status]
        for item in grade.feedback
        if item.status != "info" and (item.messages or not listed_only_with_messages)
    }


def test_quiz_questions_are_marked_in_place_without_reloading(lesson):
    quiz = LESSON.activities[QUIZ]
    section = lesson.locator(f'[data-activity="{QUIZ}"]')
    fields = answers.wrong(quiz)
    for name, values in fields.items():
        fill_field(section, name, values)
    check(lesson, QUIZ)
    marks = expected_marks(quiz, fields)
    for question in quiz.spec.questions:
        mark = section.locator(f'[data-question="{question.id}"] [data-mark="q:{question.id}"]')
        assert mark.count() == 1, question.id
        assert marks[f"q:{question.id}"] in mark.locator(".mark__verdict").inner_text()
    assert "Not right" in section.locator("[data-question] [data-mark]").first.inner_text()
    assert lesson.evaluate("window.notReloaded") is True
    assert lesson.js_errors == []


@pytest.mark.parametrize("activity_id", ONE_OF_EACH)
def test_every_part_is_marked_after_a_check_without_reloading(lesson, activity_id):
    activity = LESSON.activities[activity_id]
    fields = answers.partly(activity)
    lesson.evaluate(SET_FIELDS, [activity_id, fields])
    section = check(lesson, activity_id)
    in_place = activity_types.get(activity.type).marks_in_place
    marks = expected_marks(activity, fields, listed_only_with_messages=not in_place)
    assert set(marks.values()) - {"Correct"}, "the answer should have parts to fix"
    for key, verdict in marks.items():
        mark = section.locator(f'[data-mark="{key}"]')
        assert mark.count() == 1, key
        assert mark.is_visible(), key  # on the board's card, not only on the hidden select
        assert verdict in mark.locator(".mark__verdict").inner_text(), key
        inside_result = mark.evaluate("m => !!m.closest('[data-result]')")
        assert inside_result is not in_place, key
    summary = section.locator("[data-next-step]").inner_text()
    assert "Fix the" in summary and "check again" in summary
    assert lesson.evaluate("window.notReloaded") is True
    assert lesson.js_errors == []


def test_cards_on_the_board_carry_their_marks(lesson):
    activity = LESSON.activities["process-mapping"]
    lesson.evaluate(SET_FIELDS, ["process-mapping", answers.wrong(activity)])
    section = check(lesson, "process-mapping")
    board = section.locator("[data-board]")
    step = activity.spec.main_steps[0]
    chip = board.locator(f'.chip[data-card="{step}"]')
    assert chip.locator(f'[data-mark="step:{step}"]').inner_text().startswith("✗ Not right")
    assert "is-wrong" in chip.get_attribute("class")
    assert section.locator("[data-process-map]").is_hidden()


def test_a_passed_activity_says_it_is_done_and_offers_another_try(lesson):
    quiz = LESSON.activities[QUIZ]
    section = lesson.locator(f'[data-activity="{QUIZ}"]')
    for name, values in answers.right(quiz).items():
        fill_field(section, name, values)
    section.get_by_role("button", name="Check my answer").click()
    again = section.get_by_role("button", name="Done — try again")
    again.wait_for()
    assert again.inner_text() == "Done ✓ — try again"
    assert "button--secondary" in again.get_attribute("class")
    assert section.get_by_role("button", name="Check again").count() == 0
    live = section.locator("[data-result]")
    assert live.get_attribute("aria-live") == "polite"
    assert "Done." in live.locator("[data-next-step]").inner_text()
    assert lesson.evaluate("document.activeElement.textContent.trim()") == "Done ✓ — try again"


def test_the_outcome_on_top_follows_each_check_without_reloading(lesson):
    activity = LESSON.activities["process-mapping"]
    status = lesson.locator('[data-activity="process-mapping"] [data-activity-status]')
    assert status.count() == 0
    lesson.evaluate(SET_FIELDS, ["process-mapping", answers.wrong(activity)])
    check(lesson, "process-mapping")
    assert "Not passed yet" in status.inner_text()
    lesson.evaluate(SET_FIELDS, ["process-mapping", answers.right(activity)])
    check(lesson, "process-mapping")
    status.filter(has_text="Passed:").wait_for()
    assert status.count() == 1
    assert lesson.evaluate("window.notReloaded") is True


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_answered_activities_with_their_marks_pass_axe(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    for activity_id in [*ONE_OF_EACH, QUIZ]:
        fields = answers.partly(LESSON.activities[activity_id])
        page.evaluate(SET_FIELDS, [activity_id, fields])
        check(page, activity_id)
    page.locator(".mark__why").first.evaluate("d => d.open = true")
    found = violations(page)
    context.close()
    assert found == []
