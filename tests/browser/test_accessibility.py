"""axe-core finds no WCAG 2.x A/AA violations on the pages a learner or instructor reaches."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.auth.models import User
from app.extensions import db
from tests.conftest import SEED_LESSON

RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}
PASSWORD = "correct horse battery"
AXE = Axe()


def violations(page) -> list[str]:
    found = AXE.run(page, options=RULES).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in found]


def crawl(page, start: str, limit: int = 25) -> list[str]:
    """Same-site pages reachable by links from ``start`` (no downloads, no sign-out)."""
    origin = urlsplit(start).netloc
    seen, queue = [], [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        page.goto(url)
        for href in page.eval_on_selector_all(
            "a[href]", "as => as.map(a => a.getAttribute('href'))"
        ):
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if (
                parts.netloc == origin
                and not parts.path.endswith((".json", ".m3u", ".mp3", ".vtt", ".csv"))
                and target not in seen
            ):
                queue.append(target)
    return seen


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_an_anonymous_learner_reaches_passes_axe(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for url in crawl(page, live_server + "/"):
        page.goto(url)
        if found := violations(page):
            problems[url] = found
    context.close()
    assert problems == {}


def test_activities_in_their_answered_state_pass_axe(page, live_server):
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    for activity in page.eval_on_selector_all(
        "[data-activity]", "els => els.map(e => e.dataset.activity)"
    ):
        section = page.locator(f'[data-activity="{activity}"]')
        for area in section.locator("textarea").all():
            area.fill("Sorry for the delay; it will arrive on Friday with 10% off your next order.")
        section.locator('button[type="submit"]').first.click()
        section.locator("[data-result] .result").wait_for()
    assert violations(page) == []


def test_instructor_pages_pass_axe(seeded, browser, live_server):
    with seeded.app_context():
        user = User(email="teach@example.org", role="instructor")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/signin")
    page.get_by_label("Email").fill("teach@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    problems = {}
    for url in crawl(page, f"{live_server}/instructor/", limit=15):
        if "/signout" in url:
            continue
        page.goto(url)
        page.wait_for_timeout(300)  # the editor's first preview
        if found := violations(page):
            problems[url] = found
    context.close()
    assert problems == {}
