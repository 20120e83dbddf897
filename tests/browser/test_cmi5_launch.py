"""A lesson launched as a cmi5 AU in Chromium: the page's script asks the site to send the moveOn
statements as the learner works, and "terminated" when the learner leaves; the test LMS's LRS
(tests/cmi5_lms.py, over real HTTP) records them."""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.serving import make_server

from tests import activity_answers as answers
from tests.browser.forms import fill_field
from tests.cmi5_lms import ServedCmi5Lms
from tests.lessons import SLUG, block, body_with, build_lesson


@pytest.fixture
def lms(app):
    served = ServedCmi5Lms()
    app.config["CMI5_LMS_ORIGINS"] = [served.lms.base]
    yield served.lms
    served.close()


@pytest.fixture
def site(app, tmp_path):
    lesson = build_lesson(app, tmp_path / "content", body_with(block("quiz", "quiz-1", parts=2)))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", lesson
    server.shutdown()
    thread.join(timeout=5)


def wait_for_verbs(lms, verbs: list[str], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while lms.verbs() != verbs and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lms.verbs() == verbs


def test_the_lesson_page_sends_move_on_statements_and_terminated(page, site, lms):
    url, lesson = site
    page.goto(f"{url}/cmi5/launch/{SLUG}?{lms.launch_query()}")
    quiz = page.locator('[data-activity="quiz-1"]')
    for name, values in answers.right(lesson.activity("quiz-1")).items():
        fill_field(quiz, name, values)
    quiz.get_by_role("button", name="Check my answer").click()
    quiz.locator(".result__headline").wait_for()
    page.locator('[data-section-end="one"]').scroll_into_view_if_needed()
    wait_for_verbs(lms, ["initialized", "completed", "passed"])
    assert page.js_errors == []
    page.goto("about:blank")
    wait_for_verbs(lms, ["initialized", "completed", "passed", "terminated"])
