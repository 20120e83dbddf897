"""In a browser: the editor's live problem list shows warnings labelled in words, apart from
errors; the invitation pages work and pass axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import violations
from tests.users import add_to_staff, add_user, sign_in_browser

pytestmark = pytest.mark.ui


def test_the_live_preview_lists_a_warning_apart_from_errors(seeded, live_server, page):
    add_user(seeded, "teach@example.org", "instructor")
    add_to_staff(seeded, "teach@example.org")
    sign_in_browser(page, live_server)
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("row", name="Order Management").get_by_role("link", name="Edit").click()
    page.locator(".cm-content").wait_for()  # the code editor in place of the textarea
    source = page.get_by_label("Lesson Markdown")
    text = page.locator("#source").input_value()  # the form field behind the code editor
    # A new objective that no activity assesses, and a colon that breaks an activity's YAML.
    added = text.replace(
        "objectives:\n", "objectives:\n  - id: unassessed\n    text: Something new.\n", 1
    )
    source.fill(added)
    problems = page.locator("[data-problems]")
    problems.get_by_text("1 warning (the lesson can still be published):").wait_for()
    warning = problems.locator(".problems__list--warning li").first
    assert re.match(r"(?i)warning line \d+: ", warning.inner_text())
    assert "objective 'unassessed' is not assessed" in warning.inner_text()
    assert problems.get_by_text("No problems found.").count() == 0
    assert violations(page) == []


def test_an_instructor_invites_and_the_invitee_joins(seeded, browser, live_server, page):
    add_user(seeded, "teach@example.org", "instructor")
    sign_in_browser(page, live_server)
    page.goto(f"{live_server}/instructor/")
    page.get_by_role("link", name="Invite an instructor").click()
    page.get_by_role("button", name="Create an invitation link").click()
    link = page.get_by_label(re.compile("Copy this link")).input_value()
    assert "/invitations/" in link
    assert violations(page) == []

    invitee = browser.new_context().new_page()
    invitee.goto(link)
    assert violations(invitee) == []
    invitee.get_by_label("Your name").fill("Grace Hopper")
    invitee.get_by_label("Email").fill("grace@example.org")
    invitee.get_by_label("Password", exact=True).fill("plum kettle marathon")
    invitee.get_by_label("Repeat the password").fill("plum kettle marathon")
    invitee.get_by_role("button", name="Create my instructor account").click()
    invitee.get_by_role("heading", name="Teach").wait_for()
    invitee.context.close()
