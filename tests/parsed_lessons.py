"""Lessons parsed once per test process, not once per test.

Each test builds its own app, and with it an empty lesson cache (app.core.content.cache): the
first page that shows a lesson parsed its Markdown all over again, and the home and course pages
parsed every lesson of the course. For a test that renders a page or two, that was more work
than anything else it did. :func:`parse_lesson` is a pure function of the source text, the path
and the registered activity types, so the lesson cache and the catalog reader get a
memoised copy of it here: each app's cache still starts empty and still calls ``parse_lesson``
once per source (the tests that count those calls see the same counts), but a source this
process has parsed before comes back at once. A lesson that does not parse raises afresh each
time, and a check run under a time budget (authoring, package import) is never memoised. The
sentence marking the cache applies to each parsed lesson (``mark_lesson``, also pure) is kept
the same way, for the lesson object the memo handed out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from app.core import activity_types
from app.core.content import cache, catalog, parser
from app.core.content.model import Lesson
from app.core.speech import marking

# Generated tests (hypothesis) parse many one-off lessons: keep the most recent ones only.
MAX_LESSONS = 256


class ParsedLessons:
    def __init__(self, parse: Callable[..., Lesson], max_size: int = MAX_LESSONS) -> None:
        self.parse = parse
        self.max_size = max_size
        self.lessons: OrderedDict[tuple, Lesson] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, text: str, path: str = "<lesson>", budget=None) -> Lesson:
        if budget is not None:
            return self.parse(text, path, budget)
        # The registry's state is part of the key: a test may register a type of its own.
        types = tuple((name, id(t)) for name, t in sorted(activity_types._types.items()))
        key = (text, path, types)
        with self.lock:
            lesson = self.lessons.get(key)
            if lesson is not None:
                self.lessons.move_to_end(key)
                return lesson
        lesson = self.parse(text, path)
        with self.lock:
            self.lessons[key] = lesson
            while len(self.lessons) > self.max_size:
                self.lessons.popitem(last=False)
        return lesson


class MarkedLessons:
    """``mark_lesson`` once per parsed lesson object (held here, so its id is never reused)."""

    def __init__(self, mark: Callable[[Lesson], Lesson], max_size: int = MAX_LESSONS) -> None:
        self.mark = mark
        self.max_size = max_size
        self.lessons: OrderedDict[int, tuple[Lesson, Lesson]] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, lesson: Lesson) -> Lesson:
        with self.lock:
            found = self.lessons.get(id(lesson))
            if found is not None and found[0] is lesson:
                self.lessons.move_to_end(id(lesson))
                return found[1]
        marked = self.mark(lesson)
        with self.lock:
            self.lessons[id(lesson)] = (lesson, marked)
            while len(self.lessons) > self.max_size:
                self.lessons.popitem(last=False)
        return marked


@contextmanager
def shared_parsing() -> Iterator[ParsedLessons]:
    """While open, the lesson cache and the catalog reader parse through one memo, and the apps
    created mark sentences through another."""
    parsed = ParsedLessons(parser.parse_lesson)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "parse_lesson", parsed)
        patch.setattr(catalog, "parse_lesson", parsed)
        patch.setattr(marking, "mark_lesson", MarkedLessons(marking.mark_lesson))
        yield parsed
