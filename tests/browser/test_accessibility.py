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
SCHEMES = ("light", "dark")


def violations(page, options: dict = RULES) -> list[str]:
    found = AXE.run(page, options=options).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in found]


def crawl_violations(
    page, start: str, limit: int = 25, settle: int = 0, schemes: tuple[str, ...] = ("light",)
) -> dict[str, list[str]]:
    """axe's findings on every page the crawl reaches, in each colour scheme: one crawl checks
    both themes (the pages follow the system scheme, switched on the loaded page)."""
    problems = {}

    def check(page, url):
        page.wait_for_timeout(settle)
        for scheme in schemes:
            page.emulate_media(color_scheme=scheme)
            if found := violations(page):
                problems[f"{url} ({scheme})"] = found
        page.emulate_media(color_scheme=schemes[0])

    crawl(page, start, limit, visit=check)
    return problems


def test_every_page_an_anonymous_learner_reaches_passes_axe_in_both_themes(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    problems = crawl_violations(page, live_server + "/", schemes=SCHEMES)
    background = "getComputedStyle(document.body).backgroundColor"
    backgrounds = set()
    for scheme in SCHEMES:  # switching the scheme on a loaded page does switch the theme
        page.emulate_media(color_scheme=scheme)
        backgrounds.add(page.evaluate(background))
    context.close()
    assert len(backgrounds) == 2
    assert problems == {}


def test_every_page_a_signed_in_learner_reaches_passes_axe_in_both_themes(
    seeded, browser, live_server
):
    context = learner_with_progress(browser, seeded, live_server)
    problems = crawl_violations(context.pages[0], live_server + "/dashboard", schemes=SCHEMES)
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
