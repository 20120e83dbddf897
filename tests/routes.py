"""Every route of the app with sample arguments, for tests that must cover all of them.

Tests walk ``app.url_map`` rather than a hand-written list, so a new route is covered (or makes a
test fail until someone decides how it is protected) without anyone remembering to add it. The
samples name the lesson, course, activity and section of the ``lesson`` fixture (tests/lessons.py),
so tests walking the routes build that lesson first.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.lessons import COURSE, SLUG

SAMPLES = {
    "slug": SLUG,
    "course": COURSE,
    "number": "1",
    "activity_id": "free-text-1",
    "section_id": "one",
    "section": "one",
    "key": "x",
    "ext": "json",
    "name": "0" * 32 + ".png",
    "filename": "css/main.css",
    "table": "overview",
    "version": "0",
    "attempt_id": "1",
    "user_id": "1",
    "secret": "x" * 43,
    "digest": "0" * 64,
    "context_id": "1",
}
ENDPOINT_SAMPLES = {
    "lessons.course": {"slug": COURSE},
    "instructor.export_gift": {"activity_id": "quiz-1"},
    "instructor.scorm_download": {"version": "2004"},
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: str

    @property
    def unsafe(self) -> bool:
        return self.method in UNSAFE

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def routes(app) -> list[Route]:
    """Every (method, URL) the app answers, arguments filled from ``SAMPLES``."""
    found = []
    for rule in app.url_map.iter_rules():
        missing = rule.arguments - SAMPLES.keys()
        assert not missing, f"add samples for {sorted(missing)} ({rule.rule}) to tests/routes.py"
        values = {a: SAMPLES[a] for a in rule.arguments} | ENDPOINT_SAMPLES.get(rule.endpoint, {})
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(Route(rule.endpoint, method, url))
    return found


def unsafe_routes(app) -> list[Route]:
    return [r for r in routes(app) if r.unsafe]
