"""Right, partly right and wrong answers to any activity, built from its spec.

One entry per registered activity type (:data:`BUILDERS`); a test checks that every type in the
registry has one, so a new type can't be left out of the tests that answer every activity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.content.model import Activity

Fields = dict[str, list[str]]


@dataclass(frozen=True)
class Answers:
    right: Callable[[object], Fields]
    wrong: Callable[[object], Fields]
    partly: Callable[[object, Fields, Fields], Fields] | None = None  # default: alternate fields


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


# A written answer is prose in the learner's own words: the rubric refuses a list of keywords
# and a copy of the model answer. These carry a criterion's phrases, one sentence each…
_CARRIERS = (
    "To begin with, {} is what we want to talk about.",
    "We would also like to mention {} in this note.",
    "Please keep {} in mind as you read on.",
    "A further point worth making here is {}.",
    "It is worth adding a word about {} at this stage.",
    "Our last point is {} and what it means for you.",
)
# …these fill an answer up to its word limit, with words no rubric here looks for.
_FILLERS = (
    "We read every word of your note with great interest.",
    "The whole group here takes pride in the work we do.",
    "Each piece is made by hand in a small workshop.",
    "Many people write to us with kind words about the finish.",
    "We hope the rest of your month goes well.",
    "The weather here has been bright and mild this spring.",
    "Our workshop sits at the edge of a quiet market town.",
    "We are grateful for the trust you have shown in us.",
    "The colours this season are warm, with deep reds and soft greens.",
    "Some of our makers have been at their craft for twenty years.",
    "We love to hear how people use the things we make.",
    "Small shops like ours depend on people like you.",
    "A short guide to looking after each piece comes with it.",
    "The oak we use is grown in forests close to the workshop.",
    "Friends of the shop often stop by for a chat on Saturdays.",
)
# A value of each pattern, said just after the first of the criterion's cue words.
_VALUES = {"date": "June 14", "number": "12", "money": "$10", "percent": "15%"}


def _spoken(phrase: str) -> str:
    return phrase.rstrip("*")


def _carrier(criterion, number: int) -> str:
    """One sentence meeting ``criterion``: the first phrase of each keyword group and, when it
    asks for a pattern, a value of it after its first cue word."""
    said = " and ".join(_spoken(group[0]) for group in criterion.keywords)
    if criterion.pattern:
        cue = _spoken(criterion.near[0]) if criterion.near else "agreed"
        value = f"the {cue} one is {_VALUES[criterion.pattern]}"
        return (
            f"{said.capitalize()}: for the record, {value}."
            if said
            else f"For the record, {value}."
        )
    return _CARRIERS[number % len(_CARRIERS)].format(said)


def _written(spec, criteria) -> str:
    """A prose answer meeting ``criteria`` (deductions left out) within the spec's word limits."""
    sentences = [f"This note is about {_spoken(spec.topic[0])}."] if spec.topic else []
    checked = [c for c in criteria if not c.deduct and (c.keywords or c.pattern)]
    sentences += [_carrier(c, i) for i, c in enumerate(checked)]
    # Filled up past the minimum, or to forty words: the rubric reads keywords as a share of the
    # answer, so a bare list of criteria would look stuffed.
    wanted = max(spec.min_words or 0, 40) + 5
    if spec.max_words:
        wanted = min(wanted, spec.max_words)
    fillers = iter(_FILLERS)
    while (words := len(" ".join(sentences).split())) < wanted:
        filler = next(fillers, None)
        if filler is None:
            raise AssertionError(f"add fillers to tests/activity_answers.py: {wanted} words")
        if spec.max_words and words + len(filler.split()) > spec.max_words:
            break
        sentences.append(filler)
    text = " ".join(sentences)
    words = len(text.split())
    assert not spec.max_words or words <= spec.max_words, f"{words} words: over max_words"
    return text


def _first_half(spec) -> tuple:
    """The first half of the criteria that earn points (at least one, fewer than all)."""
    earning = [c for c in spec.criteria if not c.deduct]
    return tuple(earning[: max(1, len(earning) // 2)])


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
        lambda spec: {"answer": [_written(spec, spec.criteria)]},
        lambda spec: {"answer": ["No."]},
        lambda spec, good, bad: {"answer": [_written(spec, _first_half(spec))]},
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
