"""The look on every page: the header is one row on a phone, signed in or out, and folds its links
into a menu that works without scripts; the self-hosted text face loads; links are underlined
in running text only."""

from __future__ import annotations

import time

import pytest

from tests.browser.crawl import instructor
from tests.browser.test_layout_shift import CUMULATIVE_SHIFT
from tests.conftest import SEED_LESSON

pytestmark = pytest.mark.ui

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
PAGES = ["/", "/courses/ecommerce-manager-cx", f"/lessons/{SEED_LESSON}", "/dashboard"]
TEACHER_PAGES = [*PAGES, "/instructor/"]
# The header's visible parts, and whether each sits beside the first (one row: their boxes share
# a horizontal band).
HEADER_ROW = """() => {
  const header = document.querySelector('.site-header');
  const parts = [...header.querySelector('.site-header__inner').children]
    .map((e) => e.getBoundingClientRect()).filter((b) => b.width && b.height);
  const first = parts[0];
  return {
    height: header.getBoundingClientRect().height,
    parts: parts.length,
    oneRow: parts.every((b) => b.top < first.bottom && b.bottom > first.top),
  };
}"""


def assert_one_row(page, path: str) -> None:
    row = page.evaluate(HEADER_ROW)
    assert row["oneRow"] and row["parts"] >= 2, (path, row)
    assert row["height"] <= 72, (path, row)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_is_one_row_on_a_phone_signed_out(open_page, live_server, scheme):
    page = open_page(color_scheme=scheme, **PHONE)
    for path in PAGES:
        page.goto(live_server + path)
        assert_one_row(page, path)


def test_header_is_one_row_on_a_phone_signed_in_as_an_instructor(seeded, browser, live_server):
    context = instructor(browser, seeded, live_server, **PHONE)
    page = context.pages[0]
    for path in TEACHER_PAGES:
        page.goto(live_server + path)
        assert_one_row(page, path)
    context.close()


def test_the_phone_menu_opens_over_the_page_with_every_link(seeded, browser, live_server):
    context = instructor(browser, seeded, live_server, **PHONE)
    page = context.pages[0]
    page.goto(live_server + "/")
    links = ["Courses", "My progress", "Teach", "Account"]
    assert all(page.get_by_role("link", name=n, exact=True).is_hidden() for n in links)
    before = page.locator("main").bounding_box()["y"]
    page.get_by_text("Menu", exact=True).tap()
    assert all(page.get_by_role("link", name=n, exact=True).is_visible() for n in links)
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.locator("main").bounding_box()["y"] == before  # over the page, not pushing it
    page.get_by_role("link", name="Teach").tap()
    page.wait_for_url("**/instructor/")
    context.close()


def test_the_phone_menu_closes_on_escape_and_on_a_tap_outside(open_page, live_server):
    page = open_page(**PHONE)
    page.goto(live_server + "/")
    menu = page.locator("[data-site-menu]")
    page.get_by_text("Menu", exact=True).click()
    assert page.get_by_role("link", name="Sign in").is_visible()
    page.keyboard.press("Escape")
    assert menu.evaluate("m => m.open") is False
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.get_by_text("Menu", exact=True).click()
    panel = page.locator(".site-menu__panel").bounding_box()
    page.mouse.click(8, panel["y"] + panel["height"] + 40)  # below the open panel, on the page
    assert menu.evaluate("m => m.open") is False


def test_the_phone_menu_works_without_javascript(open_page, live_server):
    page = open_page(java_script_enabled=False, **PHONE)
    page.goto(live_server + "/")
    assert page.get_by_role("link", name="Sign in").is_hidden()
    page.get_by_text("Menu", exact=True).click()
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_wide_screens_show_the_links_in_the_row_without_a_menu(open_page, live_server):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server + "/")
    assert page.get_by_text("Menu", exact=True).is_hidden()
    for name in ("Courses", "My progress", "Sign in", "Sign up free"):
        assert page.get_by_role("link", name=name).is_visible(), name
    assert_one_row(page, "/")


@pytest.mark.parametrize("options", [PHONE, {"viewport": {"width": 1280, "height": 900}}])
def test_the_text_face_is_loaded_from_this_site(open_page, live_server, options):
    page = open_page(**options)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server + f"/lessons/{SEED_LESSON}", wait_until="load")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Inter')")
    assert page.evaluate(
        "[...document.fonts].some(f => f.family === 'Inter' && f.status === 'loaded')"
    )
    assert (
        page.evaluate("getComputedStyle(document.body).fontFamily").split(",")[0].strip('"')
        == "Inter"
    )
    fonts = [url for url in requested if url.endswith(".woff2")]
    assert len(fonts) == 1 and fonts[0].startswith(live_server), fonts  # preloaded, fetched once


def test_a_late_font_barely_moves_the_lesson_on_a_phone(open_page, live_server):
    """The fallback face is scaled to the text face's metrics, so the swap shifts almost nothing."""
    page = open_page(viewport={"width": 390, "height": 844}, has_touch=True)

    def late(route):
        time.sleep(0.6)  # a slow network: the page is drawn in the fallback face first
        route.continue_()

    page.route("**/*.woff2", late)
    page.goto(f"{live_server}/lessons/{SEED_LESSON}", wait_until="commit")
    assert page.evaluate(CUMULATIVE_SHIFT) <= 0.025
    assert page.evaluate("document.fonts.check('16px Inter')")


def test_links_are_underlined_in_prose_but_not_in_navigation(open_page, live_server):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server + f"/lessons/{SEED_LESSON}")
    decoration = "e => getComputedStyle(e).textDecorationLine"
    assert page.locator(".site-nav a").first.evaluate(decoration) == "none"
    assert page.locator(".breadcrumbs a").first.evaluate(decoration) == "none"
    assert page.locator(".toc a").first.evaluate(decoration) == "none"
    assert page.locator("main p a:not(.button)").first.evaluate(decoration) == "underline"
    page.goto(live_server + "/")
    assert page.locator(".card__title a").first.evaluate(decoration) == "none"
