"""With JavaScript off every shipped lesson is still a course: read it, answer every activity, see
the grades."""

from __future__ import annotations

import pytest

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.browser.forms import fill_field
from tests.conftest import SEED_CONTENT

CATALOG = load_catalog(SEED_CONTENT)


@pytest.fixture
def context_options():
    return {"viewport": {"width": 1280, "height": 900}, "java_script_enabled": False}


@pytest.mark.parametrize("lesson_id", sorted(CATALOG.lessons))
def test_every_activity_is_answered_and_graded_through_plain_forms(page, live_server, lesson_id):
    lesson = CATALOG.lessons[lesson_id]
    url = f"{live_server}/lessons/{lesson_id}"
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == lesson.title
    for section in lesson.sections:
        assert page.locator(f"#{section.id}").count() == 1, section.id
    assert page.locator("[data-board]").count() == 0  # drag boards are drawn only by scripts

    for activity_id, activity in lesson.activities.items():
        section = page.locator(f'[data-activity="{activity_id}"]')
        for name, values in answers.right(activity).items():
            fill_field(section, name, values)
        section.locator("button[type=submit]").click()
        page.wait_for_url(f"**#{activity_id}")
        headline = page.locator(f'[data-activity="{activity_id}"] .result__headline')
        text = headline.inner_text()
        if activity.type == "reflection":
            assert text == "Reflection saved.", activity_id
        else:
            assert text.startswith("100%") and "you passed" in text, (activity_id, text)
            done = page.locator(f'[data-activity="{activity_id}"]').get_by_role(
                "button", name="Done — try again"
            )
            assert done.count() == 1, activity_id

    page.goto(url)  # a later visit shows the grades again
    headlines = page.locator(".result__headline")
    assert headlines.count() == len(lesson.activities)
