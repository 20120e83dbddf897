"""The lesson page holds still on a phone: nothing the scripts do after the first paint moves it."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_LESSON

pytestmark = pytest.mark.rendering

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}

# The shifts Chromium reports for the page so far (buffered), gathered until the page has been
# quiet for a moment: the cumulative layout shift, as Lighthouse and the Web Vitals count it.
CUMULATIVE_SHIFT = """() => new Promise((resolve) => {
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shifts.push(entry.value);
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(shifts.reduce((sum, value) => sum + value, 0)), 1000);
})"""


def test_lesson_page_does_not_shift_on_a_phone(open_page, live_server):
    page = open_page(**PHONE)
    page.goto(f"{live_server}/lessons/{SEED_LESSON}", wait_until="load")
    assert page.evaluate(CUMULATIVE_SHIFT) <= 0.05


def test_contents_arrive_folded_on_a_phone_and_open_beside_the_lesson(open_page, live_server):
    phone = open_page(**PHONE)
    phone.goto(f"{live_server}/lessons/{SEED_LESSON}")
    assert phone.locator("[data-toc]").evaluate("d => d.open") is False
    assert phone.get_by_role("link", name="Key Takeaways").is_hidden()
    wide = open_page(viewport={"width": 1280, "height": 900})
    wide.goto(f"{live_server}/lessons/{SEED_LESSON}")
    assert wide.locator("[data-toc]").evaluate("d => d.open") is True
    assert wide.get_by_role("link", name="Key Takeaways").is_visible()


def test_contents_show_beside_the_lesson_without_javascript(open_page, live_server):
    page = open_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page.goto(f"{live_server}/lessons/{SEED_LESSON}")
    assert page.get_by_role("link", name="Key Takeaways").is_visible()
