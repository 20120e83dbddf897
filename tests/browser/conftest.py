"""A real server in a thread and the system Chromium driven by Playwright.

Chromium comes from Debian (`bin/system-deps test` installs it); Playwright never downloads one.
With CI=true a missing browser fails the run instead of skipping these tests.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: `make test` installs it (Debian, as root), "
            "or set CHROMIUM_PATH"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def serving(app) -> Iterator[str]:
    """The app served on a free local port by a thread: yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(seeded):
    with serving(seeded) as url:
        yield url


@pytest.fixture
def context_options():
    return {"viewport": {"width": 1280, "height": 900}}


def artifact_name(node) -> str:
    """The test's id as a file name: what a failing test's artifacts are called."""
    return re.sub(r"[^\w.-]+", "_", node.nodeid)


def call_failed(node) -> bool:
    report = getattr(node, "report_call", None)
    return report is not None and report.failed


@pytest.fixture
def open_page(browser, request):
    """Opens a page in a browser context of its own (``open_page(**context_options)``).

    When the test fails, every page it opened leaves a screenshot and its HTML in
    ``test-artifacts/``, named after the test (``-2``, ``-3``… for the second page and on).
    """
    pages = []

    def open_(**context_options):
        page = browser.new_context(**context_options).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.js_errors = errors
        pages.append(page)
        return page

    yield open_
    if call_failed(request.node):
        ARTIFACTS.mkdir(exist_ok=True)
        name = artifact_name(request.node)
        for index, page in enumerate(pages):
            if page.is_closed():
                continue
            stem = ARTIFACTS / (name if index == 0 else f"{name}-{index + 1}")
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            print(f"\nBrowser artifacts saved to {stem}.png and .html")
    for page in pages:
        page.context.close()


@pytest.fixture
def page(open_page, context_options):
    return open_page(**context_options)
