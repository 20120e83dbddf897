"""Reflections: a learner's own thoughts, written in a ``reflection`` block, saved and never
graded. The whole type is this module (it has no fields of its own and no grader)."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.activity_types import ActivityType, Fields, register
from app.core.grading.result import one

LIMIT = 10_000  # characters


@dataclass(frozen=True)
class Reflection:
    text: str


def read_spec(data, reader, review: str | None) -> None:
    reader.fields(data, {}, {})  # reports any field a reflection does not have
    return None


def parse(spec: None, fields: Fields) -> Reflection:
    return Reflection(one(fields, "answer", required=True, limit=LIMIT).strip())


REFLECTION = register(
    ActivityType(
        name="reflection",
        label="Reflection",
        block="reflection",
        read_spec=read_spec,
        parse=parse,
        grade=None,
        answer_fields=("answer",),
    )
)
