"""Grading numbers: a learner's text against a numeric key, with units, tolerance and steps.

:func:`judge` reads one answer (app/core/quantities), checks its unit against the key's
``units`` rule, converts it to the key's unit, and compares: equal is right; within the
tolerance (by default: rounding to the key's decimals) is right but "close", and says so.
:func:`grade_steps` grades a question's final answer with its intermediate steps.

Messages (worded in templates/activities/_feedback.html) carry an optional ``label`` (the
table cell, the step), the learner's text as ``given`` and the answer as ``expected``:
``number-right``, ``number-close``, ``number-wrong``, ``number-missing``,
``number-unit-missing``, ``number-unit-wrong``, ``number-unit-forbidden``,
``number-unit-converted`` and ``number-unreadable`` (with the ``reason`` and its ``detail``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

from app.core.content.specs.numeric import FINAL, NumericAnswer, NumericKey
from app.core.grading.result import Items, Message
from app.core.quantities import Unreadable, convert, read_quantity, unit
from app.core.quantities.arithmetic import CONTEXT

MAX_LENGTH = 100  # characters in one number field

Messages = tuple[Message, ...]


@dataclass(frozen=True)
class Verdict:
    status: str  # "correct" | "wrong" | "missing"
    messages: Messages

    @property
    def right(self) -> bool:
        return self.status == "correct"


def judge(key: NumericKey, given: str, label: str = "") -> Verdict:
    """The verdict on ``given`` (what the learner typed) for ``key``."""
    given = " ".join(given.split())
    items: Items = {"label": label} if label else {}
    if not given:
        return Verdict("missing", (Message("number-missing", items | {"expected": key.show()}),))
    items = items | {"given": given}
    target = unit(key.unit) if key.unit else None
    try:
        written = read_quantity(given, decimal_comma=key.decimal_comma, prefer=target)
    except Unreadable as problem:
        why = {"reason": problem.reason, "detail": problem.detail}
        return _wrong(Message("number-unreadable", items | why | _unit_of(key)))
    converted: Messages = ()
    value = written.value
    if written.unit is None:
        if key.units == "required":
            return _wrong(Message("number-unit-missing", items | _unit_of(key)))
    elif key.units == "forbidden" or target is None:
        return _wrong(Message("number-unit-forbidden", items))
    elif written.unit.kind != target.kind:
        given_unit = {"given_unit": written.unit.symbol}
        return _wrong(Message("number-unit-wrong", items | given_unit | _unit_of(key)))
    elif written.unit != target:
        value = convert(value, written.unit, target)
        shown = key.show(value, _places_to_show(key, value))
        converted = (Message("number-unit-converted", items | {"converted": shown}),)
        items = {"given": given}  # the label was said with the conversion
    expected = items | {"expected": key.show()}
    if value == key.value:
        return Verdict("correct", (*converted, Message("number-right", items)))
    if _close(key, value):
        within = {"tolerance": key.show_tolerance()} if key.tolerance is not None else {}
        close = expected | within
        return Verdict("correct", (*converted, Message("number-close", close)))
    return Verdict("wrong", (*converted, Message("number-wrong", expected)))


def _places_to_show(key: NumericKey, value: Decimal) -> int:
    """Decimals for a converted number: one more than the answer's ("5.9 kg = 13.0 lb"), or
    as many more as it takes to show how a wrong one differs ("4.54 kg = 10.01 lb", not
    "10.0 lb", when the answer is exactly 10 lb)."""
    places = key.decimals + 1
    if _close(key, value):
        return places
    with localcontext(CONTEXT):
        for more in range(places, key.decimals + 5):
            step = Decimal(1).scaleb(-more)
            if value.quantize(step, ROUND_HALF_UP) != key.value.quantize(step, ROUND_HALF_UP):
                return more
    return places


def _wrong(message: Message) -> Verdict:
    return Verdict("wrong", (message,))


def _unit_of(key: NumericKey) -> Items:
    return {"unit": key.unit} if key.unit else {}


def _close(key: NumericKey, value: Decimal) -> bool:
    with localcontext(CONTEXT):
        if key.tolerance is None:
            step = Decimal(1).scaleb(-key.decimals)
            return value.quantize(step, ROUND_HALF_UP) == key.value.quantize(step, ROUND_HALF_UP)
        allowed = key.tolerance * abs(key.value) / 100 if key.relative else key.tolerance
        return abs(value - key.value) <= allowed


def with_author(messages: Messages, author_html: str) -> Messages:
    """The author's words after the last message (said once, after the verdict)."""
    if not author_html or not messages:
        return messages
    return (*messages[:-1], replace(messages[-1], author_html=author_html))


def grade_steps(
    answer: NumericAnswer, given: dict[str, str], feedback_html: str = ""
) -> tuple[float, str, Messages]:
    """(points out of 1, status, messages) for a question's final answer and its steps.

    A right final answer earns the point (steps the learner got wrong are still pointed
    out). A wrong one earns ``partial`` percent of the point shared among the right steps, and
    every step is named: right, wrong (with its feedback) or not given.
    """
    final = judge(answer.key, given.get(FINAL, ""), answer.label)
    steps = [(step, judge(step.key, given.get(step.id, ""), step.label)) for step in answer.steps]
    if final.right:
        notes = [with_author(v.messages, s.feedback_html) for s, v in steps if v.status == "wrong"]
        return 1.0, "correct", final.messages + tuple(m for n in notes for m in n)
    messages: Messages = ()
    for step, verdict in steps:
        author = "" if verdict.right else step.feedback_html
        messages += with_author(verdict.messages, author)
    messages += with_author(final.messages, feedback_html)
    right = sum(v.right for _, v in steps)
    points = round(answer.partial / 100 * right / len(steps), 4) if steps else 0.0
    return points, "partial" if points > 0 else "wrong", messages
