"""Focus mode: the lesson one section at a time, chosen by the URL or a remembered preference.

A long lesson is easier to follow a section at a time. The choice travels in the URL
(``?view=focus&section=<id>``, so it works without JavaScript and can be linked) and is kept in
a plain preference cookie (``lesson_view``) that the page's script also writes, so the next
lesson opens the same way. The whole page stays one link away.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request, Response, abort

from app.core.content.model import Lesson
from app.web.security.headers import cookies_secure

COOKIE = "lesson_view"
FOCUS, FULL = "focus", "full"
VIEWS = (FOCUS, FULL)
MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class View:
    mode: str  # focus | full
    section: str | None  # the section shown in focus mode
    asked: str | None  # the mode the URL asked for, if any (then remembered)

    @property
    def focus(self) -> str | None:
        return self.section if self.mode == FOCUS else None


def read_view(request: Request, lesson: Lesson, reading: str | None) -> View:
    """The view this request asks for; in focus mode, the section to show: the one named, else
    where the learner was reading, else the first. A section the lesson lacks is a 404."""
    args = request.args if request.query_string else {}  # most pages: none to parse
    asked = args.get("view")
    if asked is not None and asked not in VIEWS:
        abort(
            400, description=f"There is no “{asked[:40]}” view of a lesson: use “focus” or “full”."
        )
    mode = asked or (request.cookies.get(COOKIE) if request.cookies.get(COOKIE) in VIEWS else FULL)
    named = args.get("section")
    if named is not None and lesson.section(named) is None:
        abort(404, description=f"This lesson has no section called “{named[:80]}”.")
    if not lesson.sections:
        return View(FULL, None, asked)
    section = named or (reading if reading and lesson.section(reading) else lesson.sections[0].id)
    return View(mode, section, asked)


def remember(response: Response, request: Request, view: View) -> Response:
    """Keep the mode the URL asked for, when it differs from the one kept (cookies are sent only
    when they change)."""
    if view.asked and request.cookies.get(COOKIE) != view.asked:
        response.set_cookie(
            COOKIE, view.asked, max_age=MAX_AGE, samesite="Lax", secure=cookies_secure()
        )
    return response
