"""Free-text answers with a rubric the platform checks instantly.

```yaml
min_words: 50                  # outside these limits the answer can't pass (the feedback says why)
max_words: 250
length_penalty: 20             # optional: take 20 points off instead of refusing the pass
model_answer: |                # shown after a genuine attempt (see model_answer_after)
  Dear Sam, …
model_answer_after: credit     # credit (an attempt meeting a criterion) | pass | a number
review_band: 10                # answers within 10 points of the pass mark go to an instructor too
topic: [~delay, order]         # an answer that mentions none of these is off-topic
criteria:
  - id: apology
    label: Apologises for the delay
    keywords: [~apology, "we feel terrible"]   # any of these phrases; ~name: a shipped list
    met: You own the problem, which keeps the customer's trust.
    missed: Start by apologising — the delay is the store's problem, not the customer's.
  - id: compensation
    label: Offers a small compensation for the next order
    keywords: [[~discount], [~future-order]]   # one of each group, in the same sentence
    or_keywords:                               # other ways to meet it
      - [[~gesture], [~discount]]
    partly: [~gesture]                         # half the weight when only this is found
    weight: 2
  - id: date
    label: Gives a new delivery date
    pattern: date              # date | number | money | percent, in the keywords' sentence
    near: [~new-date-cue]      # …within eight words of one of these
    not_near: [~old-date-cue]  # …and not just after one of these (the date that was missed)
  - id: reason
    label: Says why
    keywords: [~because]
    unless: [~vague-reason]    # a sentence with one of these is no evidence for this criterion
    not_with: [~drawback-cue]  # …nor a phrase in a clause with one of these ("the catch is cost")
    requires: apology          # earns nothing unless 'apology' is met
    refuted_by: [no idea why]  # nothing when the answer says this anywhere
  - id: tone
    label: Blames the customer
    keywords: [~blame-customer, ~turn-away]
    deduct: 3                  # a deduction: takes 3 points off when found
```
Phrases are found by stem, with misspellings of longer words, and not when negated ("we will not
offer a discount"); see app/core/rubric/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.content import fields as f
from app.core.content.specs.common import (
    REVIEW,
    SpecReader,
    keyword_groups,
    non_negative_number,
    strings,
)
from app.core.rubric.concepts import CONCEPTS
from app.core.rubric.patterns import PATTERNS

Groups = tuple[tuple[str, ...], ...]
MODEL_ANSWER_AFTER = ("credit", "pass")


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    keywords: Groups = ()
    pattern: str | None = None
    min_words: int | None = None
    max_words: int | None = None
    weight: float = 1.0
    met_html: str = ""
    missed_html: str = ""
    review: str | None = None
    alternatives: tuple[Groups, ...] = ()  # other keyword groups that meet it as well
    partly: Groups = ()  # found alone: half the weight
    near: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    deduct: float = 0.0  # a deduction criterion: points taken off when it is found
    negation: bool = True
    unless: tuple[str, ...] = ()  # a sentence holding one of these is no evidence for it
    # The id of a criterion this one builds on ("justifies the choice" needs a choice): unless
    # that one is met, fully or partly, this one earns nothing.
    requires: str | None = None
    refuted_by: tuple[str, ...] = ()  # an answer saying one of these anywhere doesn't meet it
    # A phrase in a clause with one of these is no evidence for it: a reason for a choice is
    # not read in the clause that names its drawback ("I'd lose the personal touch").
    not_with: tuple[str, ...] = ()

    @property
    def ways(self) -> tuple[Groups, ...]:
        """Every keyword set that meets the criterion ((),) when it has none)."""
        return (self.keywords, *self.alternatives) if self.keywords else ((),)


@dataclass(frozen=True)
class FreeTextSpec:
    criteria: tuple[Criterion, ...]
    min_words: int | None = None
    max_words: int | None = None
    model_answer_html: str = ""
    model_answer_text: str = ""
    model_answer_after: str | int = "credit"
    length_penalty: int | None = None
    review_band: int = 0
    topic: tuple[str, ...] = ()  # an answer mentioning none of these is off-topic

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria if not c.deduct)


def _phrase_list(value: Any) -> tuple[str, ...]:
    return tuple(_expand(strings(value)))


def _expand(phrases: tuple[str, ...]) -> list[str]:
    """Phrases with every ``~name`` replaced by the shipped list it names."""
    result = []
    for phrase in phrases:
        if phrase.startswith("~"):
            name = phrase[1:].strip()
            if name not in CONCEPTS:
                hint = f.suggestion(name, CONCEPTS)
                raise f.FieldProblem(f"'~{name}' is not a shipped phrase list{hint}")
            result.extend(CONCEPTS[name])
        else:
            result.append(phrase)
    return result


def _groups(value: Any) -> Groups:
    return tuple(tuple(_expand(group)) for group in keyword_groups(value))


def _alternatives(value: Any) -> tuple[Groups, ...]:
    if not isinstance(value, list) or not value:
        raise f.FieldProblem("must be a list of keyword lists")
    return tuple(_groups(item) for item in value)


def _model_answer_after(value: Any) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if value in MODEL_ANSWER_AFTER:
        return value
    raise f.FieldProblem("must be 'credit', 'pass' or a number of attempts")


def _band(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50:
        raise f.FieldProblem("must be a whole number of percentage points from 0 to 50")
    return value


def _positive_number(value: Any) -> float:
    number = non_negative_number(value)
    if not number:
        raise f.FieldProblem("must be a number above 0")
    return number


CRITERION_OPTIONAL = {
    "keywords": _groups,
    "or_keywords": _alternatives,
    "partly": _groups,
    "pattern": f.one_of(*PATTERNS),
    "near": _phrase_list,
    "not_near": _phrase_list,
    "min_words": f.positive_int,
    "max_words": f.positive_int,
    "weight": non_negative_number,
    "deduct": _positive_number,
    "negation": f.boolean,
    "unless": _phrase_list,
    "requires": f.slug,
    "refuted_by": _phrase_list,
    "not_with": _phrase_list,
    "met": f.text,
    "missed": f.text,
    **REVIEW,
}
ACTIVITY_OPTIONAL = {
    "min_words": f.positive_int,
    "max_words": f.positive_int,
    "length_penalty": _band,
    "model_answer": f.text,
    "model_answer_after": _model_answer_after,
    "review_band": _band,
    "topic": _phrase_list,
}


def _criterion(item, reader: SpecReader) -> Criterion | None:
    c = reader.fields(item, {"id": f.slug, "label": f.text}, CRITERION_OPTIONAL, "criterion")
    if c is None:
        return None
    if not {"keywords", "pattern", "min_words", "max_words"} & c.keys():
        reader.error(item.line, f"criterion '{c['id']}' needs keywords, a pattern or a word limit")
    for name in ("or_keywords", "partly", "not_with"):
        if name in c and "keywords" not in c:
            reader.error(item.line_of(name), f"criterion '{c['id']}': '{name}' needs 'keywords'")
    for name in ("near", "not_near"):
        if name in c and "pattern" not in c:
            reader.error(item.line_of(name), f"criterion '{c['id']}': '{name}' needs a 'pattern'")
    if "deduct" in c:
        if "weight" in c:
            reader.error(
                item.line_of("deduct"),
                f"criterion '{c['id']}' has both 'deduct' and 'weight': a deduction takes "
                "points off and earns none",
            )
        if "partly" in c:
            reader.error(
                item.line_of("partly"), f"criterion '{c['id']}': a deduction has no 'partly'"
            )
    elif "missed" not in c:
        reader.error(
            item.line, f"criterion '{c['id']}' needs 'missed': feedback saying why it matters"
        )
    return Criterion(
        c["id"],
        c["label"],
        c.get("keywords", ()),
        c.get("pattern"),
        c.get("min_words"),
        c.get("max_words"),
        0.0 if "deduct" in c else c.get("weight", 1.0),
        reader.inline(c.get("met")),
        reader.inline(c.get("missed")),
        reader.review(item, c),
        c.get("or_keywords", ()),
        c.get("partly", ()),
        c.get("near", ()),
        c.get("not_near", ()),
        c.get("deduct", 0.0),
        c.get("negation", True),
        c.get("unless", ()),
        c.get("requires"),
        c.get("refuted_by", ()),
        c.get("not_with", ()),
    )


def read(data, reader: SpecReader) -> FreeTextSpec | None:
    values = reader.fields(data, {"criteria": lambda v: v}, ACTIVITY_OPTIONAL)
    if values is None:
        return None
    criteria = [
        c
        for item in reader.mappings(data, "criteria", "criterion")
        if (c := _criterion(item, reader))
    ]
    reader.unique([(c.id, data.line_of("criteria")) for c in criteria], "criterion")
    ids = [c.id for c in criteria]
    for c in criteria:
        if c.requires and (c.requires not in ids or ids.index(c.requires) >= ids.index(c.id)):
            hint = f.suggestion(c.requires, ids)
            reader.error(
                data.line_of("criteria"),
                f"criterion '{c.id}' requires '{c.requires}', which must be a criterion listed "
                f"before it{hint}",
            )
    for limits, owner in [(values, data)] + [(c.__dict__, data) for c in criteria]:
        low, high = limits.get("min_words"), limits.get("max_words")
        if low and high and low > high:
            reader.error(owner.line, f"min_words ({low}) is more than max_words ({high})")
    if criteria and not sum(c.weight for c in criteria):
        reader.error(data.line_of("criteria"), "at least one criterion needs a weight above 0")
    if "length_penalty" in values and not {"min_words", "max_words"} & values.keys():
        reader.error(
            data.line_of("length_penalty"), "'length_penalty' needs min_words or max_words"
        )
    if "model_answer_after" in values and "model_answer" not in values:
        reader.error(
            data.line_of("model_answer_after"), "'model_answer_after' needs a model_answer"
        )
    model = values.get("model_answer")
    return FreeTextSpec(
        tuple(criteria),
        values.get("min_words"),
        values.get("max_words"),
        reader.markdown(model),
        model or "",
        values.get("model_answer_after", "credit"),
        values.get("length_penalty"),
        values.get("review_band", 0),
        values.get("topic", ()),
    )
