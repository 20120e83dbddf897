"""axe-core finds no WCAG 2.x A/AA violations on the pages a learner or instructor reaches."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.crawl import (
    LESSONS,
    answer_every_activity,
    crawl,
    instructor,
    learner_with_progress,
)

pytestmark = pytest.mark.rendering

RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}
AXE = Axe()


def violations(page, options: dict = RULES) -> list[str]:
    found = AXE.run(page, options=options).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in found]


def crawl_violations(page, start: str, limit: int = 25, settle: int = 0) -> dict[str, list[str]]:
    problems = {}

    def check(page, url):
        page.wait_for_timeout(settle)
        if found := violations(page):
            problems[url] = found

    crawl(page, start, limit, visit=check)
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_an_anonymous_learner_reaches_passes_axe(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme)
    problems = crawl_violations(context.new_page(), live_server + "/")
    context.close()
    assert problems == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_a_signed_in_learner_reaches_passes_axe(seeded, browser, live_server, scheme):
    context = learner_with_progress(browser, seeded, live_server, color_scheme=scheme)
    problems = crawl_violations(context.pages[0], live_server + "/dashboard")
    context.close()
    assert problems == {}


@pytest.mark.parametrize("lesson", LESSONS)
def test_activities_in_their_answered_state_pass_axe(page, live_server, lesson):
    page.goto(live_server + lesson)
    answer_every_activity(page)
    assert violations(page) == []


def test_instructor_pages_pass_axe(seeded, browser, live_server):
    context = instructor(browser, seeded, live_server)
    # settle: the editor's first preview
    problems = crawl_violations(context.pages[0], f"{live_server}/instructor/", 15, settle=300)
    context.close()
    assert problems == {}
