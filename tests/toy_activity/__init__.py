"""A toy activity type, registered by tests alone: proof that a type is one module (plus its
templates) and that nothing else in the platform has to change for it.

``word-count``: the learner writes at least ``words`` words; the score is the share written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core import activity_types
from app.core.activity_types import ActivityType
from app.core.content import fields as f
from app.core.grading.result import TEXT, Feedback, Grade, Message, one

NAME = "word-count"
TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class WordCountSpec:
    words: int


def read_spec(data, reader, review):
    values = reader.fields(data, {"words": f.positive_int}, {})
    return WordCountSpec(values["words"]) if values else None


def parse(spec: WordCountSpec, fields) -> str:
    return one(fields, "words-text", required=True)


def grade(spec: WordCountSpec, response: str) -> Grade:
    written = len(response.split())
    status = "correct" if written >= spec.words else "partial"
    message = Message(TEXT, {"text": f"You wrote {written} of {spec.words} words."})
    feedback = (Feedback("count", status, (message,), points=min(written, spec.words)),)
    return Grade(min(written, spec.words), spec.words, feedback)


WORD_COUNT = ActivityType(
    name=NAME,
    label="Word count",
    read_spec=read_spec,
    parse=parse,
    grade=grade,
    answer_fields=("words-text",),
    widget="toy/word-count.html",
    answer_key="toy/word-count-key.html",
    template_folder=str(TEMPLATES),
)


def register() -> ActivityType:
    return activity_types.register(WORD_COUNT)


def unregister() -> None:
    activity_types.unregister(NAME)


def block(activity_id: str = "count-me", words: str = "5") -> str:
    return f"```exercise\nid: {activity_id}\ntype: {NAME}\nprompt: Write.\nwords: {words}\n```\n"
