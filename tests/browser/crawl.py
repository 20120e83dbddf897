"""The pages a learner or instructor reaches, for the accessibility and markup checks.

Three visitors: an anonymous learner, a signed-in learner with progress and attempts, and an
instructor. ``crawl`` follows same-site links and keeps each page's HTML as the server sent it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from app.core.content import load_catalog
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.users import INSTRUCTOR_EMAIL, add_to_staff, add_user, sign_in_browser

LESSON = f"/lessons/{SEED_LESSON}"
# Every shipped lesson's page, for the checks that look at each lesson in its answered state.
LESSONS = [f"/lessons/{slug}" for slug in sorted(load_catalog(SEED_CONTENT).lessons)]
LEARNER_EMAIL = "learner@example.org"
ANSWER = "Sorry for the delay; it will arrive on Friday with 10% off your next order."
# Not pages: downloads and the audio files a lesson links to.
DOWNLOADS = (".json", ".m3u", ".mp3", ".vtt", ".csv")


# Query parameters that make no page of their own: where sign-in and sign-up lead back to
# (``next``), and which section a lesson in focus mode shows (one section's page stands for the
# others: each section is checked on the whole lesson page, and the frame around it is the same).
SAME_PAGE = ("next", "section")


def _page_key(url: str) -> str:
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in SAME_PAGE])
    return parts._replace(query=query).geturl()


def crawl(page, start: str, limit: int = 25, visit=None) -> dict[str, str]:
    """Same-site pages reachable by links from ``start``: {url: the HTML the server sent}.

    ``visit(page, url)``, when given, is called on each page as soon as it has loaded.
    """
    origin = urlsplit(start).netloc
    pages: dict[str, str] = {}
    seen: set[str] = set()
    queue = [start]
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if _page_key(url) in seen:
            continue
        seen.add(_page_key(url))
        response = page.goto(url)
        pages[url] = response.text() if response else page.content()
        if visit:
            visit(page, url)
        for href in page.eval_on_selector_all(
            "a[href]", "as => as.map(a => a.getAttribute('href'))"
        ):
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if (
                parts.netloc == origin
                and not parts.path.endswith(DOWNLOADS)
                and _page_key(target) not in seen
            ):
                queue.append(target)
    return pages


def wait_for_player(page) -> None:
    """The player's section buttons are added once the lesson's audio list has loaded."""
    page.locator("[data-listen-section]").first.wait_for(state="attached")


def answer_every_activity(page) -> None:
    """Submit every activity on the open lesson page (with scripts) and wait for each result.

    A crawl may have switched the lesson to focus mode (one section shown, remembered in a
    cookie): the whole lesson is opened first, so that every activity can be reached."""
    if page.locator(".lesson--focus").count():
        page.goto(urljoin(page.url, urlsplit(page.url).path) + "?view=full")
    for activity in page.eval_on_selector_all(
        "[data-activity]", "els => els.map(e => e.dataset.activity)"
    ):
        section = page.locator(f'[data-activity="{activity}"]')
        for area in section.locator("textarea").all():
            area.fill(ANSWER)
        section.locator('button[type="submit"]').first.click()
        section.locator("[data-result] .result").wait_for()


def signed_in(browser, app, base: str, email: str, role: str, **options):
    """A new browser context signed in as a (new) user with this role."""
    add_user(app, email, role)
    context = browser.new_context(**options)
    sign_in_browser(context.new_page(), base, email)
    return context


def learner_with_progress(browser, app, base: str, **options):
    """A signed-in learner who has read part of the lesson and attempted every activity."""
    context = signed_in(browser, app, base, LEARNER_EMAIL, "learner", **options)
    page = context.pages[0]
    page.goto(base + LESSON)
    page.mouse.wheel(0, 4000)
    answer_every_activity(page)
    return context


def instructor(browser, app, base: str, **options):
    """A new browser context signed in as an instructor who owns the shipped course."""
    add_user(app, INSTRUCTOR_EMAIL, "instructor")
    add_to_staff(app, INSTRUCTOR_EMAIL)
    return signed_in(browser, app, base, INSTRUCTOR_EMAIL, "instructor", **options)
