"""The lesson page works under the strict Content-Security-Policy, with no violations."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_LESSON

pytestmark = pytest.mark.ui

LESSON = f"/lessons/{SEED_LESSON}"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def open_lesson(page, live_server):
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(live_server + LESSON, wait_until="networkidle")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return response


def test_lesson_page_runs_its_scripts_without_policy_violations(page, live_server):
    open_lesson(page, live_server)
    # The scripts ran: the theme button is revealed and the listening player is set up.
    assert page.get_by_role("button", name="Theme: system").is_visible()
    page.get_by_role("button", name="Theme: system").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__violations") == []
    assert page.js_errors == []


def test_the_policy_is_enforced_on_injected_inline_code(page, live_server):
    """A control: markup-borne script is blocked and reported, so an empty list above means it."""
    open_lesson(page, live_server)
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.append(s);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
