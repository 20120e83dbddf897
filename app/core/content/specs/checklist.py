"""Checklists: the learner writes their own list; it is compared with a reference list.

```yaml
min_items: 5
reference:
  - id: inventory
    label: Real-time inventory across channels
    match: [inventory, stock*]   # any of these whole words (* ends a stem) in one of the items
    why: Overselling out-of-stock items leads to cancellations and refunds.
```
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content import fields as f
from app.core.content.specs.common import REVIEW, SpecReader, strings


@dataclass(frozen=True)
class ReferenceItem:
    id: str
    label: str
    match: tuple[str, ...]
    why_html: str = ""
    review: str | None = None


@dataclass(frozen=True)
class ChecklistSpec:
    reference: tuple[ReferenceItem, ...]
    min_items: int = 1
    max_items: int = 30


def read(data, reader: SpecReader) -> ChecklistSpec | None:
    values = reader.fields(
        data,
        {"reference": lambda v: v},
        {"min_items": f.positive_int, "max_items": f.positive_int},
    )
    if values is None:
        return None
    items = []
    for item in reader.mappings(data, "reference", "reference item"):
        v = reader.fields(
            item,
            {"id": f.slug, "label": f.text, "match": strings, "why": f.text},
            dict(REVIEW),
            "reference item",
        )
        if v:
            items.append(
                ReferenceItem(
                    v["id"], v["label"], v["match"], reader.inline(v["why"]), reader.review(item, v)
                )
            )
    reader.unique([(i.id, data.line_of("reference")) for i in items], "reference item")
    return ChecklistSpec(tuple(items), values.get("min_items", 1), values.get("max_items", 30))
