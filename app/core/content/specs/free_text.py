"""Free-text answers with a rubric the platform checks instantly.

```yaml
min_words: 60                  # optional limits on the whole answer
max_words: 300
model_answer: |                # shown after the first attempt
  Dear Sam, …
criteria:
  - id: apology
    label: Apologises for the delay
    keywords: [sorry, apologi*, regret]   # any of these whole words (* ends a stem)…
    met: You own the problem, which keeps the customer's trust.
    missed: Start by apologising — the delay is the store's problem, not the customer's.
  - id: compensation
    label: Offers a small compensation
    keywords: [[discount, coupon, "% off"], [next order, next purchase]]  # …one of each group
    weight: 2
  - id: date
    label: Gives an estimated delivery date
    pattern: date              # date | number | money | percent
  - {id: length, label: Long enough to explain, min_words: 60}
```
A criterion may combine ``keywords``, ``pattern`` and word limits; all must hold for it to be met.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content import fields as f
from app.core.content.specs.common import REVIEW, SpecReader, keyword_groups, non_negative_number

PATTERNS = ("date", "number", "money", "percent")


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    keywords: tuple[tuple[str, ...], ...] = ()
    pattern: str | None = None
    min_words: int | None = None
    max_words: int | None = None
    weight: float = 1.0
    met_html: str = ""
    missed_html: str = ""
    review: str | None = None


@dataclass(frozen=True)
class FreeTextSpec:
    criteria: tuple[Criterion, ...]
    min_words: int | None = None
    max_words: int | None = None
    model_answer_html: str = ""

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)


CRITERION_OPTIONAL = {
    "keywords": keyword_groups,
    "pattern": f.one_of(*PATTERNS),
    "min_words": f.positive_int,
    "max_words": f.positive_int,
    "weight": non_negative_number,
    "met": f.text,
    "missed": f.text,
    **REVIEW,
}


def read(data, reader: SpecReader) -> FreeTextSpec | None:
    values = reader.fields(
        data,
        {"criteria": lambda v: v},
        {"min_words": f.positive_int, "max_words": f.positive_int, "model_answer": f.text},
    )
    if values is None:
        return None
    criteria = []
    for item in reader.mappings(data, "criteria", "criterion"):
        c = reader.fields(item, {"id": f.slug, "label": f.text}, CRITERION_OPTIONAL, "criterion")
        if c is None:
            continue
        if not {"keywords", "pattern", "min_words", "max_words"} & c.keys():
            reader.error(
                item.line, f"criterion '{c['id']}' needs keywords, a pattern or a word limit"
            )
        if "missed" not in c:
            reader.error(
                item.line, f"criterion '{c['id']}' needs 'missed': feedback saying why it matters"
            )
        criteria.append(
            Criterion(
                c["id"],
                c["label"],
                c.get("keywords", ()),
                c.get("pattern"),
                c.get("min_words"),
                c.get("max_words"),
                c.get("weight", 1.0),
                reader.inline(c.get("met")),
                reader.inline(c.get("missed")),
                reader.review(item, c),
            )
        )
    reader.unique([(c.id, data.line_of("criteria")) for c in criteria], "criterion")
    for limits, owner in [(values, data)] + [(c.__dict__, data) for c in criteria]:
        low, high = limits.get("min_words"), limits.get("max_words")
        if low and high and low > high:
            reader.error(owner.line, f"min_words ({low}) is more than max_words ({high})")
    if criteria and not sum(c.weight for c in criteria):
        reader.error(data.line_of("criteria"), "at least one criterion needs a weight above 0")
    return FreeTextSpec(
        tuple(criteria),
        values.get("min_words"),
        values.get("max_words"),
        reader.markdown(values.get("model_answer")),
    )
