"""One visit to every page a visitor reaches, with every per-page check run while it is open.

The accessibility (axe), markup (Nu checker), target-size and reflow tests look at the same
pages. Crawling once per check loaded each page up to five times and signed the same visitors in
again and again; here each page is loaded once per viewport, every check runs on it, and what
each check found is recorded per page for the tests in ``test_every_page.py`` to assert.

Three visitors: an anonymous learner, a signed-in learner with progress and attempts, and an
instructor who owns the shipped course (``tests/browser/crawl.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.browser.axe import COLOURS, CONTRAST, WCAG_AA, violations
from tests.browser.crawl import LESSON, answer_every_activity, crawl, wait_for_player
from tests.browser.wcag import CONTROLS, REFLOW, SMALL_TARGETS

SCHEMES = ("light", "dark")
# The context axe and the target-size check have always used (Playwright's default window).
DESKTOP = {"viewport": {"width": 1280, "height": 720}}
# WCAG 1.4.10: 320 CSS px wide, and a 1280 × 900 window zoomed to 200%.
REFLOW_VIEWPORTS = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "200%-zoom": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


@dataclass
class Findings:
    """What each check found on the pages one visitor reaches; empty when all is well."""

    html: dict[str, str] = field(default_factory=dict)  # page -> the HTML, for the Nu checker
    axe: dict[str, list[str]] = field(default_factory=dict)  # "url (scheme)" -> violations
    answered: dict[str, list[str]] = field(default_factory=dict)  # lesson -> axe, once answered
    contrast: dict[str, list[str]] = field(default_factory=dict)  # scheme -> the answered lesson
    targets: list[str] = field(default_factory=list)  # "url: control too small and too close"
    reflow: dict[str, list[str]] = field(default_factory=dict)  # viewport -> "url: problem"
    backgrounds: set[str] = field(default_factory=set)  # the body's colour in each scheme


def settle(page, url: str) -> None:
    """Wait until the page's scripts have done what the checks should see."""
    path = urlsplit(url).path
    if path == LESSON:
        wait_for_player(page)
    if path.endswith("/edit"):
        page.wait_for_load_state("networkidle")  # the editor's first preview has arrived


def desktop_crawl(
    page,
    start: str,
    findings: Findings,
    *,
    limit: int = 25,
    schemes: tuple[str, ...] = SCHEMES,
    targets: bool = True,
    label: str = "",
) -> None:
    """Crawl from ``start``: axe in each colour scheme (switched on the loaded page: the pages
    follow the system scheme; every A/AA rule in the first, the rules that look at colours in
    the others), target sizes, and each page's HTML as the server sent it."""

    def check(page, url):
        settle(page, url)
        for n, scheme in enumerate(schemes):
            page.emulate_media(color_scheme=scheme)
            if found := violations(page, COLOURS if n else WCAG_AA):
                findings.axe[f"{url} ({scheme})"] = found
        page.emulate_media(color_scheme=schemes[0])
        if targets:
            findings.targets.extend(f"{url}: {p}" for p in page.evaluate(SMALL_TARGETS, CONTROLS))

    pages = crawl(page, start, limit, visit=check)
    findings.html.update({f"{url}{label}": html for url, html in pages.items()})


def reflow_crawl(page, start: str, limit: int = 25) -> list[str]:
    """Crawl from ``start`` in a narrow window: what scrolls sideways or is cut off, per page."""
    problems: list[str] = []

    def check(page, url):
        settle(page, url)
        problems.extend(f"{url}: {p}" for p in page.evaluate(REFLOW, CONTROLS))

    crawl(page, start, limit, visit=check)
    return problems


def survey_anonymous(browser, base: str, lessons: list[str]) -> Findings:
    """An anonymous learner's pages on a desktop and in both reflow windows, each of ``lessons``
    with every activity answered, and the seed lesson's contrast in every feedback state."""
    findings = Findings()
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    desktop_crawl(page, base + "/", findings)
    for scheme in SCHEMES:  # switching the scheme on a loaded page does switch the theme
        page.emulate_media(color_scheme=scheme)
        findings.backgrounds.add(page.evaluate(BACKGROUND))
    page.emulate_media(color_scheme=SCHEMES[0])
    missing = page.goto(base + "/lessons/no-such-lesson")
    assert missing.status == 404
    findings.html[page.url] = missing.text()
    page.goto(base + "/signin")  # a form showing its errors
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".field-error, .flash").first.wait_for()
    findings.html[f"{page.url} (with errors)"] = page.content()
    for lesson in lessons:  # every activity answered: results, feedback and review links
        page.goto(base + lesson)
        answer_every_activity(page)
        findings.answered[lesson] = violations(page)
        if lesson == LESSON:
            page.locator("[data-board] .chip > button").first.click()  # "Place here" shown
            findings.targets.extend(
                f"{LESSON} (answered): {p}" for p in page.evaluate(SMALL_TARGETS, CONTROLS)
            )
            for details in page.locator("details:not([open]) > summary").all():
                if details.is_visible():
                    details.click()
            for scheme in SCHEMES:  # a card held, every disclosure open
                page.emulate_media(color_scheme=scheme)
                if found := violations(page, CONTRAST):
                    findings.contrast[scheme] = found
            page.emulate_media(color_scheme=SCHEMES[0])
    context.close()

    for name, viewport in REFLOW_VIEWPORTS.items():
        context = browser.new_context(**viewport)
        page = context.new_page()
        problems = reflow_crawl(page, base + "/")
        # Key controls stay usable: listen, and check an answer (in the whole lesson: the crawl
        # may have left it in focus mode, which shows one section and no lesson player).
        page.goto(base + LESSON + "?view=full")
        page.get_by_role("button", name="Listen to this lesson", exact=True).wait_for()
        quiz = page.locator('[data-activity="knowledge-check-quiz"]')
        quiz.get_by_role("button", name="Check my answer").click()
        quiz.locator(".result__headline").wait_for()
        page.locator("[data-board] .chip > button").first.click()
        problems += [f"{LESSON} (card held): {p}" for p in page.evaluate(REFLOW, CONTROLS)]
        findings.reflow[name] = problems
        context.close()
    return findings


def survey_learner(context, base: str, lessons: list[str]) -> Findings:
    """A signed-in learner's pages (``context``: signed in, with progress) on a desktop, then
    each lesson as its scripts leave it once every activity is answered without a reload."""
    findings = Findings()
    page = context.pages[0]
    desktop_crawl(page, base + "/dashboard", findings, targets=False, label=" (learner)")
    for lesson in lessons:
        page.goto(base + lesson)
        answer_every_activity(page)
        findings.html[f"{base}{lesson} (learner, after scripts)"] = page.content()
    forbidden = page.goto(base + "/instructor/")
    assert forbidden.status == 403
    findings.html[f"{page.url} (learner)"] = forbidden.text()
    return findings


def survey_instructor(browser, context, base: str) -> Findings:
    """An instructor's pages (``context``: signed in on a desktop) on a desktop, in the light
    scheme, and in both reflow windows (new contexts sharing the sign-in)."""
    findings = Findings()
    start = f"{base}/instructor/"
    desktop_crawl(
        context.pages[0], start, findings, limit=15, schemes=("light",), label=" (instructor)"
    )
    signed_in = context.storage_state()
    for name, viewport in REFLOW_VIEWPORTS.items():
        narrow = browser.new_context(storage_state=signed_in, **viewport)
        findings.reflow[name] = reflow_crawl(narrow.new_page(), start, 15)
        narrow.close()
    return findings
