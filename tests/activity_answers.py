"""Right, partly right and wrong answers to any activity, built from its spec.

One entry per registered activity type (:data:`BUILDERS`); a test checks that every type in the
registry has one, so a new type can't be left out of the tests that answer every activity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

from app.core.content.model import Activity

Fields = dict[str, list[str]]


@dataclass(frozen=True)
class Answers:
    right: Callable[[object], Fields]
    wrong: Callable[[object], Fields]
    partly: Callable[[object, Fields, Fields], Fields] | None = None  # default: alternate fields


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).strip()


def _process_map_right(spec) -> Fields:
    fields = {f"place:{s}": [str(i + 1)] for i, s in enumerate(spec.main_steps)}
    fields |= {f"place:{s}": [f"branch:{b.id}"] for b in spec.branches for s in b.steps}
    return fields | {f"place:{s}": ["out"] for s in spec.distractors}


def _process_map_wrong(spec) -> Fields:
    cards = list(reversed(spec.main_steps)) + list(spec.distractors)
    return {f"place:{c}": [str(i + 1)] for i, c in enumerate(cards)}


def _process_map_partly(spec, good: Fields, bad: Fields) -> Fields:
    steps = list(spec.main_steps)
    half = len(steps) // 2
    order = steps[half:] + steps[:half]  # two runs, each in order
    return good | {f"place:{s}": [str(i + 1)] for i, s in enumerate(order)}


def _wrong_number(key) -> str:
    """A number well outside ``key``'s tolerance, written in its unit."""
    slack = key.tolerance * 2 if key.tolerance is not None and not key.relative else 0
    return key.show(key.value * 2 + 1000 + slack)


def _table_right(spec) -> Fields:
    fields = {f"cell:{r}:{c}": [cell.accept[0]] for (r, c), cell in spec.cells.items()}
    return fields | {f"card:{k}": ["/".join(card.cells[0])] for k, card in spec.cards.items()}


def _table_wrong(spec) -> Fields:
    fields = {}
    for (r, c), cell in spec.cells.items():
        row = next(row for row in spec.rows if row.id == r)
        if cell.number is not None:
            fields[f"cell:{r}:{c}"] = [_wrong_number(cell.number)]
            continue
        others = [x for x in row.choices if x not in cell.accept + cell.partial]
        fields[f"cell:{r}:{c}"] = [others[0] if others else ("" if row.choices else "no idea")]
    return fields


def _first_lines(joiner: str) -> Callable[[object, Fields, Fields], Fields]:
    def partly(spec, good: Fields, bad: Fields) -> Fields:
        name, [text] = next(iter(good.items()))
        lines = text.split(joiner)
        return {name: [joiner.join(lines[: max(1, len(lines) // 2)])]}

    return partly


def _quiz(spec, correct: bool) -> Fields:
    fields: Fields = {}
    for q in spec.questions:
        name = f"q:{q.id}"
        if q.type == "single":
            fields[name] = [next(o.id for o in q.options if o.correct == correct)]
        elif q.type == "multiple":
            fields[name] = [o.id for o in q.options if o.correct == correct] or [q.options[0].id]
        elif q.type == "true-false":
            fields[name] = [str(q.answer == correct).lower()]
        elif q.type == "short":
            fields[name] = [q.accept[0] if correct else "no idea"]
        elif q.type == "numeric":
            key = q.number.key
            fields[name] = [key.show() if correct else _wrong_number(key)]
        elif q.type == "matching":
            ids = [p.id for p in q.pairs]
            given = ids if correct else ids[1:] + ids[:1]
            fields |= {f"{name}:{p}": [g] for p, g in zip(ids, given, strict=True)}
        else:
            ids = [i.id for i in q.items]
            order = ids if correct else list(reversed(ids))
            fields |= {f"{name}:{item}": [str(order.index(item) + 1)] for item in ids}
    return fields


BUILDERS: dict[str, Answers] = {
    "process-map": Answers(_process_map_right, _process_map_wrong, _process_map_partly),
    "comparison-table": Answers(_table_right, _table_wrong),
    "free-text": Answers(
        lambda spec: {"answer": [_text(spec.model_answer_html)]},
        lambda spec: {"answer": ["No."]},
        _first_lines(". "),
    ),
    "checklist": Answers(
        lambda spec: {"items": ["\n".join(item.match[0] for item in spec.reference)]},
        lambda spec: {"items": ["Gift wrapping"]},
        _first_lines("\n"),
    ),
    "quiz": Answers(lambda spec: _quiz(spec, True), lambda spec: _quiz(spec, False)),
    "reflection": Answers(
        lambda spec: {"answer": ["I noticed that fast, clear delivery made me trust a shop."]},
        lambda spec: {"answer": ["Nothing."]},
    ),
}


def register(type_name: str, answers: Answers) -> None:
    """Answers for a type that a test registers itself."""
    BUILDERS[type_name] = answers


def right(activity: Activity) -> Fields:
    return BUILDERS[activity.type].right(activity.spec)


def wrong(activity: Activity) -> Fields:
    return BUILDERS[activity.type].wrong(activity.spec)


def partly(activity: Activity) -> Fields:
    """About half right: half of the parts from ``right``, the rest from ``wrong``."""
    good, bad = right(activity), wrong(activity)
    custom = BUILDERS[activity.type].partly
    if custom is not None:
        return custom(activity.spec, good, bad)
    names = sorted(good)
    return {n: (good if i % 2 else bad).get(n, [""]) for i, n in enumerate(names)}
