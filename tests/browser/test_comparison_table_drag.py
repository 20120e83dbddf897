"""Comparison tables in Chromium: real mouse drags land where aimed, the page scrolls near its
edges during a drag, and on a phone the table is one card per row that a finger scrolls past."""

from __future__ import annotations

import pytest

from tests.lessons import body_with, build_lesson

pytestmark = pytest.mark.ui

COLUMNS = ("north", "south", "east")
ROWS = ("alpha", "beta", "gamma", "delta")
CELLS = [f"{row}/{column}" for row in ROWS for column in COLUMNS]
# Ten cards, one per cell, in an order that sends the pointer up, down and across the table.
TARGETS = [CELLS[i] for i in (11, 0, 7, 3, 10, 1, 8, 5, 2, 9)]

TABLE = (
    "```exercise\nid: grid\ntype: comparison-table\nprompt: Sort the statements.\n"
    "columns:\n"
    + "".join(f"  - {{id: {c}, label: Column {c}}}\n" for c in COLUMNS)
    + "rows:\n"
    + "".join(f"  - {{id: {r}, label: Row {r}, kind: cards}}\n" for r in ROWS)
    + "cards:\n"
    + "".join(
        f"  - {{id: card-{i}, text: Statement number {i}, cells: [{cell}]}}\n"
        for i, cell in enumerate(TARGETS)
    )
    + "```\n"
)
# Enough text above and below the table that most cells start out of sight.
FILLER = "\n\n".join(["A paragraph that takes up room on the page. " * 12] * 8)


@pytest.fixture
def grid_lesson(seeded, tmp_path, live_server):
    lesson = build_lesson(
        seeded, tmp_path / "content", body_with(TABLE + "\n" + FILLER + "\n", intro=FILLER)
    )
    return f"{live_server}{lesson.url}"


def cell(page, name):
    return page.locator(f'[data-activity="grid"] [data-zone="{name}"]')


def card(page, index):
    return page.locator(f'[data-activity="grid"] .chip[data-card="card-{index}"] > button')


def document_box(page, locator):
    """A box in page coordinates, which scrolling leaves alone but a layout shift changes."""
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }"
    )


def in_view(page, locator) -> bool:
    """Whole in the window and clear of the bands along its edges where a drag scrolls."""
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 60 && r.bottom <= innerHeight - 60; }"
    )


def centre(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag_card_to(page, index, name):
    """Drags with real mouse events, resting at the window's edge until the cell scrolls into
    view; checks at every stop that the cell has not moved on the page."""
    source, target = card(page, index), cell(page, name)
    source.scroll_into_view_if_needed()
    before = document_box(page, target)
    page.mouse.move(*centre(source))
    page.mouse.down()
    x, y = centre(source)
    page.mouse.move(x + 10, y + 10, steps=3)
    assert page.locator(".chip--ghost").count() == 1
    height = page.evaluate("innerHeight")
    if not in_view(page, target):
        above = target.bounding_box()["y"] < 0
        edge = 4 if above else height - 4
        page.mouse.move(x, edge, steps=8)
        for _ in range(100):
            if in_view(page, target):
                break
            page.wait_for_timeout(50)
        assert in_view(page, target), f"{name} never scrolled into view"
        page.mouse.move(x, height / 2)  # out of the edge band, so the scrolling stops
        assert document_box(page, target) == before
    page.mouse.move(*centre(target), steps=12)
    assert document_box(page, target) == before
    assert "is-drop-target" in target.get_attribute("class")
    page.mouse.up()


def test_ten_real_mouse_drags_land_in_the_cells_aimed_at(open_page, grid_lesson):
    page = open_page(viewport={"width": 1280, "height": 700})
    page.goto(grid_lesson)
    scrolled = 0
    for index, name in enumerate(TARGETS):
        start = page.evaluate("scrollY")
        drag_card_to(page, index, name)
        scrolled += abs(page.evaluate("scrollY") - start)
        placed = cell(page, name).locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.card)")
        assert placed == [f"card-{index}"], f"card-{index} aimed at {name}"
    assert scrolled > 0  # some cells were reached only by scrolling during the drag
    assert page.locator(".is-drop-target, .chip--ghost").count() == 0
    selects = page.locator('[data-activity="grid"] select[name^="card:"]')
    values = selects.evaluate_all("ss => Object.fromEntries(ss.map(s => [s.name, s.value]))")
    assert values == {f"card:card-{i}": name for i, name in enumerate(TARGETS)}
    assert page.js_errors == []


def test_dragging_near_the_top_edge_scrolls_the_page_up(open_page, grid_lesson):
    page = open_page(viewport={"width": 1280, "height": 700})
    page.goto(grid_lesson)
    source = card(page, 0)
    source.scroll_into_view_if_needed()
    page.evaluate("scrollBy({top: 200, behavior: 'instant'})")
    source.scroll_into_view_if_needed()
    start = page.evaluate("scrollY")
    x, y = centre(source)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, 2, steps=6)
    page.wait_for_function(f"() => scrollY < {start}")  # not a fixed 300 ms: a busy machine
    page.mouse.up()


def test_a_drop_outside_every_cell_leaves_the_card_in_the_tray(open_page, grid_lesson):
    page = open_page(viewport={"width": 1280, "height": 700})
    page.goto(grid_lesson)
    source = card(page, 3)
    source.scroll_into_view_if_needed()
    x, y = centre(source)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 8, steps=3)
    page.mouse.move(1270, 350, steps=6)  # the page margin, beside the lesson
    page.mouse.up()
    tray = page.locator('[data-activity="grid"] .zone--tray .chip[data-card="card-3"]')
    assert tray.count() == 1
    assert page.locator(".is-drop-target").count() == 0


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def test_on_a_phone_the_table_never_scrolls_sideways(open_page, grid_lesson):
    page = open_page(**PHONE)
    page.goto(grid_lesson)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    scroller = page.locator('[data-activity="grid"] .table-scroll')
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    first, second = cell(page, "alpha/north"), cell(page, "alpha/south")
    # one cell per line, each under its column's name
    assert second.bounding_box()["y"] >= first.bounding_box()["y"] + first.bounding_box()["height"]
    assert first.locator(".comparison__column").inner_text() == "Column north"


def swipe(page, x, y, dy):
    """A finger drawn up the screen from (x, y), as the browser's touch input (not script
    events), so CSS touch-action decides whether the page scrolls."""
    session = page.context.new_cdp_session(page)
    send = session.send
    send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        point = {"x": x, "y": y + dy * i / 10}
        send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_on_a_phone_a_swipe_over_a_card_scrolls_the_page(open_page, grid_lesson):
    page = open_page(**PHONE)
    page.goto(grid_lesson)
    source = card(page, 0)
    source.scroll_into_view_if_needed()
    start = page.evaluate("scrollY")
    swipe(page, *centre(source), -200)
    page.wait_for_function(f"() => scrollY > {start + 100}")  # not a fixed 200 ms
    assert page.locator(".chip--ghost").count() == 0
    assert page.locator('[data-activity="grid"] .zone--tray .chip').count() == len(TARGETS)


def test_on_a_phone_tapping_a_card_then_a_cell_places_it(open_page, grid_lesson):
    page = open_page(**PHONE)
    page.goto(grid_lesson)
    card(page, 4).tap()
    cell(page, TARGETS[4]).get_by_role("button", name="Place here").tap()
    placed = (
        cell(page, TARGETS[4]).locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.card)")
    )
    assert placed == ["card-4"]


WIDE_COLUMNS = [f"c{i}" for i in range(9)]
WIDE = (
    "```exercise\nid: wide\ntype: comparison-table\nprompt: Sort the statements.\n"
    "columns:\n"
    + "".join(f"  - {{id: {c}, label: Column {c}}}\n" for c in WIDE_COLUMNS)
    + "rows:\n  - {id: only, label: The row, kind: cards}\n"
    + "cards:\n"
    + "".join(f"  - {{id: w-{c}, text: Goes under {c}, cells: [only/{c}]}}\n" for c in WIDE_COLUMNS)
    + "```\n"
)


def test_a_wide_table_scrolls_sideways_while_a_card_is_held_at_its_edge(
    open_page, seeded, tmp_path, live_server
):
    lesson = build_lesson(seeded, tmp_path / "content", body_with(WIDE))
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server}{lesson.url}")
    scroller = page.locator('[data-activity="wide"] .table-scroll')
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # it does scroll sideways
    last = page.locator('[data-activity="wide"] [data-zone="only/c8"]')
    source = page.locator('[data-activity="wide"] .chip[data-card="w-c8"] > button')
    source.scroll_into_view_if_needed()
    scroller.scroll_into_view_if_needed()
    x, y = centre(source)
    box = scroller.bounding_box()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 10, steps=3)
    row_y = centre(last)[1]
    page.mouse.move(box["x"] + box["width"] - 6, row_y, steps=10)
    for _ in range(100):
        if last.bounding_box()["x"] + last.bounding_box()["width"] <= box["x"] + box["width"] + 1:
            break
        page.wait_for_timeout(50)
    assert scroller.evaluate("e => e.scrollLeft") > 0
    page.mouse.move(*centre(last), steps=5)
    page.mouse.up()
    assert last.locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.card)") == ["w-c8"]
