"""Process maps: steps to arrange in order, some interchangeable, some decoys, some on a branch.

```yaml
policy: lcs                     # all-or-nothing | position | lcs | pairs
steps:
  - {id: placement, label: Order Placement}
  - id: processing
    label: Order Processing
    feedback: Payment and details are verified before anything is picked.
order:                          # the main flow; a nested list = steps in either order
  - placement
  - [processing, inventory]
  - picking
branches:
  - id: out-of-stock
    from: inventory
    label: If an item is out of stock
    steps: [backorder, notify]
distractors:
  - {id: manufacture, label: Manufacture the product, feedback: …}
```
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from app.core.content import fields as f
from app.core.content.specs.common import REVIEW, SpecReader
from app.core.content.yaml_source import LinedDict

POLICIES = ("all-or-nothing", "position", "lcs", "pairs")


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    feedback_html: str = ""
    review: str | None = None


@dataclass(frozen=True)
class Branch:
    id: str
    from_step: str
    label: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class ProcessMapSpec:
    policy: str
    steps: dict[str, Step]  # every card: main steps, branch steps and distractors
    order: tuple[tuple[str, ...], ...]  # groups in sequence; steps within a group in any order
    branches: tuple[Branch, ...]
    distractors: tuple[str, ...]

    @property
    def main_steps(self) -> tuple[str, ...]:
        return tuple(step for group in self.order for step in group)

    @property
    def cards(self) -> tuple[str, ...]:
        return tuple(self.steps)


STEP_FIELDS = {"id": f.slug, "label": f.text}
STEP_OPTIONAL = {"feedback": f.text, **REVIEW}
BRANCH_FIELDS = {"id": f.slug, "from": f.slug, "label": f.text, "steps": f.list_of(f.slug)}


def read(data: LinedDict, reader: SpecReader) -> ProcessMapSpec | None:
    values = reader.fields(
        data,
        {"steps": lambda v: v, "order": lambda v: v},
        {"policy": f.one_of(*POLICIES), "branches": lambda v: v, "distractors": lambda v: v},
    )
    if values is None:
        return None
    steps: dict[str, Step] = {}
    lines: list[tuple[str, int]] = []
    for item in reader.mappings(data, "steps", "step") + reader.mappings(
        data, "distractors", "distractor", required=False
    ):
        step = reader.fields(item, STEP_FIELDS, STEP_OPTIONAL, "step")
        if step is None:
            continue
        lines.append((step["id"], item.line_of("id")))
        steps[step["id"]] = Step(
            step["id"],
            step["label"],
            reader.inline(step.get("feedback")),
            reader.review(item, step),
        )
    reader.unique(lines, "step")
    distractors = tuple(
        item["id"] for item in data.get("distractors") or [] if isinstance(item, LinedDict)
    )

    order = _read_order(data, reader, steps)
    branches = _read_branches(data, reader, steps, order)
    used = {s for group in order for s in group} | {s for b in branches for s in b.steps}
    for step_id in used & set(distractors):
        reader.error(
            data.line_of("distractors"), f"distractor '{step_id}' is also placed in the process"
        )
    # A step an unknown name resembles was meant there: its "did you mean" says so already.
    meant = {m for u in used - steps.keys() for m in difflib.get_close_matches(u, list(steps), 1)}
    for step_id in steps:
        if step_id not in used and step_id not in distractors and step_id not in meant:
            reader.error(
                data.line_of("steps"),
                f"step '{step_id}' is neither in 'order' nor on a branch (make it a distractor?)",
            )
    return ProcessMapSpec(values.get("policy", "lcs"), steps, order, branches, distractors)


def _read_order(data: LinedDict, reader: SpecReader, steps: dict[str, Step]):
    raw = data.get("order")
    line = data.line_of("order")
    if not isinstance(raw, list) or len(raw) < 2:
        reader.error(line, "'order' must list at least two steps")
        return ()
    order: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for entry in raw:
        group = tuple(entry) if isinstance(entry, list) else (entry,)
        for step_id in group:
            if not isinstance(step_id, str) or step_id not in steps:
                hint = f.suggestion(step_id, steps) if isinstance(step_id, str) else ""
                reader.error(
                    line, f"'order' names '{step_id}', which is not one of the steps{hint}"
                )
            elif step_id in seen:
                reader.error(line, f"'order' names step '{step_id}' twice")
            seen.add(step_id) if isinstance(step_id, str) else None
        order.append(tuple(s for s in group if isinstance(s, str)))
    return tuple(order)


def _read_branches(data, reader: SpecReader, steps: dict[str, Step], order) -> tuple[Branch, ...]:
    main = {s for group in order for s in group}
    branches = []
    taken: set[str] = set()
    for item in reader.mappings(data, "branches", "branch", required=False):
        values = reader.fields(item, BRANCH_FIELDS, {}, "branch")
        if values is None:
            continue
        if values["from"] not in main:
            reader.error(
                item.line_of("from"),
                f"branch starts from '{values['from']}', which is not a step of 'order'"
                + f.suggestion(values["from"], main),
            )
        for step_id in values["steps"]:
            if step_id not in steps:
                reader.error(
                    item.line_of("steps"),
                    f"branch names unknown step '{step_id}'{f.suggestion(step_id, steps)}",
                )
            elif step_id in main or step_id in taken:
                reader.error(item.line_of("steps"), f"step '{step_id}' is already placed elsewhere")
            taken.add(step_id)
        branches.append(
            Branch(values["id"], values["from"], values["label"], tuple(values["steps"]))
        )
    reader.unique([(b.id, data.line_of("branches")) for b in branches], "branch")
    return tuple(branches)
