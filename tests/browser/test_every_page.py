"""Every page a learner or instructor reaches: no axe violations (WCAG 2.x A/AA) in both themes,
valid HTML (the Nu Html Checker), targets of at least 24 px or spaced apart (WCAG 2.5.8) and no
horizontal scrolling at 320 px or at 200% zoom (WCAG 1.4.10); and each lesson passes axe once
every activity is answered, with enough contrast in every feedback state.

One server serves this module, and one crawl per visitor and window runs every check on each page
(``tests/browser/survey.py``); each test asserts what one check found, page by page. The tests run
in this order: the anonymous learner answers the lessons and the signed-in learner attempts every
activity before the instructor's crawl, so the instructor's analytics pages have data to show.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from app.learning.db import db
from app.learning.importer import import_catalog
from tests.browser.conftest import ARTIFACTS, serving
from tests.browser.crawl import LESSON, LESSONS, instructor, learner_with_progress
from tests.browser.site import app_for
from tests.browser.survey import (
    DESKTOP,
    REFLOW_VIEWPORTS,
    survey_anonymous,
    survey_instructor,
    survey_learner,
)
from tests.browser.vnu import check, require_vnu

pytestmark = pytest.mark.rendering
PAGES = ("edit", "analytics")  # an instructor's pages for each lesson


@pytest.fixture(scope="module")
def site(tmp_path_factory, database_backend, seed_catalog):
    """The app with the shipped course, served for every test in this module."""
    with app_for(tmp_path_factory.mktemp("site"), database_backend) as app:
        with app.app_context():
            import_catalog(seed_catalog)
            db.session.commit()
        with serving(app) as url:
            yield app, url


@pytest.fixture(scope="module")
def anonymous(browser, site):
    return survey_anonymous(browser, site[1], LESSONS)


@pytest.fixture(scope="module")
def learner(browser, site):
    app, base = site
    context = learner_with_progress(browser, app, base, **DESKTOP)
    yield survey_learner(context, base, LESSONS)
    context.close()


@pytest.fixture(scope="module")
def teacher(browser, site):
    app, base = site
    context = instructor(browser, app, base, **DESKTOP)
    yield survey_instructor(browser, context, base)
    context.close()


def report(problems: list[str]) -> str:
    return "\n".join(problems)


def test_every_page_an_anonymous_learner_reaches_passes_axe_in_both_themes(anonymous):
    assert len(anonymous.backgrounds) == 2, "switching the colour scheme switches the theme"
    assert anonymous.axe == {}


@pytest.mark.parametrize("lesson", LESSONS)
def test_activities_in_their_answered_state_pass_axe(anonymous, lesson):
    assert anonymous.answered[lesson] == []


def test_the_lesson_has_enough_contrast_in_every_feedback_state_in_both_themes(anonymous):
    """Answered, a card held and every disclosure open (unanswered: the axe tests above)."""
    assert LESSON in anonymous.answered
    assert anonymous.contrast == {}


def test_every_page_a_signed_in_learner_reaches_passes_axe_in_both_themes(learner):
    assert learner.axe == {}


def test_instructor_pages_pass_axe(teacher):
    assert teacher.axe == {}


def test_every_interactive_control_is_at_least_24_px_or_spaced_apart(anonymous, teacher):
    problems = anonymous.targets + teacher.targets
    assert problems == [], report(problems)


@pytest.mark.parametrize("viewport", REFLOW_VIEWPORTS)
def test_every_page_reflows_without_horizontal_scrolling(anonymous, teacher, viewport):
    problems = anonymous.reflow[viewport] + teacher.reflow[viewport]
    assert problems == [], report(problems)


def test_every_page_is_valid_html(anonymous, learner, teacher, tmp_path):
    require_vnu()
    pages = {**anonymous.html, **learner.html, **teacher.html}
    reached = {urlsplit(key.split(" ")[0]).path for key in pages}
    # every visitor's start, every lesson, and each lesson's editor and analytics
    instructor_pages = [f"/instructor{lesson}/{page}" for lesson in LESSONS for page in PAGES]
    expected = {"/", "/dashboard", "/instructor/", *LESSONS, *instructor_pages}
    assert expected <= reached, f"the crawls did not reach {sorted(expected - reached)}"
    errors = check(pages, tmp_path / "markup")
    if errors:
        shutil.copytree(tmp_path / "markup", ARTIFACTS / "markup", dirs_exist_ok=True)
    assert errors == [], report(errors)
