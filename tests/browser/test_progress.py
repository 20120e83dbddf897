"""Progress in Chromium: saved while reading, kept when an anonymous learner signs up."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.conftest import SEED_LESSON

LESSON = f"/lessons/{SEED_LESSON}"


def saved(section: str):
    """Matches the server's answer to the progress event that marks ``section`` read."""
    return lambda response: (
        response.url.endswith("/progress/events") and section in (response.request.post_data or "")
    )


def test_reading_to_the_end_of_a_section_marks_it_read(page, live_server):
    page.goto(live_server + LESSON)
    with page.expect_response(saved("fulfillment-process")) as response:
        page.locator('[data-section-end="fulfillment-process"]').scroll_into_view_if_needed()
        done = page.locator('[data-read-status="fulfillment-process"] .read-status__done')
        done.wait_for(timeout=10_000)
    assert response.value.ok
    page.reload()
    assert page.locator('[data-read-status="fulfillment-process"] .read-status__done').is_visible()
    assert page.locator('.toc a[href="#fulfillment-process"] [data-read-mark]').count() == 1


def test_anonymous_progress_survives_sign_up(page, live_server):
    page.goto(live_server + LESSON)
    for activity, text in (
        ("delay-email", "Sorry for the delay."),
        ("practical-application-choice", "I would choose dropshipping."),
    ):
        section = page.locator(f'[data-activity="{activity}"]')
        section.locator("textarea").fill(text)
        section.get_by_role("button", name="Check my answer").click()
        section.locator(".result__headline").wait_for()
    before = page.locator('[data-activity="delay-email"] .result__headline').inner_text()

    page.locator(".progress-notice").get_by_role("link", name="Sign up for free").click()
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_label("Repeat the password").fill("correct horse battery")
    with page.expect_response(lambda r: r.request.method == "POST") as signed_up:
        page.get_by_role("button", name="Create my account").click()
    assert signed_up.value.status == 302, signed_up.value.text()
    # the path itself: a glob ending in the lesson's path also matches /signup?next=<it>
    page.wait_for_url(lambda url: urlsplit(url).path == LESSON)
    assert "Welcome!" in page.locator(".flash").inner_text()

    for activity, text in (
        ("delay-email", "Sorry for the delay."),
        ("practical-application-choice", "I would choose dropshipping."),
    ):
        section = page.locator(f'[data-activity="{activity}"]')
        assert section.locator("textarea").input_value() == text
        assert section.locator(".result__headline").is_visible()
    assert page.locator('[data-activity="delay-email"] .result__headline').inner_text() == before
    assert (
        "Everything you do is saved to your account"
        in page.locator(".progress-notice").inner_text()
    )
