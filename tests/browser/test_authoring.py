"""An instructor edits a lesson in the browser, sees a problem, fixes it, publishes it."""

from __future__ import annotations

import pytest

from app.auth.models import User
from app.extensions import db
from tests.conftest import SEED_LESSON

PASSWORD = "correct horse battery"


@pytest.fixture
def instructor(seeded):
    with seeded.app_context():
        user = User(email="teach@example.org", role="instructor")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def test_instructor_edits_previews_fixes_and_publishes(instructor, browser, live_server, page):
    page.goto(f"{live_server}/signin")
    page.get_by_label("Email").fill("teach@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("row", name="Order Management").get_by_role("link", name="Edit").click()

    source = page.get_by_label("Lesson Markdown")
    preview = page.locator("[data-preview]")
    preview.get_by_text("Answer key (only instructors see this)").first.wait_for()

    text = source.input_value()
    source.fill(text.replace("::: example", "::: exampel", 1))
    problems = page.locator("[data-problems]")
    problems.get_by_text("unknown block type '::: exampel'").wait_for()
    line = text.splitlines().index("::: example") + 1
    problems.get_by_role("button", name=f"line {line}").click()
    assert page.evaluate("document.activeElement.id") == "source"

    source.fill(text.replace("The main\nsteps are:", "The seven main\nsteps are:", 1))
    problems.get_by_text("No problems found.").wait_for()
    preview.get_by_text("The seven main").wait_for()
    page.get_by_role("button", name="Save and publish").click()
    assert "is published" in page.locator(".flash").inner_text()

    learner = browser.new_context().new_page()
    learner.goto(f"{live_server}/lessons/{SEED_LESSON}")
    assert learner.get_by_text("The seven main").count() == 1
    learner.context.close()
