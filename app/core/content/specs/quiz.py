"""Quizzes: questions of seven types, each worth one point, tagged with learning objectives.

```yaml
shuffle: true                   # shuffle options (and questions) per learner
questions:
  - id: first-stage
    type: single       # single | multiple | true-false | short | matching | ordering | numeric
    prompt: Which stage starts the fulfillment process?
    objectives: [stages]
    review: fulfillment-process # the section a wrong answer sends the learner back to
    hint: It happens on your website.
    options:
      - {id: placement, text: Order Placement, correct: true}
      - {id: shipping, text: Shipping, feedback: Shipping comes after picking and packing.}
  - id: carriers
    type: multiple
    prompt: Which are parcel carriers?
    options:                    # weights (optional): percent of the point each pick earns
      - {id: ups, text: UPS, correct: true, weight: 50}
      - {id: dhl, text: DHL, correct: true, weight: 50}
      - {id: stripe, text: Stripe, weight: -50, feedback: A payment service.}
  - {id: tf, type: true-false, prompt: …, answer: false, feedback: Why it is false.}
  - id: acronym
    type: short
    prompt: What does 3PL stand for?
    accept: [3pl, third-party logistics]
    typos: true                 # forgive small misspellings (default: see below)
    extra_words: true           # forgive a few words around the answer (default: see below)
    reject: [fourth-party logistics]   # wrong, however close to an accepted answer
    feedback: …
  - id: match
    type: matching
    prompt: Match each method to its trait.
    pairs: [{id: a, left: Dropshipping, right: No inventory held}, …]
    feedback: …
  - id: sequence
    type: ordering
    prompt: Put these in order.
    items: [{id: pick, text: Picking}, {id: pack, text: Packing}]   # in the right order
    feedback: …
  - id: billable
    type: numeric               # the answer's fields: app/core/content/specs/numeric.py
    prompt: What is the billable weight?
    answer: 13
    unit: lb
    tolerance: 0
    steps: [{id: dimensional, label: Dimensional weight, answer: 8.63, unit: lb}]
    feedback: The billable weight is the greater of the two weights, rounded up.
```
Every wrong option needs ``feedback``; every question needs a ``review`` section (or the quiz one).

``weight`` (Moodle's answer weights, so GIFT files keep their marks): on a ``single`` question, a
wrong option may earn part of the point (``weight: 50``); on a ``multiple`` question, once one
option has a weight every right option needs one, the right ones add up to 100, and a wrong one
may cost part of the point (``weight: -50``; without one it costs nothing). Without weights a
``multiple`` question shares the point among its right options and each wrong pick costs a share.

A short answer is right when it equals an accepted one, ignoring case, accents, punctuation and
hyphens. ``typos`` and ``extra_words`` default to on when an accepted answer has several words
(``typos`` also for a single word of five letters or more); ``reject`` lists answers that stay
wrong however close they come. How close is close enough: app/core/grading/short_answer.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.core.content import fields as f
from app.core.content.specs import numeric
from app.core.content.specs.common import REVIEW, SpecReader, strings
from app.core.content.specs.text_answers import number_problems

QUESTION_TYPES = ("single", "multiple", "true-false", "short", "matching", "ordering", "numeric")


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool = False
    feedback_html: str = ""
    weight: float | None = None  # percent of the point (single: partial; multiple: see above)


@dataclass(frozen=True)
class Pair:
    id: str
    left: str
    right: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt_html: str
    objectives: tuple[str, ...]
    review: str | None
    hint_html: str = ""
    feedback_html: str = ""  # why a wrong answer is wrong (types without per-option feedback)
    explanation_html: str = ""  # shown with the result, right or wrong
    options: tuple[Option, ...] = ()
    answer: bool | None = None  # true-false
    accept: tuple[str, ...] = ()  # short
    typos: bool | None = None  # short; None: by the accepted answers
    extra_words: bool | None = None  # short; None: by the accepted answers
    reject: tuple[str, ...] = ()  # short: wrong however close
    other_terms: tuple[str, ...] = ()  # short: the quiz's other answers, never typos of these
    pairs: tuple[Pair, ...] = ()  # matching
    items: tuple[Option, ...] = ()  # ordering, in the right order
    number: numeric.NumericAnswer | None = None  # numeric


@dataclass(frozen=True)
class QuizSpec:
    questions: tuple[Question, ...]
    shuffle: bool = False


COMMON = {
    "objectives": f.list_of(f.slug),
    "hint": f.text,
    "feedback": f.text,
    "explanation": f.text,
    **REVIEW,
}
BY_TYPE = {
    "single": {"options": lambda v: v},
    "multiple": {"options": lambda v: v},
    "true-false": {"answer": f.boolean},
    "short": {"accept": strings},
    "matching": {"pairs": lambda v: v},
    "ordering": {"items": lambda v: v},
    "numeric": {"answer": numeric.answer_value},
}
OPTIONAL_BY_TYPE = {
    "numeric": numeric.QUESTION_FIELDS,
    "short": {"typos": f.boolean, "extra_words": f.boolean, "reject": strings},
}


def read(data, reader: SpecReader, default_review: str | None = None) -> QuizSpec | None:
    values = reader.fields(data, {"questions": lambda v: v}, {"shuffle": f.boolean})
    if values is None:
        return None
    questions = []
    for item in reader.mappings(data, "questions", "question"):
        question = _read_question(item, reader, default_review)
        if question:
            questions.append(question)
    reader.unique([(q.id, data.line_of("questions")) for q in questions], "question")
    questions = [
        replace(q, other_terms=_terms([o for o in questions if o is not q])) if q.accept else q
        for q in questions
    ]
    return QuizSpec(tuple(questions), values.get("shuffle", False))


def _terms(questions: list[Question]) -> tuple[str, ...]:
    """Every answer, option, pair and item text of these questions."""
    terms: list[str] = []
    for q in questions:
        terms += q.accept
        terms += [o.text for o in q.options + q.items]
        terms += [text for p in q.pairs for text in (p.left, p.right)]
    return tuple(dict.fromkeys(terms))


def _read_question(item, reader: SpecReader, default_review: str | None) -> Question | None:
    kind = item.get("type")
    if kind not in QUESTION_TYPES:
        hint = f.suggestion(kind, QUESTION_TYPES) if isinstance(kind, str) else ""
        reader.error(
            item.line_of("type"),
            "question 'type' must be one of " + ", ".join(QUESTION_TYPES) + hint,
        )
        return None
    required = {"id": f.slug, "type": f.text, "prompt": f.text, **BY_TYPE[kind]}
    v = reader.fields(item, required, COMMON | OPTIONAL_BY_TYPE.get(kind, {}), "question")
    if v is None:
        return None
    for objective in v.get("objectives", ()):
        reader.objective_refs.append((objective, item.line_of("objectives")))
    review = reader.review(item, v) or default_review
    if review is None:
        reader.error(item.line, f"question '{v['id']}' needs 'review': the section that teaches it")
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    items: tuple[Option, ...] = ()
    number = None
    if kind in ("single", "multiple"):
        options = _read_options(item, reader, v["id"], kind)
    elif kind == "matching":
        pairs = tuple(
            Pair(p["id"], p["left"], p["right"])
            for p in _read_all(
                item, "pairs", "pair", reader, {"id": f.slug, "left": f.text, "right": f.text}
            )
        )
        if len(pairs) < 2:
            reader.error(item.line, f"question '{v['id']}' needs at least two pairs")
        _check_distinct_sides(item, reader, v["id"], pairs)
    elif kind == "ordering":
        items = tuple(
            Option(i["id"], i["text"])
            for i in _read_all(item, "items", "item", reader, {"id": f.slug, "text": f.text})
        )
        if len(items) < 2:
            reader.error(item.line, f"question '{v['id']}' needs at least two items")
    elif kind == "numeric":
        number = numeric.read_answer(item, v, reader, v["id"])
    if kind == "short":
        _check_reject(item, reader, v)
        for problem in number_problems(item.get("accept"), "accept", "type: numeric"):
            reader.error(item.line_of("accept"), f"question '{v['id']}': {problem}")
    if kind not in ("single", "multiple") and "feedback" not in v:
        reader.error(
            item.line, f"question '{v['id']}' needs 'feedback': why a wrong answer is wrong"
        )
    if kind == "numeric" and number is None:
        return None
    return Question(
        id=v["id"],
        type=kind,
        prompt_html=reader.inline(v["prompt"]),
        objectives=tuple(v.get("objectives", ())),
        review=review,
        hint_html=reader.inline(v.get("hint")),
        feedback_html=reader.inline(v.get("feedback")),
        explanation_html=reader.inline(v.get("explanation")),
        options=options,
        answer=v.get("answer") if kind == "true-false" else None,
        accept=tuple(v.get("accept", ())),
        typos=v.get("typos"),
        extra_words=v.get("extra_words"),
        reject=tuple(v.get("reject", ())),
        pairs=pairs,
        items=items,
        number=number,
    )


def _check_reject(item, reader: SpecReader, v: dict) -> None:
    """A ``reject`` entry that is, or is part of, an accepted answer would refuse right ones."""
    accepted = [(a, _folded(a)) for a in v.get("accept", ())]
    for entry in v.get("reject", ()):
        words = _folded(entry)
        for answer, answer_words in accepted:
            if words == answer_words:
                problem = f"both accepts and rejects '{entry}'"
            elif any(answer_words[i : i + len(words)] == words for i in range(len(answer_words))):
                problem = f"rejects '{entry}', which is part of the accepted answer '{answer}'"
            else:
                continue
            reader.error(item.line_of("reject"), f"question '{v['id']}' {problem}")
            break


def _check_distinct_sides(item, reader: SpecReader, question_id: str, pairs) -> None:
    """Two pairs with the same text on one side can't be told apart: a learner who matches them
    either way round is right and marked wrong."""
    for side in ("left", "right"):
        seen: dict[tuple[str, ...], str] = {}
        for pair in pairs:
            text = getattr(pair, side)
            folded = tuple(_folded(text))
            if folded in seen:
                reader.error(
                    item.line_of("pairs"),
                    f"question '{question_id}': pairs '{seen[folded]}' and '{pair.id}' have the "
                    f"same {side}-hand text '{text}' (each {side}-hand text must differ)",
                )
            else:
                seen[folded] = pair.id


def _folded(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _read_all(item, key, what, reader: SpecReader, required) -> list[dict]:
    found = []
    for sub in reader.mappings(item, key, what):
        values = reader.fields(sub, required, {}, what)
        if values:
            found.append(values)
    reader.unique([(x["id"], item.line_of(key)) for x in found], what)
    return found


def _read_options(item, reader: SpecReader, question_id: str, kind: str) -> tuple[Option, ...]:
    options = []
    for sub in reader.mappings(item, "options", "option"):
        o = reader.fields(
            sub,
            {"id": f.slug, "text": f.text},
            {"correct": f.boolean, "feedback": f.text, "weight": _weight},
            "option",
        )
        if o is None:
            continue
        if not o.get("correct") and "feedback" not in o:
            reader.error(
                sub.line,
                f"option '{o['id']}' of '{question_id}' is wrong and needs 'feedback' saying why",
            )
        options.append(
            Option(
                o["id"],
                o["text"],
                o.get("correct", False),
                reader.inline(o.get("feedback")),
                o.get("weight"),
            )
        )
    reader.unique([(o.id, item.line_of("options")) for o in options], "option")
    correct = sum(o.correct for o in options)
    if kind == "single" and correct != 1:
        reader.error(
            item.line_of("options"),
            f"question '{question_id}' (single) needs exactly one correct option",
        )
    if kind == "multiple" and correct < 1:
        reader.error(
            item.line_of("options"), f"question '{question_id}' needs at least one correct option"
        )
    if len(options) < 2:
        reader.error(
            item.line_of("options"), f"question '{question_id}' needs at least two options"
        )
    for problem in _weight_problems(kind, options):
        reader.error(item.line_of("options"), f"question '{question_id}': {problem}")
    return tuple(options)


WEIGHT_SUM_SLACK = 0.01  # 33.33333 three times is 100


def _weight(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not -100 <= value <= 100:
        raise f.FieldProblem("must be a percentage from -100 to 100, like 50 or -25")
    return value


def _weight_problems(kind: str, options: list[Option]) -> list[str]:
    """Weights that can't mean what they say: a right option worth less than all of a single
    question, a multiple question whose right options don't add up to the whole point."""
    weighted = [o for o in options if o.weight is not None]
    if not weighted:
        return []
    if kind == "single":
        return [
            f"option '{o.id}' is correct and earns the whole point: remove its weight"
            if o.correct
            else f"option '{o.id}' has weight {o.weight:g}: a wrong option of a single question "
            "earns from 0 to 99 (mark the right one correct: true)"
            for o in weighted
            if o.correct or not 0 <= o.weight < 100
        ]
    problems = [
        f"option '{o.id}' is correct but has no positive weight: give it its share (weight: 50)"
        for o in options
        if o.correct and (o.weight is None or o.weight <= 0)
    ]
    problems += [
        f"option '{o.id}' is wrong but has weight {o.weight:g}: give it correct: true, or a "
        "weight of 0 or less (what picking it costs)"
        for o in weighted
        if not o.correct and o.weight > 0
    ]
    total = sum(o.weight or 0 for o in options if o.correct)
    if not problems and abs(total - 100) > WEIGHT_SUM_SLACK:
        problems.append(f"the weights of the correct options add up to {total:g}, not 100")
    return problems
