"""Parsed lessons kept in memory, keyed by the hash of their source.

A page request looks up the published revision's hash (one small query) and only loads and
parses the Markdown when this process has not seen that source before. Work that depends only on
the source (marking the sentences read aloud) is done by ``prepare``, once, at the same time.

Pages that list many lessons (home, course) need only each lesson's :class:`LessonPlan`, kept in
a second, larger bound: a process keeps a plan for every lesson it serves while the few lessons
being read keep their full parse. Both bounds are set by configuration; nothing grows without
one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

from app.core.content import parse_lesson
from app.core.content.errors import ContentErrors
from app.core.content.model import Lesson
from app.core.content.plan import LessonPlan, plan_of

Key = TypeVar("Key", bound=Hashable)


class LessonCache:
    def __init__(
        self,
        max_size: int = 32,
        prepare: Callable[[Lesson], Lesson] | None = None,
        max_plans: int = 2048,
    ) -> None:
        self.max_size = max_size
        self.max_plans = max_plans
        self.prepare = prepare
        self._items: OrderedDict[str, Lesson] = OrderedDict()
        self._plans: OrderedDict[str, LessonPlan] = OrderedDict()
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
            _trim(self._items, self.max_size)
            self._keep_plan(source_hash, plan_of(lesson))
        return lesson

    def plans(
        self,
        wanted: Mapping[Key, tuple[str, str]],
        load_sources: Callable[[list[Key]], Mapping[Key, str]],
        broken: Callable[[Key, ContentErrors], None],
    ) -> dict[Key, LessonPlan]:
        """The plan of each lesson in ``wanted`` (key → source hash and path), in its order.

        The sources this process has no plan for are loaded with one call of ``load_sources``
        (one query, however many are missing) and parsed; a source that does not parse is
        passed to ``broken`` and left out.
        """
        found: dict[Key, LessonPlan] = {}
        missing: list[Key] = []
        with self._lock:
            for key, (source_hash, _path) in wanted.items():
                plan = self._known_plan(source_hash)
                if plan is None:
                    missing.append(key)
                else:
                    found[key] = plan
        if missing:
            sources = load_sources(missing)
            for key in missing:
                source_hash, path = wanted[key]
                try:
                    plan = plan_of(parse_lesson(sources[key], path))
                except ContentErrors as exc:
                    broken(key, exc)
                    continue
                found[key] = plan
                with self._lock:
                    self._keep_plan(source_hash, plan)
        return {key: found[key] for key in wanted if key in found}

    def _known_plan(self, source_hash: str) -> LessonPlan | None:
        plan = self._plans.get(source_hash)
        if plan is not None:
            self._plans.move_to_end(source_hash)
            return plan
        lesson = self._items.get(source_hash)
        if lesson is None:
            return None
        plan = plan_of(lesson)
        self._keep_plan(source_hash, plan)
        return plan

    def _keep_plan(self, source_hash: str, plan: LessonPlan) -> None:
        self._plans[source_hash] = plan
        self._plans.move_to_end(source_hash)
        _trim(self._plans, self.max_plans)

    def render_ready(self, lesson: Lesson) -> Lesson:
        """``lesson`` as pages show it (e.g. an unsaved preview), without caching it."""
        return self.prepare(lesson) if self.prepare is not None else lesson

    def __len__(self) -> int:
        return len(self._items)

    @property
    def plan_count(self) -> int:
        return len(self._plans)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._plans.clear()


def _trim(items: OrderedDict, max_size: int) -> None:
    """Forget the least recently used entries beyond ``max_size``."""
    while len(items) > max_size:
        items.popitem(last=False)
