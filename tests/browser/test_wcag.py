"""WCAG 2.2 AA, checked one criterion at a time on the lesson page and the other key pages:
focus visible, no keyboard trap, dragging not required, reduced motion, announced results and a
keyboard-operable audio player. Target size, reflow at 320 px and 200% zoom, and contrast in
every feedback state are checked with the other per-page checks, in test_every_page.py."""

from __future__ import annotations

import pytest

from tests.browser.crawl import LESSON, answer_every_activity, wait_for_player
from tests.browser.wcag import (
    MOTION,
    TABBABLE,
    focus_problem,
    tab_through,
    tab_to,
)

pytestmark = pytest.mark.rendering

KEY_PAGES = ["/", "/courses/ecommerce-manager-cx", LESSON, "/dashboard", "/signin", "/signup"]
PLAYER = "[data-player]:not([hidden])"


@pytest.fixture
def lesson(page, live_server):
    page.goto(live_server + LESSON)
    page.locator(PLAYER).wait_for()
    wait_for_player(page)
    return page


def test_every_focusable_control_shows_a_visible_focus_indicator_in_both_themes(
    browser, live_server
):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for path in KEY_PAGES:
        page.goto(live_server + path)
        if path == LESSON:
            wait_for_player(page)
            answer_every_activity(page)  # feedback, review links and "Check again" too
        for scheme in ("light", "dark"):  # the pages follow the system scheme, switched here
            page.emulate_media(color_scheme=scheme)
            stops, _ = tab_through(page)
            assert len(stops) >= 5, path
            problems += [f"{path} ({scheme}): {p}" for stop in stops if (p := focus_problem(stop))]
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("holding", [False, True], ids=["resting", "holding-a-card"])
def test_tabbing_forward_reaches_the_end_of_the_lesson_without_a_trap(lesson, holding):
    if holding:  # a card picked up from a board: Tab must still leave it
        lesson.locator("[data-board] .chip > button").first.press("Space")
        assert lesson.locator(".is-placing").count() == 1
    expected = lesson.evaluate(TABBABLE)
    stops, reached_end = tab_through(lesson)
    assert reached_end, f"focus went round {[s['name'] for s in stops[-5:]]} without leaving"
    visited = {stop["id"] for stop in stops}
    missed = [e["name"] for e in expected if e["id"] not in visited and not e["radio"]]
    assert missed == []
    assert any(e["board"] for e in expected) and any(e["player"] for e in expected)
    lesson.keyboard.press("Tab")
    assert lesson.evaluate("() => document.activeElement.matches('.skip-link')")  # wraps round


def test_every_drag_and_drop_activity_works_by_click_then_click(lesson):
    boards = lesson.locator("[data-activity]").filter(has=lesson.locator(".chip"))
    assert boards.count() >= 2
    for activity in boards.all():
        chip = activity.locator(".chip").first
        card = chip.get_attribute("data-card")
        zone = chip.evaluate("c => c.closest('[data-zone]').dataset.zone")
        chip.locator("button").click()
        target = activity.locator(f'[data-zone]:not([data-zone="{zone}"]) [data-place-here]').first
        destination = target.evaluate("b => b.closest('[data-zone]').dataset.zone")
        target.click()
        moved = activity.locator(f'.chip[data-card="{card}"]')
        assert moved.evaluate("c => c.closest('[data-zone]').dataset.zone") == destination
        # The plain form field the board stands in for follows the card: a zone, or in the
        # process itself a position.
        expected = destination
        if destination == "main":
            expected = str(moved.evaluate("c => [...c.parentElement.children].indexOf(c) + 1"))
        assert activity.locator(f'[data-card="{card}"] select').input_value() == expected
    assert lesson.js_errors == []


def test_reduced_motion_stops_animations_transitions_and_smooth_scrolling(browser, live_server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    for path in KEY_PAGES:
        page.goto(live_server + path)
        motion = page.evaluate(MOTION)
        assert motion["moving"] == [], path
        assert motion["scrollBehavior"] != "smooth", path
    context.close()


RECORD_SCROLLS = """
window.scrolls = [];
const scrollIntoView = Element.prototype.scrollIntoView;
Element.prototype.scrollIntoView = function (options) {
  window.scrolls.push(typeof options === 'object' ? options.behavior || 'auto' : 'auto');
  return scrollIntoView.call(this, options);
};
"""


def test_reduced_motion_the_highlight_follows_the_audio_without_animating(
    browser, live_server, espeak
):
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1280, "height": 700})
    page = context.new_page()
    page.add_init_script(RECORD_SCROLLS)
    page.goto(live_server + LESSON)
    page.get_by_role("button", name="Listen to this section: Next Steps").click()
    page.wait_for_function("() => document.querySelector('.s--current')")
    page.get_by_role("button", name="Pause").click()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.keyboard.press(".")  # the next sentence, far below: the page must jump, not glide
    page.wait_for_function("() => window.scrolls.length > 0")
    assert set(page.evaluate("window.scrolls")) == {"auto"}
    assert page.evaluate("() => window.scrollY") > 0
    context.close()


def test_grading_results_are_announced_in_a_live_region(lesson):
    for activity in ["knowledge-check-quiz", "process-mapping", "delay-email"]:
        section = lesson.locator(f'[data-activity="{activity}"]')
        region = section.locator("[data-result]")
        assert region.evaluate(
            "r => (['polite', 'assertive'].includes(r.getAttribute('aria-live')) "
            "|| r.getAttribute('role') === 'status') && getComputedStyle(r).display !== 'none'"
        ), "the live region must exist, and be rendered, before the result arrives"
        before = region.inner_text()
        region.evaluate("r => { r.dataset.before = 'yes'; }")
        for area in section.locator("textarea").all():
            area.fill("Sorry for the delay.")
        section.locator('button[type="submit"]').click()
        section.locator("[data-result] .result").wait_for()
        after = region.inner_text()
        assert after != before and "%" in after
        # The region was updated, not replaced: a new one would not be announced.
        assert region.get_attribute("data-before") == "yes"


def audio_state(page) -> dict:
    return page.evaluate(
        "() => { const a = window.audio; return a && {paused: a.paused, time: a.currentTime, "
        "rate: a.playbackRate, src: a.src, duration: a.duration}; }"
    )


RECORD_AUDIO = """
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () { window.audio = this; return play.call(this); };
"""


def test_the_audio_player_is_fully_keyboard_operable(lesson, espeak):
    lesson.add_init_script(RECORD_AUDIO)
    lesson.reload()
    wait_for_player(lesson)

    tab_to(lesson, '[data-action="play-lesson"]')
    lesson.keyboard.press("Enter")
    lesson.wait_for_function(
        "() => window.audio && !window.audio.paused && window.audio.currentTime > 0"
    )

    tab_to(lesson, '[data-action="toggle"]')
    lesson.keyboard.press("Space")
    lesson.wait_for_function("() => window.audio.paused")
    start = audio_state(lesson)["time"]

    tab_to(lesson, '[data-action="forward"]')
    lesson.keyboard.press("Enter")
    forward = audio_state(lesson)
    assert forward["time"] == pytest.approx(min(start + 10, forward["duration"]), abs=0.5)
    lesson.keyboard.press("Shift+Tab")
    lesson.keyboard.press("Enter")  # Back 10 s
    assert audio_state(lesson)["time"] == pytest.approx(max(forward["time"] - 10, 0), abs=0.5)

    tab_to(lesson, "[data-speed]")
    lesson.keyboard.press("ArrowDown")
    lesson.keyboard.press("ArrowDown")
    assert audio_state(lesson)["rate"] == 1.5

    source, voice = audio_state(lesson)["src"], lesson.locator("[data-voice]").input_value()
    tab_to(lesson, "[data-voice]")
    lesson.keyboard.press("ArrowDown")
    lesson.wait_for_function(f"() => window.audio.src !== {source!r}", timeout=15_000)
    assert lesson.locator("[data-voice]").input_value() != voice

    tab_to(lesson, '[data-listen-section="next-steps"]')
    lesson.keyboard.press("Enter")
    lesson.wait_for_function(
        "() => document.querySelector('.s--current')?.dataset.s.startsWith('s-next-steps-')"
        " && !window.audio.paused",
        timeout=15_000,
    )
    assert audio_state(lesson)["rate"] == 1.5
    assert lesson.js_errors == []
