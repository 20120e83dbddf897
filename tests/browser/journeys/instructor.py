"""An instructor edits a lesson in the browser, watches the preview follow, publishes, and a
learner elsewhere sees the new text."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.journeys.lesson import COURSE_TITLE, NEXT_TITLE
from tests.users import sign_in_browser

OLD = "Higher zones cost more."
NEW = "The higher the zone, the more the label costs."


def test_an_instructor_edits_previews_and_publishes_and_a_learner_sees_it(
    journey_server, open_page
):
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in_browser(page, journey_server.url)
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("row", name=NEXT_TITLE).get_by_role("link", name="Edit").click()

    source = page.get_by_label("Lesson Markdown")
    preview = page.locator("[data-preview]")
    expect(preview).to_contain_text(OLD)
    text = page.locator("#source").input_value()  # the form field behind the code editor
    assert OLD in text
    source.fill(text.replace(OLD, NEW))
    expect(preview).to_contain_text(NEW)
    expect(preview).not_to_contain_text(OLD)
    expect(page.locator("[data-problems]")).to_have_text("No problems found.")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator(".flash")).to_contain_text("is published")

    learner = open_page()
    learner.goto(journey_server.url)
    learner.get_by_role("link", name=COURSE_TITLE).click()
    learner.get_by_role("link", name=NEXT_TITLE, exact=True).click()
    article = learner.locator("article.lesson")
    expect(article).to_contain_text(NEW)
    expect(article).not_to_contain_text(OLD)
    assert page.js_errors == [] and learner.js_errors == []
