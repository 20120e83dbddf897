"""Parsed lessons kept in memory, keyed by the hash of their source.

A page request looks up the published revision's hash (one small query) and only loads and
parses the Markdown when this process has not seen that source before. Work that depends only on
the source (marking the sentences read aloud) is done by ``prepare``, once, at the same time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from app.core.content import parse_lesson
from app.core.content.model import Lesson


class LessonCache:
    def __init__(
        self, max_size: int = 32, prepare: Callable[[Lesson], Lesson] | None = None
    ) -> None:
        self.max_size = max_size
        self.prepare = prepare
        self._items: OrderedDict[str, Lesson] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source_hash: str, load_source: Callable[[], str], path: str) -> Lesson:
        with self._lock:
            lesson = self._items.get(source_hash)
            if lesson is not None:
                self._items.move_to_end(source_hash)
                return lesson
        lesson = parse_lesson(load_source(), path)
        if self.prepare is not None:
            lesson = self.prepare(lesson)
        with self._lock:
            self._items[source_hash] = lesson
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)
        return lesson

    def render_ready(self, lesson: Lesson) -> Lesson:
        """``lesson`` as pages show it (e.g. an unsaved preview), without caching it."""
        return self.prepare(lesson) if self.prepare is not None else lesson

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
