"""Screenshots for the README: ``python -m bench.screenshots`` (`make screenshots`).

Starts the app as production serves it (gunicorn, a fresh SQLite database with the shipped
lessons), makes a learner who answers every activity of the first lesson and reads it to the end,
then photographs the pages below at a desktop and a phone size, in the light and the dark theme,
with the system Chromium. PNGs go to docs/screenshots/, named ``<shot>-<size>-<scheme>.png``.

To add a picture, add a :class:`Shot`: a page and, optionally, what to scroll to the top of the
window first. A shot whose element is missing (a part of the page not built yet) falls back to
its ``fallback`` selector, or the end of the page, and says so; it never stops the run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.content import load_catalog
from bench.server import ROOT, database, environment, gunicorn, prepare
from tests import activity_answers
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

OUT = ROOT / "docs" / "screenshots"
CONTENT = ROOT / "content"
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SCHEMES = ("light", "dark")
EMAIL = "screenshots@example.org"
PASSWORD = "screenshots are worth a thousand words"


@dataclass(frozen=True)
class Shot:
    name: str
    path: Callable[[dict[str, str]], str]  # from the site's paths ("course", "lesson")
    scroll_to: str | None = None  # a CSS selector brought to the top of the window
    fallback: str | None = None  # scrolled to when ``scroll_to`` is not on the page


def shots(answered: str) -> list[Shot]:
    return [
        Shot("home", lambda p: "/"),
        Shot("course", lambda p: p["course"]),
        Shot("lesson-top", lambda p: p["lesson"]),
        Shot("lesson-answered", lambda p: p["lesson"], f'[data-activity="{answered}"]'),
        Shot(
            "lesson-complete",
            lambda p: p["lesson"],
            ".lesson-complete",
            fallback="[data-lesson-complete], [data-lesson-progress]",
        ),
        Shot("dashboard", lambda p: "/dashboard"),
    ]


def chromium() -> str:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: install it (Debian: chromium)")
    return CHROMIUM


def first_lesson():
    catalog = load_catalog(CONTENT)
    course = min(catalog.courses.values(), key=lambda c: c.position)
    return course, catalog.lessons_of(course.id)[0]


def sign_up(page, base: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state()


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fill(section, name: str, values: list[str]) -> None:
    field = section.locator(f'[name="{name}"]')
    kind = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
    if kind.startswith("SELECT"):
        field.select_option(values)
    elif kind.startswith("TEXTAREA") or kind.endswith(":text") or kind.endswith(":number"):
        field.fill("\n".join(values))
    else:
        for value in values:
            section.locator(f'[name="{name}"][value="{value}"]').check()


def complete_lesson(browser, base: str, lesson) -> None:
    """As a learner without JavaScript (plain forms, one page load each): sign up, answer every
    required activity right, and mark every required section read."""
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_up(page, base)
    url = f"{base}/lessons/{lesson.id}"
    for activity_id in lesson.required_activities:
        page.goto(url)
        section = page.locator(f'[data-activity="{activity_id}"]')
        for name, values in activity_answers.right(lesson.activities[activity_id]).items():
            fill(section, name, values)
        section.get_by_role("button", name="Check my answer").click()
        page.wait_for_load_state()
    for section_id in lesson.required_sections:
        page.goto(url)
        mark = page.locator(f'[data-read-status="{section_id}"] button')
        if mark.count():
            mark.click()
            page.wait_for_load_state()
    context.close()


def take(browser, base: str, paths: dict[str, str], size: str, scheme: str, only) -> list[Path]:
    context = browser.new_context(**SIZES[size], color_scheme=scheme, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, base)
    written = []
    for shot in shots(paths["answered"]):
        if only and shot.name not in only:
            continue
        page.goto(base + shot.path(paths))
        page.wait_for_load_state("networkidle")
        target = shot.scroll_to
        if target and not page.locator(target).count():
            print(f"  {shot.name}: {target} is not on the page; using {shot.fallback or 'the end'}")
            target = shot.fallback
        if target and page.locator(target).count():
            page.locator(target).first.evaluate("e => e.scrollIntoView({block: 'start'})")
        elif shot.scroll_to:
            page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(150)
        path = OUT / f"{shot.name}-{size}-{scheme}.png"
        page.screenshot(path=path, animations="disabled", caret="hide")
        written.append(path)
    context.close()
    return written


def optimise(paths: list[Path]) -> None:
    """Shrink the PNGs losslessly when optipng is installed (Debian: optipng)."""
    if paths and shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", *map(str, paths)], check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="shot names (home, course, lesson-top, …)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    course, lesson = first_lesson()
    answered = "method-comparison" if "method-comparison" in lesson.activities else None
    answered = answered or lesson.required_activities[0]
    paths = {"course": f"/courses/{course.id}", "lesson": f"/lessons/{lesson.id}"}
    paths["answered"] = answered
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with database("sqlite", folder) as url:
            env = environment(
                url, folder, FLASK_SPEECH_ENGINE='"none"', FLASK_AUDIO_ON_PUBLISH="false"
            )
            prepare(env)
            with gunicorn(env) as server, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
                complete_lesson(browser, server.url, lesson)
                written = []
                for size in SIZES:
                    for scheme in SCHEMES:
                        written += take(browser, server.url, paths, size, scheme, args.only)
                browser.close()
    optimise(written)
    for path in written:
        print(f"  {path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    print(f"Wrote {len(written)} screenshot(s) to {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    sys.exit(main())
