"""The audio player on a phone and on a desktop: a compact docked bar with a seek bar on a
phone that expands on demand and closes; shortcuts help only where there is a keyboard; a soft
highlight for the sentence being read; all of it passing axe in both themes."""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import violations
from tests.browser.wcag import contrast
from tests.conftest import SEED_LESSON

pytestmark = pytest.mark.ui

LESSON = f"/lessons/{SEED_LESSON}"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
RECORD_AUDIO = """
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () { window.audio = this; return play.call(this); };
"""
AUDIO_TIME = "() => window.audio.currentTime"


def playing(open_page, live_server, **options):
    """A lesson page whose "Next Steps" section is playing from the server's audio."""
    page = open_page(**options)
    page.add_init_script(RECORD_AUDIO)
    page.goto(live_server + LESSON)
    page.get_by_role("button", name="Listen to this section: Next Steps").click()
    page.wait_for_function("() => window.audio && !window.audio.paused && audio.currentTime > 0")
    page.wait_for_function("() => !document.querySelector('[data-seek]').disabled")
    return page


@pytest.fixture
def phone(open_page, live_server, espeak):
    return playing(open_page, live_server, **PHONE)


def test_docked_player_on_a_phone_is_one_bar_at_most_72_px_high(phone):
    player = phone.locator("[data-player]")
    box = player.bounding_box()
    assert box["height"] <= 72, box
    assert box["y"] + box["height"] == pytest.approx(844, abs=1)  # docked at the bottom
    for name in ("Pause", "All controls", "Stop and close"):
        assert phone.get_by_role("button", name=name, exact=True).is_visible(), name
    assert phone.get_by_label("Position in this section").is_visible()
    assert phone.get_by_label("Speed").is_visible()
    assert phone.get_by_role("button", name="Back 10 seconds").is_hidden()
    assert phone.locator("[data-time]").is_visible()
    assert phone.js_errors == []


def test_the_page_keeps_room_for_the_bar_below_the_text(phone):
    bar = phone.locator("[data-player]").bounding_box()["height"]
    padding = phone.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)")
    assert bar <= padding < bar + 40


def test_all_controls_open_on_demand_and_fold_away_again(phone):
    expand = phone.get_by_role("button", name="All controls")
    assert expand.get_attribute("aria-expanded") == "false"
    expand.click()
    assert expand.get_attribute("aria-expanded") == "true"
    assert phone.get_by_role("button", name="Back 10 seconds").is_visible()
    assert phone.get_by_role("status").text_content() == "Showing all the player's controls."
    assert phone.locator("[data-player]").evaluate("p => p.scrollWidth <= p.clientWidth")
    bar = phone.locator(".player__bar").bounding_box()
    assert bar["height"] <= 48  # the bar stays one row when the rest opens below it
    expand.click()
    assert expand.get_attribute("aria-expanded") == "false"
    assert phone.get_by_role("button", name="Back 10 seconds").is_hidden()
    assert phone.get_by_role("status").text_content() == "Showing the compact player."
    assert phone.locator("[data-player]").bounding_box()["height"] <= 72


def test_the_seek_bar_moves_the_audio_and_says_where_it_is(phone):
    phone.get_by_role("button", name="Pause").click()
    seek = phone.get_by_label("Position in this section")
    duration = phone.evaluate("() => window.audio.duration")
    assert int(seek.get_attribute("max")) == int(duration)
    seek.focus()
    phone.keyboard.press("End")
    assert phone.evaluate(AUDIO_TIME) == pytest.approx(int(duration), abs=0.2)
    end = f"{int(duration) // 60}:{int(duration) % 60:02d}"
    assert seek.get_attribute("aria-valuetext") == f"{end} of {end}"
    phone.keyboard.press("Home")
    assert phone.evaluate(AUDIO_TIME) == 0
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    assert phone.evaluate(AUDIO_TIME) == pytest.approx(3, abs=0.2)
    assert re.fullmatch(r"0:03 of \d+:\d\d", seek.get_attribute("aria-valuetext"))
    assert phone.locator("[data-time]").text_content() == f"0:03 / {end}"
    saved = phone.evaluate(f"JSON.parse(localStorage.getItem('listen:{SEED_LESSON}'))")
    assert saved["section"] == "next-steps" and saved["time"] == pytest.approx(3, abs=0.2)


def test_the_seek_bar_follows_the_audio_while_it_plays(phone):
    seek = phone.get_by_label("Position in this section")
    phone.wait_for_function("() => Number(document.querySelector('[data-seek]').value) >= 1")
    assert int(seek.input_value()) == pytest.approx(phone.evaluate(AUDIO_TIME), abs=1.5)


def test_closing_stops_playback_and_returns_the_player_to_the_lesson(phone):
    phone.get_by_role("button", name="Stop and close").click()
    assert phone.evaluate("() => window.audio.paused")
    assert phone.locator(".player--docked").count() == 0
    assert phone.evaluate("document.body.classList.contains('is-listening')") is False
    assert phone.locator(".s--current").count() == 0
    assert phone.get_by_role("button", name="Stop and close").is_hidden()
    start = phone.get_by_role("button", name="Listen to this lesson", exact=True)
    assert start.evaluate("b => b === document.activeElement")
    assert "Player closed" in phone.get_by_role("status").text_content()
    assert phone.get_by_label("Position in this section").is_disabled()


def test_closed_player_carries_on_where_it_stopped(phone):
    phone.wait_for_function("() => document.querySelector('.s--current')")
    phone.get_by_role("button", name="Pause", exact=True).click()  # the sentence stays put
    phone.wait_for_function("() => window.audio.paused")
    sentence = phone.evaluate("document.querySelector('.s--current').dataset.s")
    phone.get_by_role("button", name="Stop and close").click()
    phone.get_by_role("button", name="Listen to this lesson", exact=True).click()
    phone.locator(".player--docked").wait_for()  # playing again, not the page as it was left
    phone.wait_for_function(
        f"() => document.querySelector('.s--current')?.dataset.s === {sentence!r}"
    )
    assert phone.locator(".player--docked").count() == 1


def test_no_shortcuts_help_on_a_touch_screen(phone):
    assert phone.get_by_text("Keyboard shortcuts").count() == 1
    assert phone.get_by_text("Keyboard shortcuts").is_hidden()
    phone.get_by_role("button", name="All controls").click()
    assert phone.get_by_text("Keyboard shortcuts").is_hidden()


def test_shortcuts_help_shows_where_there_is_a_keyboard_and_mouse(open_page, live_server):
    page = open_page(**DESKTOP)
    page.goto(live_server + LESSON)
    assert page.get_by_text("Keyboard shortcuts").is_visible()


def test_docked_player_on_a_desktop_keeps_every_control_and_adds_the_seek_bar(
    open_page, live_server, espeak
):
    page = playing(open_page, live_server, **DESKTOP)
    for name in ("Back 10 seconds", "Forward 10 seconds", "Previous sentence", "Next sentence"):
        assert page.get_by_role("button", name=name).is_visible(), name
    assert page.get_by_label("Position in this section").is_visible()
    assert page.get_by_text("Keyboard shortcuts").is_visible()
    assert page.get_by_role("button", name="All controls").get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name="All controls").click()  # a desktop can fold it too
    assert page.locator("[data-player]").bounding_box()["height"] <= 72


@pytest.fixture
def no_engine_server(seeded, live_server):
    from app.web.audio import init_app

    seeded.config["SPEECH_ENGINE"] = "none"
    init_app(seeded)
    return live_server


def test_with_the_browser_voice_the_seek_bar_steps_through_sentences(open_page, no_engine_server):
    page = open_page(**PHONE)
    page.goto(no_engine_server + LESSON)
    page.get_by_text("Reading with your browser's built-in voice").wait_for(state="attached")
    page.get_by_role("button", name="Listen to this lesson", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.s--current')?.dataset.s === 's-page-intro-1'"
    )
    seek = page.get_by_label("Position in this section")
    count = page.evaluate(
        "new Set([...document.querySelectorAll('[data-s^=\"s-page-intro-\"]')].map(e => e.dataset.s)).size"
    )
    assert seek.get_attribute("aria-valuetext") == f"Sentence 1 of {count}"
    seek.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.s--current')?.dataset.s === 's-page-intro-2'"
    )
    assert seek.get_attribute("aria-valuetext") == f"Sentence 2 of {count}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sentence_being_read_has_a_soft_background_and_no_outline(
    open_page, live_server, espeak, scheme
):
    page = playing(open_page, live_server, color_scheme=scheme, **PHONE)
    # The highlight fades in, and the next sentence's with it: read the style of a sentence once
    # its background is there (in the same step, so it can't be another sentence's).
    style = page.wait_for_function(
        "() => { const e = document.querySelector('.s--current'); if (!e) return null;"
        " const s = getComputedStyle(e), b = getComputedStyle(document.body);"
        " if (!s.backgroundColor.startsWith('rgb(')) return null; /* still fading in */"
        " return {outline: s.outlineStyle, bg: s.backgroundColor, fg: s.color,"
        " page: b.backgroundColor}; }"
    ).json_value()
    assert style["outline"] == "none"
    assert style["bg"] != style["page"]
    assert contrast(style["fg"], style["bg"]) >= 4.5, style


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("expanded", [False, True], ids=["compact", "expanded"])
def test_the_phone_player_passes_axe(open_page, live_server, espeak, scheme, expanded):
    page = playing(open_page, live_server, color_scheme=scheme, **PHONE)
    if expanded:
        page.get_by_role("button", name="All controls").click()
    page.get_by_role("button", name="Pause").click()
    assert violations(page) == []
