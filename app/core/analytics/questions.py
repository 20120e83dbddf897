"""Quiz questions: how hard each one is and which wrong answers learners give.

Difficulty is the share of learners whose **latest** attempt at the quiz got the question fully
right — what they know when they stop, one vote per learner however often they retried. Wrong
answers are counted over **all** attempts, each learner once per distinct answer, so a
misconception shows even when the learner later corrected it. Typed (short) answers that differ
only in spelling are one wrong answer (``grouping``), shown as its most common spelling.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any

from app.core import activity_types
from app.core.analytics.grouping import group_answers, spelling
from app.core.analytics.rows import AttemptRow, latest_per_learner
from app.core.content.model import Lesson
from app.core.content.specs.numeric import FINAL
from app.core.content.specs.quiz import Question
from app.core.grading.result import whole_number
from app.core.quantities import Unreadable, read_quantity

WRONG = ("wrong", "partial")
TYPED = ("short",)  # question types whose answers learners type, grouped by spelling


@dataclass(frozen=True)
class WrongAnswer:
    text: str
    learners: int  # who gave it, in any of its spellings
    variants: tuple[str, ...] = ()  # other spellings of a typed answer, most common first


@dataclass(frozen=True)
class QuestionFigures:
    quiz_id: str
    quiz_title: str
    question_id: str
    prompt: str  # plain text
    type: str
    answered: int  # learners with an attempt at the quiz
    right: int
    partly: int
    wrong: int
    missing: int
    wrong_answers: tuple[WrongAnswer, ...]  # most common first

    @property
    def percent_right(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None


def plain_text(html: str) -> str:
    """Text of a sanitised HTML fragment, for labels and CSV cells."""
    spaced = re.sub(r"<(br|/p|/li)\b[^>]*>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def describe(question: Question, answer: Any) -> str:
    """A learner's answer in words: option ids become option texts, typed answers as typed,
    numbers as they read ("13lb" and "13 lbs" are both "13 lb")."""
    if not answer:
        return ""
    if question.type == "numeric" and isinstance(answer, dict):
        return _number(question, str(answer.get(FINAL, "")))
    if question.type in ("single", "multiple"):
        texts = {o.id: o.text for o in question.options}
        chosen = [answer] if isinstance(answer, str) else list(answer)
        ordered = [o.id for o in question.options if o.id in chosen]
        ordered += [c for c in chosen if c not in texts]
        return "; ".join(texts.get(c, c) for c in ordered)
    if question.type == "true-false":
        return {"true": "True", "false": "False"}.get(str(answer), str(answer))
    if question.type == "short":
        return spelling(str(answer))
    if not isinstance(answer, dict):
        return str(answer)
    if question.type == "matching":
        rights = {p.id: p.right for p in question.pairs}
        return "; ".join(
            f"{p.left} → {rights.get(answer.get(p.id, ''), '(none)')}"
            for p in question.pairs
            if answer.get(p.id) != p.id
        )
    texts = {i.id: i.text for i in question.items}  # ordering: the order given
    placed = sorted(
        (number, i) for i, v in answer.items() if (number := whole_number(str(v))) is not None
    )
    return " → ".join(texts.get(i, i) for _, i in placed)


def _number(question: Question, given: str) -> str:
    key = question.number.key if question.number else None
    try:
        written = read_quantity(given, decimal_comma=bool(key and key.decimal_comma))
    except Unreadable:
        return " ".join(given.split())
    number = f"{written.value.normalize():f}"
    return written.unit.show(number) if written.unit else number


def _statuses(attempt: AttemptRow) -> dict[str, str]:
    items = (attempt.feedback or {}).get("feedback", ())
    return {
        item["key"].removeprefix("q:"): item["status"]
        for item in items
        if item.get("key", "").startswith("q:")
    }


def _answers(attempt: AttemptRow) -> dict[str, Any]:
    return ((attempt.feedback or {}).get("details") or {}).get("answers") or {}


def question_figures(lesson: Lesson, attempts: Sequence[AttemptRow]) -> tuple[QuestionFigures, ...]:
    result = []
    for quiz in lesson.activities.values():
        if not activity_types.get(quiz.type).questions:
            continue
        mine = [a for a in attempts if a.activity_id == quiz.id and a.feedback]
        latest = [_statuses(a) for a in latest_per_learner(mine).values()]
        graded = [(a.learner_id, _statuses(a), _answers(a)) for a in mine]  # read once each
        for question in quiz.spec.questions:
            statuses = [s.get(question.id, "missing") for s in latest]
            givers: dict[str, set[int]] = defaultdict(set)
            described: dict[str, str] = {}  # the same answer is described once
            for learner, found, given in graded:
                if found.get(question.id) in WRONG:
                    answer = given.get(question.id)
                    key = repr(answer)
                    if key not in described:
                        described[key] = describe(question, answer)
                    if text := described[key]:
                        givers[text].add(learner)
            if question.type in TYPED:
                wrong_answers = [
                    WrongAnswer(g.text, g.learners, g.variants) for g in group_answers(givers)
                ]
            else:
                wrong_answers = sorted(
                    (WrongAnswer(text, len(learners)) for text, learners in givers.items()),
                    key=lambda w: (-w.learners, w.text),
                )
            result.append(
                QuestionFigures(
                    quiz_id=quiz.id,
                    quiz_title=quiz.title or quiz.id,
                    question_id=question.id,
                    prompt=plain_text(question.prompt_html),
                    type=question.type,
                    answered=len(statuses),
                    right=statuses.count("correct"),
                    partly=statuses.count("partial"),
                    wrong=statuses.count("wrong"),
                    missing=statuses.count("missing"),
                    wrong_answers=tuple(wrong_answers),
                )
            )
    return tuple(result)
