"""The order learners meet sections in: the required path, then the optional deep dive."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.content import parse_lesson
from app.core.content.reading_order import reading_order
from tests.content_helpers import lesson_text


@dataclass(frozen=True)
class S:
    id: str
    optional: bool = False


def ids(sections) -> list[str]:
    return [s.id for s in sections]


@pytest.mark.parametrize(
    ("authored", "required", "expected"),
    [
        # a deep dive before the exercises moves after the last required section
        ("a D1 D2 b c", "a b c", "a b c D1 D2"),
        # core sections after the required path (next steps, resources) close the lesson
        ("a D1 b c next res", "a b c", "a b c D1 next res"),
        # no completion list: every core section is required, the deep dive goes last
        ("D1 a D2 b", "", "a b D1 D2"),
        # nothing optional: nothing moves
        ("a b c", "a c", "a b c"),
        # a lesson of deep dives only keeps its order
        ("D1 D2", "", "D1 D2"),
    ],
)
def test_optional_sections_follow_the_required_path(authored, required, expected):
    sections = [S(name, name.startswith("D")) for name in authored.split()]
    assert ids(reading_order(sections, required.split())) == expected.split()


@given(st.lists(st.booleans(), max_size=12), st.data())
def test_every_section_is_kept_and_each_kind_keeps_its_order(optional, data):
    sections = [S(f"s{i}", flag) for i, flag in enumerate(optional)]
    core = [s.id for s in sections if not s.optional]
    required = data.draw(st.lists(st.sampled_from(core), unique=True) if core else st.just([]))
    ordered = reading_order(sections, required)
    assert sorted(ids(ordered)) == sorted(ids(sections))
    assert [s.id for s in ordered if not s.optional] == core
    assert [s.id for s in ordered if s.optional] == [s.id for s in sections if s.optional]
    if required:  # no optional section comes before a required one
        last = max(ids(ordered).index(r) for r in required)
        assert not any(s.optional for s in ordered[: last + 1])


def test_a_parsed_lesson_lists_its_sections_in_reading_order():
    body = (
        "Intro.\n\n## One {#one}\n\nText.\n\n## Deeper {#deeper .deep-dive}\n\nMore.\n"
        "\n## Two {#two}\n\nText.\n\n## Links {#links}\n\nRead later.\n"
    )
    lesson = parse_lesson(lesson_text(body, extra="completion:\n  sections: [one, two]\n"))
    assert ids(lesson.sections) == ["one", "two", "deeper", "links"]
    assert lesson.required_sections == ("one", "two")
