"""An instructor edits a lesson in the browser, sees a problem, fixes it, publishes it."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_LESSON
from tests.users import add_to_staff, add_user, sign_in_browser

pytestmark = pytest.mark.ui


def test_instructor_edits_previews_fixes_and_publishes(seeded, browser, live_server, page):
    add_user(seeded, "teach@example.org", "instructor")
    add_to_staff(seeded, "teach@example.org")
    sign_in_browser(page, live_server)
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("row", name="Order Management").get_by_role("link", name="Edit").click()

    source = page.get_by_label("Lesson Markdown")
    preview = page.locator("[data-preview]")
    preview.get_by_text("Answer key (only instructors see this)").first.wait_for()

    text = page.locator("#source").input_value()  # the form field behind the code editor
    source.fill(text.replace("::: example", "::: exampel", 1))
    problems = page.locator("[data-problems]")
    problems.get_by_text("unknown block type '::: exampel'").wait_for()
    line = text.splitlines().index("::: example") + 1
    problems.get_by_role("button", name=f"line {line}").click()
    assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == "source-label"

    source.fill(text.replace("The main\nsteps are:", "The seven main\nsteps are:", 1))
    problems.get_by_text("No problems found.").wait_for()
    preview.get_by_text("The seven main").wait_for()
    page.get_by_role("button", name="Save and publish").click()
    assert "is published" in page.locator(".flash").inner_text()

    learner = browser.new_context().new_page()
    learner.goto(f"{live_server}/lessons/{SEED_LESSON}")
    assert learner.get_by_text("The seven main").count() == 1
    learner.context.close()
