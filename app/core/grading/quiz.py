"""Grading quizzes: one point per question, partial credit where a question has parts."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.core.content.specs.quiz import Question, QuizSpec
from app.core.grading.ordering import in_order
from app.core.grading.result import (
    Feedback,
    Fields,
    Grade,
    ResponseError,
    known_fields,
    one,
    whole_number,
)
from app.core.grading.text_match import same_answer

Answer = str | tuple[str, ...] | dict[str, str]


@dataclass(frozen=True)
class QuizResponse:
    answers: dict[str, Answer]  # question id → option id(s), text, or part → choice


def field_name(question: str, part: str | None = None) -> str:
    return f"q:{question}" + (f":{part}" if part else "")


def _allowed(spec: QuizSpec) -> set[str]:
    names = set()
    for q in spec.questions:
        if q.type in ("matching", "ordering"):
            names |= {field_name(q.id, p.id) for p in (q.pairs or q.items)}
        else:
            names.add(field_name(q.id))
    return names


def parse(spec: QuizSpec, fields: Fields) -> QuizResponse:
    known_fields(fields, _allowed(spec), ("q:",))
    answers: dict[str, Answer] = {}
    for q in spec.questions:
        name = field_name(q.id)
        if q.type == "multiple":
            chosen = tuple(dict.fromkeys(fields.get(name, [])))
            valid = {o.id for o in q.options}
            if any(c not in valid for c in chosen):
                raise ResponseError(
                    f"'{name}' names an option that question '{q.id}' does not have"
                )
            answers[q.id] = chosen
        elif q.type == "single":
            chosen = one(fields, name, limit=100)
            if chosen and chosen not in {o.id for o in q.options}:
                raise ResponseError(
                    f"'{name}' names an option that question '{q.id}' does not have"
                )
            answers[q.id] = chosen
        elif q.type == "true-false":
            chosen = one(fields, name, limit=10)
            if chosen not in ("", "true", "false"):
                raise ResponseError(f"'{name}' must be 'true' or 'false'")
            answers[q.id] = chosen
        elif q.type == "short":
            answers[q.id] = one(fields, name, limit=200).strip()
        elif q.type == "matching":
            rights = {p.id for p in q.pairs}
            parts = {p.id: one(fields, field_name(q.id, p.id), limit=100) for p in q.pairs}
            if any(v and v not in rights for v in parts.values()):
                raise ResponseError(f"question '{q.id}' was matched with an unknown item")
            answers[q.id] = parts
        else:  # ordering
            parts = {i.id: one(fields, field_name(q.id, i.id), limit=10) for i in q.items}
            if any(v and not 1 <= (whole_number(v) or 0) <= len(q.items) for v in parts.values()):
                raise ResponseError(f"positions in question '{q.id}' run from 1 to {len(q.items)}")
            answers[q.id] = parts
    return QuizResponse(answers)


def _grade_question(q: Question, answer: Answer) -> tuple[float, str, str]:
    """(points, status, feedback HTML) for one question."""
    if not answer or (isinstance(answer, dict) and not any(answer.values())):
        return 0.0, "missing", "Not answered."
    if q.type == "single":
        option = next(o for o in q.options if o.id == answer)
        return (
            (1.0, "correct", option.feedback_html)
            if option.correct
            else (0.0, "wrong", option.feedback_html)
        )
    if q.type == "multiple":
        correct = {o.id for o in q.options if o.correct}
        chosen = set(answer)
        points = max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))
        notes = [o.feedback_html for o in q.options if o.id in chosen - correct]
        missed = [escape(o.text) for o in q.options if o.id in correct - chosen]
        if missed:
            notes.append("Also true: " + "; ".join(missed) + ".")
        status = "correct" if points == 1 else ("partial" if points > 0 else "wrong")
        return points, status, " ".join(notes)
    if q.type == "true-false":
        right = (answer == "true") == q.answer
        return (1.0, "correct", "") if right else (0.0, "wrong", q.feedback_html)
    if q.type == "short":
        right = same_answer(str(answer), q.accept)
        return (1.0, "correct", "") if right else (0.0, "wrong", q.feedback_html)
    if q.type == "matching":
        good = sum(answer.get(p.id) == p.id for p in q.pairs)
        points = good / len(q.pairs)
    else:  # ordering: the longest run in the right order counts
        placed = sorted((int(v), i) for i, v in answer.items() if v)
        sequence = [item for _, item in placed]
        points = len(in_order(sequence, [[i.id] for i in q.items])) / len(q.items)
    status = "correct" if points == 1 else ("partial" if points > 0 else "wrong")
    return points, status, "" if points == 1 else q.feedback_html


def grade(spec: QuizSpec, response: QuizResponse) -> Grade:
    feedback = []
    for q in spec.questions:
        points, status, message = _grade_question(q, response.answers.get(q.id, ""))
        if q.explanation_html:
            message = f"{message} {q.explanation_html}".strip()
        review = None if status == "correct" else q.review
        feedback.append(Feedback(f"q:{q.id}", status, message, review, round(points, 4), 1.0))
    score = sum(item.points for item in feedback)
    answers = {k: (list(v) if isinstance(v, tuple) else v) for k, v in response.answers.items()}
    return Grade(score, float(len(spec.questions)), tuple(feedback), {"answers": answers})
