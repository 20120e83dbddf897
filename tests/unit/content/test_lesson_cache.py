"""The lesson cache: parsed lessons and lesson plans, each within its own bound."""

from __future__ import annotations

import pytest

from app.core.content.cache import LessonCache
from app.core.content.parser import parse_lesson, source_hash
from app.core.content.plan import plan_of
from app.core.rules.completion import lesson_progress
from app.core.rules.resume import resume
from tests.activity_blocks import block
from tests.content_helpers import lesson_text

SOURCES = {n: lesson_text(id=f"lesson-{n}", title=f"Lesson {n}") for n in range(1, 5)}


def wanted(*numbers: int) -> dict[int, tuple[str, str]]:
    return {n: (source_hash(SOURCES[n]), f"lesson-{n}") for n in numbers}


class Loads:
    """``load_sources`` that remembers what it was asked for."""

    def __init__(self, sources: dict[int, str] = SOURCES) -> None:
        self.calls: list[list[int]] = []
        self.sources = sources

    def __call__(self, keys: list[int]) -> dict[int, str]:
        self.calls.append(list(keys))
        return {key: self.sources[key] for key in keys}


def refuse(key, exc) -> None:
    raise AssertionError(f"{key} did not parse: {exc}")


def test_the_plans_it_has_not_seen_are_loaded_with_one_call_and_kept():
    cache, loads = LessonCache(), Loads()
    assert list(cache.plans(wanted(1, 2, 3), loads, refuse)) == [1, 2, 3]
    assert list(cache.plans(wanted(3, 1, 4), loads, refuse)) == [3, 1, 4]
    assert loads.calls == [[1, 2, 3], [4]]


def test_a_lesson_parsed_for_its_page_gives_its_plan_without_a_load():
    cache, loads = LessonCache(), Loads()
    cache.get(source_hash(SOURCES[2]), lambda: SOURCES[2], "lesson-2")
    cache.plans(wanted(2), loads, refuse)
    assert loads.calls == []


@pytest.mark.parametrize("max_plans", [1, 2])
def test_plans_are_kept_within_their_bound(max_plans):
    cache = LessonCache(max_size=1, max_plans=max_plans)
    cache.plans(wanted(1, 2, 3, 4), Loads(), refuse)
    for n in (1, 2):
        cache.get(source_hash(SOURCES[n]), lambda n=n: SOURCES[n], f"lesson-{n}")
    assert cache.plan_count == max_plans and len(cache) == 1


def test_a_source_that_does_not_parse_is_reported_and_left_out():
    broken: list[int] = []
    loads = Loads(SOURCES | {4: "no front matter"})
    found = LessonCache().plans(wanted(1, 4), loads, lambda key, exc: broken.append(key))
    assert list(found) == [1] and broken == [4]


def test_a_plan_gives_the_same_progress_and_resume_as_its_lesson():
    body = "Intro.\n\n## One {#one}\n\nText.\n\n## Two {#two}\n\n" + block("quiz", "quiz-1")
    lesson = parse_lesson(lesson_text(body))
    plan = plan_of(lesson)
    for read, passed in ((set(), set()), ({"one"}, set()), ({"one", "two"}, {"quiz-1"})):
        progress = lesson_progress(lesson, read, passed)
        assert lesson_progress(plan, read, passed) == progress
        for reading in (None, "one", "two", "nowhere"):
            assert resume(plan, progress, reading) == resume(lesson, progress, reading)
