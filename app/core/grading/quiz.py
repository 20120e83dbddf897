"""Grading quizzes: one point per question, partial credit where a question has parts (or, for
a numeric question, right intermediate steps)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.content.specs.numeric import FINAL
from app.core.content.specs.quiz import Option, Question, QuizSpec
from app.core.grading import numeric
from app.core.grading.ordering import in_order
from app.core.grading.result import (
    Feedback,
    Fields,
    Grade,
    Message,
    ResponseError,
    known_fields,
    one,
    whole_number,
)
from app.core.grading.short_answer import match_short

Answer = str | tuple[str, ...] | dict[str, str]
Messages = tuple[Message, ...]
Graded = tuple[float, str, Messages]  # points, status, what to say


@dataclass(frozen=True)
class QuizResponse:
    # question id → option id(s), text, part → choice, or (numeric) "answer"/step id → text
    answers: dict[str, Answer]


def field_name(question: str, part: str | None = None) -> str:
    return f"q:{question}" + (f":{part}" if part else "")


def _allowed(spec: QuizSpec) -> set[str]:
    names = set()
    for q in spec.questions:
        if q.type in ("matching", "ordering"):
            names |= {field_name(q.id, p.id) for p in (q.pairs or q.items)}
        elif q.type == "numeric" and q.number:
            names |= {field_name(q.id)} | {field_name(q.id, s.id) for s in q.number.steps}
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
        elif q.type == "numeric":
            steps = q.number.steps if q.number else ()
            parts = {FINAL: one(fields, name, limit=numeric.MAX_LENGTH).strip()}
            for step in steps:
                part = field_name(q.id, step.id)
                parts[step.id] = one(fields, part, limit=numeric.MAX_LENGTH).strip()
            answers[q.id] = parts
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


def _status(points: float) -> str:
    return "correct" if points == 1 else ("partial" if points > 0 else "wrong")


def _question_feedback(q: Question) -> Messages:
    return (Message("question-feedback", author_html=q.feedback_html),) if q.feedback_html else ()


def _option_feedback(option: Option) -> Messages:
    if not option.feedback_html:
        return ()
    return (Message("option-feedback", {"option": option.text}, option.feedback_html),)


def _right_or_wrong(q: Question, right: bool) -> Graded:
    return (1.0, "correct", ()) if right else (0.0, "wrong", _question_feedback(q))


def _by_share(q: Question, points: float) -> Graded:
    """Part credit; the question's feedback unless every part is right."""
    return points, _status(points), () if points == 1 else _question_feedback(q)


def _single(q: Question, answer: Answer) -> Graded:
    """All or nothing, unless the chosen wrong option has a weight: that share of the point."""
    option = next(o for o in q.options if o.id == answer)
    points = 1.0 if option.correct else max(0.0, (option.weight or 0) / 100)
    return points, _status(points), _option_feedback(option)


def _multiple(q: Question, answer: Answer) -> Graded:
    """Each right choice earns, each wrong one costs (by the options' weights when they have
    them, else equal shares); options missed are named."""
    correct = {o.id for o in q.options if o.correct}
    chosen = set(answer)
    if any(o.weight is not None for o in q.options):
        # Every right option chosen is the whole point, however the shares round (3 × 33.33333).
        weights = {o.id: o.weight or 0 for o in q.options}
        earned = 100 if correct <= chosen else sum(weights[c] for c in chosen & correct)
        earned += sum(weights[c] for c in chosen - correct)  # zero or less
        points = min(1.0, max(0.0, earned / 100))
    else:
        points = max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))
    messages: Messages = ()
    for option in q.options:
        if option.id in chosen - correct:
            messages += _option_feedback(option)
    missed = tuple(o.text for o in q.options if o.id in correct - chosen)
    if missed:
        messages += (Message("options-missed", {"options": missed}),)
    return points, _status(points), messages


def _true_false(q: Question, answer: Answer) -> Graded:
    return _right_or_wrong(q, (answer == "true") == q.answer)


def _short(q: Question, answer: Answer) -> Graded:
    """Right when it matches an accepted answer; one matched only through the question's
    tolerance (typos, extra words) says which answer it was taken for."""
    found = match_short(
        str(answer),
        q.accept,
        typos=q.typos,
        extra_words=q.extra_words,
        reject=q.reject,
        other_terms=q.other_terms,
    )
    if found is None or found.exact:
        return _right_or_wrong(q, found is not None)
    return 1.0, "correct", (Message("short-close", {"accepted": found.accepted}),)


def _matching(q: Question, answer: Answer) -> Graded:
    good = sum(answer.get(p.id) == p.id for p in q.pairs)
    return _by_share(q, good / len(q.pairs))


def _numeric(q: Question, answer: Answer) -> Graded:
    """The final number, with credit for right steps when it is wrong (grading/numeric.py)."""
    if q.number is None or not isinstance(answer, dict):
        raise TypeError(f"question '{q.id}' has no numeric key, or the answer no parts")
    return numeric.grade_steps(q.number, answer, q.feedback_html)


def _ordering(q: Question, answer: Answer) -> Graded:
    """The longest run in the right order counts."""
    placed = sorted((int(v), i) for i, v in answer.items() if v)
    sequence = [item for _, item in placed]
    return _by_share(q, len(in_order(sequence, [[i.id] for i in q.items])) / len(q.items))


# One grader per question type; the content checks allow only these types (QUESTION_TYPES).
QUESTION_GRADERS: dict[str, Callable[[Question, Answer], Graded]] = {
    "single": _single,
    "multiple": _multiple,
    "true-false": _true_false,
    "short": _short,
    "matching": _matching,
    "ordering": _ordering,
    "numeric": _numeric,
}


def _grade_question(q: Question, answer: Answer) -> Graded:
    """(points, status, messages) for one question; the explanation is added by ``grade``."""
    if not answer or (isinstance(answer, dict) and not any(answer.values())):
        return 0.0, "missing", (Message("question-unanswered"),)
    return QUESTION_GRADERS[q.type](q, answer)


def grade(spec: QuizSpec, response: QuizResponse) -> Grade:
    feedback = []
    for q in spec.questions:
        points, status, messages = _grade_question(q, response.answers.get(q.id, ""))
        if q.explanation_html:
            messages += (Message("explanation", author_html=q.explanation_html),)
        review = None if status == "correct" else q.review
        feedback.append(Feedback(f"q:{q.id}", status, messages, review, round(points, 4), 1.0))
    score = sum(item.points for item in feedback)
    answers = {k: (list(v) if isinstance(v, tuple) else v) for k, v in response.answers.items()}
    return Grade(score, float(len(spec.questions)), tuple(feedback), {"answers": answers})
