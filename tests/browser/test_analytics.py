"""Analytics and reviews in Chromium: readable charts in both themes, a review seen by the learner."""

from __future__ import annotations

import re
import uuid

import pytest

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.users import add_to_staff, add_user, sign_in_browser

LESSON = f"/lessons/{SEED_LESSON}"
ANALYTICS = f"/instructor/lessons/{SEED_LESSON}/analytics"
SHIPPED = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]


def token(client, path="/") -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text).group(1)


def answer(client, activity_id, how="right"):
    """Answer one of the shipped lesson's activities through its form."""
    fields = getattr(answers, how)(SHIPPED.activities[activity_id])
    data = {"revision": "1", "csrf_token": token(client), **fields}
    response = client.post(f"{LESSON}/activities/{activity_id}", data=data)
    assert response.status_code == 302, response.text


def events(client, *items) -> None:
    headers = {"X-CSRFToken": token(client)}
    response = client.post("/progress/events", json={"events": list(items)}, headers=headers)
    assert response.status_code == 200, response.text


def read(section: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": "section-read",
        "lesson": SEED_LESSON,
        "section": section,
    }


def spent(seconds: int) -> dict:
    return {"id": str(uuid.uuid4()), "type": "time", "lesson": SEED_LESSON, "seconds": seconds}


COLOURS = """() => {
  const card = getComputedStyle(document.querySelector('#sections')).backgroundColor;
  const pick = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
  return {
    card,
    bar: pick('#chart-funnel-title ~ .chart__bar', 'fill'),
    label: pick('#sections .chart__label', 'fill'),
    value: pick('#sections .chart__value', 'fill'),
  };
}"""


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def sign_in_as_instructor(app, page, base):
    add_user(app, "teach@example.org", "instructor")
    add_to_staff(app, "teach@example.org")
    sign_in_browser(page, base)


@pytest.fixture
def history(seeded):
    for how in ("right", "wrong", "partly"):
        learner = seeded.test_client()
        events(learner, read("fulfillment-process"), spent(45))
        answer(learner, "knowledge-check-quiz", how)
        answer(learner, "delay-email", how)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_keep_their_contrast_and_fit_a_phone(browser, live_server, seeded, history, scheme):
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in_as_instructor(seeded, page, live_server)
    page.goto(live_server + ANALYTICS, wait_until="networkidle")
    colours = page.evaluate(COLOURS)
    assert contrast(colours["bar"], colours["card"]) >= 3, colours  # graphics: 3:1
    assert contrast(colours["label"], colours["card"]) >= 4.5, colours  # text: 4.5:1
    assert contrast(colours["value"], colours["card"]) >= 4.5, colours
    assert page.get_by_role("img", name="Completion funnel").is_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert all(url.startswith(live_server) for url in requested), requested
    context.close()


def test_an_instructor_reviews_a_written_answer_and_the_learner_sees_it(
    browser, live_server, seeded
):
    learner = browser.new_context().new_page()
    learner.goto(live_server + LESSON)
    essay = learner.locator('[data-activity="delay-email"]')
    essay.locator("textarea").fill("Sorry for the delay.")
    essay.get_by_role("button", name="Check my answer").click()
    essay.locator(".result__headline").wait_for()

    teacher = browser.new_context().new_page()
    sign_in_as_instructor(seeded, teacher, live_server)
    teacher.goto(live_server + "/instructor/")
    teacher.get_by_role("link", name="Analytics for Order Management & Fulfillment Basics").click()
    written = teacher.locator("article.review").first
    assert "Sorry for the delay." in written.inner_text()
    written.get_by_label("Score (%)").fill("85")
    written.get_by_label("Comment for the learner").fill("Clear apology. Add a delivery date.")
    written.get_by_role("button", name="Save review").click()
    reviewed = teacher.locator("article.review").filter(has=teacher.locator(".tag--reviewed"))
    assert "Review saved" in reviewed.get_by_role("status").inner_text()
    assert teacher.url.endswith(f"#{reviewed.get_attribute('id')}")

    learner.reload()
    result = learner.locator('[data-activity="delay-email"] .result')
    assert result.locator(".result__headline strong").inner_text() == "85%"
    assert "Add a delivery date." in result.locator("[data-review]").inner_text()
