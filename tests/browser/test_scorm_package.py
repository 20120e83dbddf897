"""A SCORM package in a real SCORM runtime: scorm-again (from npm) plays the LMS in Chromium on a
site of its own, opens the exported package's SCO, and the learner answers in the hosted lesson;
the test reads the values the LMS's data model received."""

from __future__ import annotations

import functools
import re
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests import activity_answers as answers
from tests.browser.forms import fill_field
from tests.lessons import SLUG, block, body_with, build_lesson

RUNTIME = Path(__file__).resolve().parents[2] / "node_modules" / "scorm-again" / "dist"
API = {
    "1.2": ("scorm12.js", "Scorm12API", "API", "cmi.core.student_id"),
    "2004": ("scorm2004.js", "Scorm2004API", "API_1484_11", "cmi.learner_id"),
}
LEARNER = "lms-learner-7"
LMS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title><link rel="icon" href="data:,">
<script src="{script}"></script>
<script>
window.{name} = new {cls}({{autocommit: false, logLevel: 5}});
window.{name}.loadFromFlattenedJSON({{"{learner_key}": "{learner}"}}, "");
</script>
</head><body><iframe id="sco" src="package/index.html" width="1200" height="800"></iframe>
</body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture
def site(app, tmp_path):
    """The site, serving a lesson of one quiz, on an origin of its own.

    The quiz is followed by text taller than the LMS's frame: the end of its section, which
    counts the section read once it has been on screen for 1.5 s, stays out of sight until the
    test scrolls to it. Right below the quiz it could come into sight while the quiz was being
    answered (the page still settling), and one slow run saw the lesson completed before the
    test had scrolled."""
    after_quiz = "\n\n".join(f"Paragraph {n} of the reading after the quiz." for n in range(60))
    body = body_with(block("quiz", "quiz-1", parts=2), after_quiz + "\n")
    lesson = build_lesson(app, tmp_path / "content", body)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", lesson
    server.shutdown()
    thread.join(timeout=5)


def serve_lms(root: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def lms(app, site, tmp_path):
    """An LMS for a version: the package exported by the CLI and unzipped beside its page."""
    servers = []

    def start(version: str) -> str:
        root = tmp_path / f"lms-{version}"
        package = tmp_path / f"package-{version}.zip"
        result = app.test_cli_runner().invoke(
            args=["content", "export-scorm", SLUG, "--version", version, "-o", str(package),
                  "--site", site[0]]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        zipfile.ZipFile(package).extractall(root / "package")
        script, cls, name, learner_key = API[version]
        (root / script).write_bytes((RUNTIME / script).read_bytes())
        page = LMS_PAGE.format(
            script=script, cls=cls, name=name, learner_key=learner_key, learner=LEARNER
        )
        (root / "lms.html").write_text(page)
        server, url = serve_lms(root)
        servers.append(server)
        return url + "/lms.html"

    yield start
    for server in servers:
        server.shutdown()


def cmi(page, path: str):
    return page.evaluate(f"() => window.{path}")


@pytest.mark.parametrize(
    ("version", "status", "score", "done"),
    [
        ("1.2", "API.cmi.core.lesson_status", "API.cmi.core.score", "passed"),
        ("2004", "API_1484_11.cmi.completion_status", "API_1484_11.cmi.score", "completed"),
    ],
)
def test_lms_receives_completion_and_score(page, site, lms, version, status, score, done):
    if not RUNTIME.exists():
        pytest.fail("scorm-again is missing: `npm ci` installs it (package.json)")
    page.goto(lms(version))
    frame = page.frame_locator("#sco").frame_locator("#sco-lesson")
    quiz = frame.locator('[data-activity="quiz-1"]')
    for name, values in answers.right(site[1].activity("quiz-1")).items():
        fill_field(quiz, name, values)
    quiz.get_by_role("button", name="Check my answer").click()
    quiz.locator(".result__headline").wait_for()
    page.wait_for_function(f"() => window.{score}.raw === '100'", timeout=10_000)
    assert cmi(page, status) == "incomplete"
    assert cmi(page, f"{score}.max") == "100" and cmi(page, f"{score}.min") == "0"

    frame.locator('[data-section-end="one"]').scroll_into_view_if_needed()
    page.wait_for_function(f"() => window.{status} === '{done}'", timeout=10_000)
    if version == "2004":
        assert cmi(page, "API_1484_11.cmi.success_status") == "passed"
        assert cmi(page, "API_1484_11.cmi.score.scaled") == "1"
    location = "API.cmi.core.lesson_location" if version == "1.2" else "API_1484_11.cmi.location"
    page.wait_for_function(f"() => window.{location}.startsWith('{SLUG}#')", timeout=10_000)
    assert cmi(
        page,
        location.replace("core.lesson_location", "suspend_data").replace(
            "cmi.location", "cmi.suspend_data"
        ),
    ) == cmi(page, location)
    assert page.js_errors == []


@pytest.mark.parametrize(
    ("version", "api", "time_pattern"),
    # SCORM 1.2's CMITimespan: HHHH:MM:SS with an optional fraction of a second, which the
    # runtime leaves off when there is none ("00:00:03" failed a pattern that required it).
    [("1.2", "API", r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?"), ("2004", "API_1484_11", r"PT[\d.]+S")],
)
def test_leaving_the_lesson_reports_session_time_and_terminates(
    page, site, lms, version, api, time_pattern
):
    page.goto(lms(version))
    page.frame_locator("#sco").frame_locator("#sco-lesson").locator("h1").wait_for()
    assert page.evaluate(f"() => window.{api}.isInitialized()")
    page.evaluate("() => document.getElementById('sco').remove()")
    page.wait_for_function(f"() => window.{api}.isTerminated()", timeout=10_000)
    sent = page.evaluate(f"() => window.{api}.renderCommitCMI(true)")["cmi"]
    values = sent["core"] if version == "1.2" else sent
    assert re.fullmatch(time_pattern, values["session_time"]), values["session_time"]
    assert values["exit"] == "suspend"  # not complete: the LMS offers to resume


@pytest.mark.parametrize(
    ("version", "api", "exit_key"), [("1.2", "API", "core"), ("2004", "API_1484_11", None)]
)
def test_leaving_before_the_lesson_reports_still_asks_the_lms_to_resume(
    page, site, lms, version, api, exit_key
):
    """The lesson's first report can still be on its way when the learner leaves: the SCO
    then says "suspend" by itself rather than leave the exit empty."""
    page.route("**/scorm/status**", lambda route: route.abort())  # the lesson never reports
    page.goto(lms(version))
    page.frame_locator("#sco").frame_locator("#sco-lesson").locator("h1").wait_for()
    page.evaluate("() => document.getElementById('sco').remove()")
    page.wait_for_function(f"() => window.{api}.isTerminated()", timeout=10_000)
    sent = page.evaluate(f"() => window.{api}.renderCommitCMI(true)")["cmi"]
    values = sent[exit_key] if exit_key else sent
    assert values["exit"] == "suspend"
