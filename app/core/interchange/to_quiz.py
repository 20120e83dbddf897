"""GIFT and Aiken questions as the questions of a lesson's ``quiz`` block (YAML-ready dicts).

Where the quiz can't hold what the file says, the question is still imported as the closest
honest equivalent and a warning says what changed: partial credit on short and numeric answers
(only fully right answers are kept), a penalty on a one-answer question (it can't score below
nothing anyway). Answer weights of choice questions are kept as option weights. A wrong answer
the file gives no feedback for says what the right answer is, with a warning to write why.
Essays and descriptions are not questions a quiz can mark: they are errors.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from app.core.content.errors import Problems
from app.core.interchange.model import Choice, FileQuestion

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_ID = 40


def number(value: Decimal) -> int | float:
    """A Decimal as the YAML number the lesson reads back as the same value."""
    if value == value.to_integral_value():
        return int(value)
    return float(str(value))


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.casefold()).strip("-")[:MAX_ID].strip("-")


def to_questions(
    questions: list[FileQuestion], problems: Problems, taken: set[str] | None = None
) -> list[dict[str, Any]]:
    """The quiz questions these file questions become; ids avoid ``taken`` (and each other)."""
    taken = set(taken or ())
    suffixes: dict[str, int] = {}  # the next number to try after a base id, so a file of one
    converted = []  # title repeated many times takes linear time
    for n, question in enumerate(questions, start=1):
        if question.kind == "essay":
            problems.add(
                question.line,
                "an essay question can't be imported into a quiz (a quiz marks its answers "
                "itself): write it as a free-text exercise in the lesson, or remove it",
            )
            continue
        if question.kind == "description":
            problems.add(
                question.line,
                "this text has no {…} of answers, so it is a description, not a question: a "
                "quiz holds questions only; put the text in the lesson, or add its answers",
            )
            continue
        base = slug(question.title) or f"question-{n}"
        if not base[0].isalpha():
            base = f"q-{base}"
        question_id, k = base, suffixes.get(base, 2)
        while question_id in taken:
            question_id, k = f"{base}-{k}", k + 1
        suffixes[base] = k
        taken.add(question_id)
        try:
            converted.append(_Converter(question, problems).convert(question_id))
        except _Unimportable:
            continue
    return converted


class _Unimportable(Exception):
    """The question can't become a quiz question; the error is recorded already."""


class _Converter:
    def __init__(self, question: FileQuestion, problems: Problems) -> None:
        self.q = question
        self.problems = problems

    def warn(self, message: str, line: int | None = None) -> None:
        self.problems.warn(line or self.q.line, message)

    def convert(self, question_id: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": question_id, "type": self.q.kind, "prompt": self.q.text}
        data |= getattr(self, self.q.kind.replace("-", "_"))()
        return {k: v for k, v in data.items() if v not in ("", None)}

    def placeholder(self, right: str) -> str:
        return f"The right answer is {right}."

    def quoted(self, choices: tuple[Choice, ...] | list[Choice]) -> str:
        names = [f"“{c.text}”" for c in choices]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def options(self, right: list[Choice], weights: dict[int, Decimal]) -> list[dict[str, Any]]:
        """The options, with the weights given by their index (a weight-free option has none)."""
        options, missing = [], []
        for n, choice in enumerate(self.q.choices):
            option: dict[str, Any] = {"id": _letter(n), "text": choice.text}
            if choice in right:
                option["correct"] = True
            elif not choice.feedback:
                missing.append(choice)
            if n in weights:
                option["weight"] = number(weights[n])
            option["feedback"] = choice.feedback or (
                "" if choice in right else self.placeholder(self.quoted(right))
            )
            options.append({k: v for k, v in option.items() if v != ""})
        if missing:
            self.warn(
                f"no feedback says why {self.quoted(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} wrong: the quiz names the right answer "
                "for now; write why as each option's 'feedback' in the lesson (in a GIFT file: "
                "'~answer#why it is wrong')"
            )
        return options

    def single(self) -> dict[str, Any]:
        """One right answer; a wrong one may earn part of the point (``~%25%Bethlehem``)."""
        right = [c for c in self.q.choices if c.weight == 100]
        partial = {n: c.weight for n, c in enumerate(self.q.choices) if 0 < c.weight < 100}
        for choice in self.q.choices:
            if choice.weight < 0:
                self.warn(
                    f"'{choice.text}' has weight {choice.weight}%: a one-answer question never "
                    "scores below nothing, so the penalty is left out",
                    choice.line,
                )
        return {"options": self.options(right, partial), "explanation": self.q.general_feedback}

    def multiple(self) -> dict[str, Any]:
        """Several right answers, each earning its weight; a wrong one may cost its weight."""
        right = [c for c in self.q.choices if c.right]
        total = sum(c.weight for c in right)
        if abs(total - 100) > Decimal("0.01"):
            self.problems.add(
                self.q.line,
                f"the weights of the right answers add up to {total:g}%, not 100%: make them "
                "add up to 100% (like ~%50%a ~%50%b)",
            )
            raise _Unimportable
        weights = {n: c.weight for n, c in enumerate(self.q.choices) if c.weight != 0}
        return {"options": self.options(right, weights), "explanation": self.q.general_feedback}

    def feedback(self, right: str, wrong_feedback: str = "") -> tuple[str, str]:
        """(feedback for a wrong answer, general feedback left for the explanation)."""
        if wrong_feedback:
            return wrong_feedback, self.q.general_feedback
        if self.q.general_feedback:
            return self.q.general_feedback, ""
        self.warn(
            "no feedback says why a wrong answer is wrong: the quiz names the right answer for "
            "now; write why as the question's 'feedback' in the lesson (in a GIFT file: "
            "'####why' before the closing '}')"
        )
        return self.placeholder(right), ""

    def true_false(self) -> dict[str, Any]:
        feedback, general = self.feedback(
            "“true”" if self.q.truth else "“false”", self.q.wrong_feedback
        )
        return {
            "answer": self.q.truth,
            "feedback": feedback,
            "explanation": _joined(self.q.right_feedback, general),
        }

    def full_credit(self, what: str) -> tuple[list[Choice], str]:
        full = [c for c in self.q.choices if c.weight == 100]
        for choice in self.q.choices:
            if choice.weight != 100:
                self.warn(
                    f"'{choice.text}' earns {choice.weight}% in the file: {what} gives no partial "
                    "credit, so it is left out",
                    choice.line,
                )
        if not full:
            self.problems.add(
                self.q.line, "no answer earns full credit: mark the right answer with '='"
            )
            raise _Unimportable
        said = [c.feedback for c in full if c.feedback]
        if len(set(said)) > 1:
            self.warn("the right answers have different feedback: the first is kept for all")
        return full, said[0] if said else ""

    def short(self) -> dict[str, Any]:
        full, right_feedback = self.full_credit("a short-answer question")
        feedback, general = self.feedback(self.quoted(full[:1]))
        return {
            "accept": [c.text for c in full],
            "feedback": feedback,
            "explanation": _joined(right_feedback, general),
        }

    def numeric(self) -> dict[str, Any]:
        full, right_feedback = self.full_credit("a numeric question")
        if len(full) > 1:
            self.warn("several answers earn full credit: only the first is kept", full[1].line)
        key = full[0]
        shown = f"{key.value}" + (f" (±{key.tolerance})" if key.tolerance else "")
        feedback, general = self.feedback(shown)
        return {
            "answer": number(key.value),
            "tolerance": number(key.tolerance),
            "feedback": feedback,
            "explanation": _joined(right_feedback, general),
        }

    def matching(self) -> dict[str, Any]:
        if any(c.feedback for c in self.q.choices):
            self.warn("matching pairs have no feedback of their own in a quiz: it is left out")
        pairs = " ; ".join(f"{c.text} → {c.match}" for c in self.q.choices)
        feedback, _ = self.feedback(f"to match them so: {pairs}")
        pairs_data = [
            {"id": _letter(n), "left": c.text, "right": c.match}
            for n, c in enumerate(self.q.choices)
        ]
        return {"pairs": pairs_data, "feedback": feedback}


def _letter(n: int) -> str:
    return chr(ord("a") + n) if n < 26 else f"o{n + 1}"


def _joined(*texts: str) -> str:
    return "\n\n".join(t for t in texts if t)
