"""Steps the journeys share: listening, moving through a page with Tab, and reading results."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.journeys.lesson import LESSON, LISTENED_SECTION

# The player's <audio> element is never put in the document; remember the one that plays.
RECORD_AUDIO = """
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.playedAudio = this;
  return play.call(this);
};
"""
CURRENT_SENTENCE = "document.querySelector('.s--current')?.dataset.s ?? null"


def audio_time(page: Page) -> float:
    return page.evaluate("window.playedAudio ? window.playedAudio.currentTime : -1")


def hear_the_listened_section(page: Page) -> None:
    """Once listening has started: the audio advances and the highlight moves on a sentence."""
    first = f"s-{LISTENED_SECTION}-1"
    page.wait_for_function(f"() => ({CURRENT_SENTENCE}) === {json.dumps(first)}", timeout=20_000)
    started = audio_time(page)
    page.wait_for_function(  # a function, not a bare expression: the page's policy forbids eval
        f"([prefix, first]) => {{ const s = {CURRENT_SENTENCE};"
        " return !!s && s.startsWith(prefix) && s !== first; }",
        arg=[f"s-{LISTENED_SECTION}-", first],
        timeout=15_000,
    )
    assert audio_time(page) > max(started, 0.5)
    assert page.locator(".s--current").count() == 1


def section_read_mark(page: Page, section_id: str):
    return page.locator(f'[data-read-status="{section_id}"] .read-status__done')


def result_headline(page: Page, activity: str):
    return page.locator(f'[data-activity="{activity}"] .result__headline')


def expect_passed(page: Page, activity: str, percent: int = 100) -> None:
    headline = result_headline(page, activity)
    expect(headline).to_contain_text(f"{percent}% — well done, you passed")


def expect_lesson_progress(page: Page, activities_passed: int) -> None:
    total = len(LESSON.required_activities)
    expect(page.locator("[data-lesson-progress]")).to_contain_text(
        f"{activities_passed} of {total} activities passed"
    )


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement?.matches(s)", selector)


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Presses Tab — or Shift+Tab when the element is above the focus — until the focus is on
    an element matching ``selector``, as a keyboard user moves through a page."""
    forward = page.evaluate(
        """s => {
          const target = document.querySelector(s);
          if (!target) throw new Error(`nothing matches ${s}`);
          const here = document.activeElement || document.body;
          return here === target || !!(here.compareDocumentPosition(target) & 20);
        }""",
        selector,
    )
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Tab" if forward else "Shift+Tab")
    raise AssertionError(f"{limit} presses of Tab did not reach {selector}")


def choose_with_arrows(page: Page, value: str, limit: int = 20) -> None:
    """In the focused select or radio group, presses the down arrow until ``value`` is chosen."""
    chosen = """() => {
      const el = document.activeElement;
      return el.type === "radio" ? (el.checked ? el.value : null) : el.value;
    }"""
    for _ in range(limit):
        if page.evaluate(chosen) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys did not reach {value!r}")
