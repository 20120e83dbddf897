"""Every page a learner or instructor reaches is valid HTML: the Nu Html Checker finds no error."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.crawl import (
    LESSONS,
    answer_every_activity,
    crawl,
    instructor,
    learner_with_progress,
)
from tests.browser.vnu import check, require_vnu

pytestmark = pytest.mark.rendering


def test_every_page_is_valid_html(seeded, browser, live_server, tmp_path):
    require_vnu()
    pages = {}
    anonymous = browser.new_context()
    page = anonymous.new_page()
    pages.update(crawl(page, live_server + "/"))
    missing = page.goto(live_server + "/lessons/no-such-lesson")
    assert missing.status == 404
    pages[page.url] = missing.text()
    page.goto(live_server + "/signin")  # a form showing its errors
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".field-error, .flash").first.wait_for()
    pages[f"{page.url} (with errors)"] = page.content()
    anonymous.close()

    learner = learner_with_progress(browser, seeded, live_server)
    page = learner.pages[0]
    pages.update(
        {f"{url} (learner)": html for url, html in crawl(page, live_server + "/dashboard").items()}
    )
    # Each lesson as scripts leave it: boards built, every activity answered without a reload.
    for lesson in LESSONS:
        page.goto(live_server + lesson)
        answer_every_activity(page)
        pages[f"{live_server}{lesson} (learner, after scripts)"] = page.content()
    forbidden = page.goto(live_server + "/instructor/")
    assert forbidden.status == 403
    pages[f"{page.url} (learner)"] = forbidden.text()
    learner.close()

    teacher = instructor(browser, seeded, live_server)
    page = teacher.pages[0]
    pages.update(
        {
            f"{url} (instructor)": html
            for url, html in crawl(page, f"{live_server}/instructor/", 15).items()
        }
    )
    teacher.close()

    errors = check(pages, tmp_path / "markup")
    if errors:
        shutil.copytree(tmp_path / "markup", ARTIFACTS / "markup", dirs_exist_ok=True)
    assert errors == [], "\n".join(errors)
