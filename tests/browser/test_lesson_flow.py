"""Lesson flow in Chromium: focus mode switching in place, the finish line appearing without a
reload, and axe finding nothing wrong with either.

The lesson is built for these tests: two required sections, an optional deep dive written between
them, and a planned lesson next; completing it takes reading the two sections.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import violations
from tests.lessons import SLUG, build_lesson

pytestmark = pytest.mark.ui

BODY = (
    "An introduction.\n\n"
    "## Picking and packing {#one}\n\nHow orders are picked.\n\n### Packing well {#packing}\n\n"
    "Boxes and tape.\n"
    "\n## Going further {#further .deep-dive}\n\nMore to read.\n"
    "\n## Wrap-up {#two}\n\nWhat to remember.\n"
)
EXTRA = "next: later\ncompletion:\n  sections: [one, two]\n  activities: []\n"
URL = f"/lessons/{SLUG}"


@pytest.fixture
def seeded(app, tmp_path):
    """The live server's app, holding this module's lesson."""
    build_lesson(app, tmp_path / "content", BODY, extra=EXTRA)
    return app


def shown(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-section-id]",
        "all => all.filter(s => s.offsetParent !== null).map(s => s.dataset.sectionId)",
    )


def test_continue_switches_section_in_place_and_moves_focus_to_its_heading(page, live_server):
    page.goto(f"{live_server}{URL}?view=focus&section=one")
    page.evaluate("window.sameDocument = true")
    assert shown(page) == ["one"]
    page.get_by_role("link", name="Continue: Wrap-up").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'two'")
    assert shown(page) == ["two"]
    assert "section=two" in page.url
    page.locator('.toc a[href="#two"][aria-current="true"]').wait_for()
    assert page.evaluate("window.sameDocument") is True
    page.go_back()
    page.wait_for_function("new URL(location.href).searchParams.get('section') === 'one'")
    assert shown(page) == ["one"]
    assert not page.js_errors


def test_the_toggle_switches_views_without_reload_and_is_remembered(page, live_server):
    page.goto(f"{live_server}{URL}")
    assert shown(page) == ["one", "two", "further"]
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Read one section at a time").click()
    assert shown(page) == ["one"]
    assert page.evaluate("window.sameDocument") is True
    page.goto(f"{live_server}{URL}")  # a later visit opens as the learner left it
    assert shown(page) == ["one"]
    page.get_by_role("link", name="Show the whole lesson").click()
    assert shown(page) == ["one", "two", "further"]
    page.goto(f"{live_server}{URL}")
    assert shown(page) == ["one", "two", "further"]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_deep_link_opens_the_section_that_holds_it_in_focus_mode(
    open_page, live_server, javascript
):
    page = open_page(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server}{URL}?view=focus&section=one#two")
    assert shown(page) == ["two"]
    page.goto(f"{live_server}{URL}?view=focus&section=two#packing")
    assert shown(page) == ["one"]
    assert page.locator("#packing").is_visible()


def test_the_table_of_contents_switches_sections_in_focus_mode(page, live_server):
    page.goto(f"{live_server}{URL}?view=focus&section=one")
    page.locator(".toc").get_by_role("link", name="Going further").click()
    assert shown(page) == ["further"]
    assert "section=further" in page.url


def test_the_panel_appears_without_reload_when_the_last_section_is_read(page, live_server):
    page.goto(f"{live_server}{URL}?view=focus&section=one")
    page.evaluate("window.sameDocument = true")
    page.locator('[data-section-end="one"]').scroll_into_view_if_needed()
    page.locator('[data-read-status="one"] .read-status__done').wait_for(timeout=10_000)
    assert page.locator("[data-complete-panel]").count() == 0
    page.get_by_role("link", name="Continue: Wrap-up").click()
    panel = page.locator("[data-complete-panel]")
    panel.wait_for(timeout=15_000)
    assert page.evaluate("window.sameDocument") is True
    text = panel.inner_text()
    assert "2 of 2 sections read" in text
    assert "Next: Later · coming soon." in text
    assert "Sign up for free" in text
    assert violations(page) == []
    page.get_by_role("link", name="Show the whole lesson").click()
    assert violations(page) == []
    assert not page.js_errors


@pytest.mark.parametrize(
    ("name", "viewport", "scheme"),
    [
        ("desktop-light", {"width": 1280, "height": 900}, "light"),
        ("phone-dark", {"width": 390, "height": 844}, "dark"),
    ],
)
def test_focus_mode_passes_axe(open_page, live_server, name, viewport, scheme):
    page = open_page(viewport=viewport, color_scheme=scheme)
    page.goto(f"{live_server}{URL}?view=focus&section=one")
    assert violations(page) == [], name
