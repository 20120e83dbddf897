"""Grades packed against their activity's dictionary read back exactly, and take few bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import activity_types
from app.core.content import load_catalog
from app.core.grading.packing import dictionary_of, pack, summary, unpack
from app.core.grading.result import Grade
from tests import activity_answers
from tests.activity_blocks import block
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.content_helpers import lesson_text, make_content
from tests.lessons import TYPES, body_with

GRADING = Path(__file__).resolve().parents[2] / "data" / "grading"
WRITTEN = sorted(GRADING.glob("*.yaml"))


def graded(activity, form) -> Grade:
    kind = activity_types.get(activity.type)
    return kind.evaluate(activity.spec, kind.answers(form))[1]


def stored_size(grade: dict, dictionary: bytes) -> int:
    """Bytes an attempt stores for a grade: the packed grade and its summary as JSON."""
    return len(pack(grade, dictionary)) + len(json.dumps(summary(grade)).encode())


@pytest.fixture(scope="module")
def built_lesson(tmp_path_factory):
    """A lesson with one activity of every type, of two parts each."""
    body = body_with(*(block(t, f"{t}-1", parts=2) for t in TYPES))
    folder = make_content(tmp_path_factory.mktemp("content"), {"01-a.md": lesson_text(body)})
    return load_catalog(folder).lessons["a-lesson"]


@pytest.fixture(scope="module")
def shipped():
    return load_catalog(SEED_CONTENT)


def shipped_activity(catalog, activity_id: str):
    """An activity of the shipped lessons, by id."""
    return next(
        lesson.activities[activity_id]
        for lesson in catalog.lessons.values()
        if activity_id in lesson.activities
    )


@pytest.mark.parametrize("answer", ["right", "partly", "wrong"])
@pytest.mark.parametrize("activity_type", [t for t in TYPES if activity_types.get(t).graded])
def test_every_types_grades_unpack_to_what_was_packed(built_lesson, activity_type, answer):
    activity = built_lesson.activities[f"{activity_type}-1"]
    grade = graded(activity, getattr(activity_answers, answer)(activity))
    dictionary = dictionary_of(activity)
    unpacked = unpack(pack(grade.to_dict(), dictionary), dictionary)
    assert unpacked == json.loads(json.dumps(grade.to_dict()))  # as the JSON column kept it
    assert Grade.from_dict(unpacked) == grade


def written_answers() -> list[tuple[str, str]]:
    return [
        (path.stem, item["text"])
        for path in WRITTEN
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    ]


@settings(max_examples=60, deadline=None)
@given(
    written=st.sampled_from(written_answers()),
    edit=st.text(st.characters(blacklist_characters="\x00"), max_size=200),
    at=st.integers(min_value=0, max_value=2000),
)
def test_written_answers_of_the_shipped_lessons_unpack_to_what_was_packed(
    shipped, written, edit, at
):
    """The answers collected for the grading tests of the shipped lessons' written exercises,
    each with any text put in somewhere."""
    activity_id, text = written
    activity = shipped_activity(shipped, activity_id)
    grade = graded(activity, {"answer": [text[:at] + edit + text[at:]]}).to_dict()
    dictionary = dictionary_of(activity)
    assert unpack(pack(grade, dictionary), dictionary) == json.loads(json.dumps(grade))


def test_a_realistic_written_answer_stores_a_fraction_of_its_grade(shipped):
    """Answers to the shipped lessons' written exercises, collected for their grading tests:
    each stores under 1,100 bytes, and on average 2.5 times less than its grade as JSON (what
    the learner wrote is quoted in the grade, so it is not all the lesson's own words)."""
    for path in WRITTEN:
        activity = shipped_activity(shipped, path.stem)
        dictionary = dictionary_of(activity)
        stored = whole = 0
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]:
            grade = graded(activity, {"answer": [item["text"]]}).to_dict()
            size = stored_size(grade, dictionary)
            assert size < 1100, (path.stem, item["text"][:40], size)
            stored += size
            whole += len(json.dumps(grade).encode())
        assert stored * 5 <= whole * 2, path.stem  # 2.5 times smaller or more


@pytest.mark.parametrize("answer", ["right", "partly", "wrong"])
def test_an_objective_activity_stores_a_few_hundred_bytes(shipped, answer):
    """A shipped lesson's comparison table, whose grade as JSON is the largest (5-9 KB)."""
    activity = shipped.lessons[SEED_LESSON].activities["method-comparison"]
    grade = graded(activity, getattr(activity_answers, answer)(activity)).to_dict()
    size = stored_size(grade, dictionary_of(activity))
    assert size < 800
    assert size * 6 <= len(json.dumps(grade).encode())


def test_the_summary_keeps_what_sql_reads_of_a_grade():
    grade = {
        "score": 1.0,
        "max_score": 3.0,
        "feedback": [
            {"key": "q:a", "status": "wrong", "messages": [{"kind": "x", "items": {}}]},
            {"key": "q:b", "status": "correct", "messages": []},
            {"key": "criterion:c", "status": "partial", "messages": []},
            {"key": "cell:d:e", "status": "wrong", "messages": []},
        ],
        "details": {"answers": {"a": "1", "b": "2"}, "flag": "borderline", "words": 9},
    }
    assert summary(grade) == {
        "feedback": [
            {"key": "q:a", "status": "wrong"},
            {"key": "q:b", "status": "correct"},
            {"key": "criterion:c", "status": "partial"},
        ],
        "details": {"answers": {"a": "1"}, "flag": "borderline"},
    }
