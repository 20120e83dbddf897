"""The lesson page in Chromium: responsive, themed, self-contained; its contents follow along."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_LESSON

pytestmark = pytest.mark.ui

LESSON = f"/lessons/{SEED_LESSON}"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [320, 360, 768, 1440])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lesson_fits_every_width_without_horizontal_scrolling(browser, live_server, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server + LESSON)
    assert no_horizontal_scroll(page)
    context.close()


def test_lesson_makes_no_requests_to_other_origins_and_no_script_errors(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server + LESSON, wait_until="networkidle")
    assert requested, "the page loaded nothing"
    assert all(url.startswith(live_server) for url in requested), requested
    assert page.js_errors == []


def test_dark_theme_follows_the_system_setting(browser, live_server):
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server + LESSON)
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert backgrounds["light"] != backgrounds["dark"]


def test_theme_button_switches_and_remembers_the_choice(page, live_server):
    background = "getComputedStyle(document.body).backgroundColor"
    page.goto(live_server + LESSON)
    page.get_by_role("button", name="Theme: system").click()
    light = page.evaluate(background)
    page.get_by_role("button", name="Theme: light").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(background) != light
    dark = page.evaluate(background)
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(background) == dark
    assert page.get_by_role("button", name="Theme: dark").is_visible()


def test_contents_mark_the_section_being_read(page, live_server):
    page.goto(live_server + LESSON)
    assert page.locator('.toc a[aria-current="true"]').count() == 0  # still above the first one
    page.evaluate("document.getElementById('fulfillment-methods').scrollIntoView({block: 'start'})")
    page.wait_for_function(  # a function, not a string: the page's policy forbids eval
        "() => document.querySelector('.toc a[aria-current=true]')?.getAttribute('href')"
        " === '#fulfillment-methods'"
    )
    assert page.locator('.toc a[aria-current="true"]').count() == 1


def test_contents_stay_in_view_while_reading_on_wide_screens(page, live_server):
    page.goto(live_server + LESSON)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    box = page.locator(".lesson-toc").bounding_box()
    assert box is not None and 0 <= box["y"] < 100


def test_contents_fold_away_on_small_screens(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    page.goto(live_server + LESSON)
    assert page.locator("[data-toc]").evaluate("d => d.open") is False
    page.get_by_text("On this page").click()
    page.get_by_role("link", name="Key Takeaways").click()
    assert page.locator("[data-toc]").evaluate("d => d.open") is False
    page.wait_for_function("() => location.hash === '#key-takeaways'")
    context.close()


def test_print_stylesheet_hides_navigation(page, live_server):
    page.goto(live_server + LESSON)
    page.emulate_media(media="print")
    assert page.locator(".lesson-toc").is_hidden()
    assert page.locator(".site-header").is_hidden()
    assert page.locator("#fulfillment-process").is_visible()
