"""Grading process maps under four policies, with partial orders, branches and distractors.

A response places every card: at a position of the main flow, on a branch, or out of the
process. A map is worth a point per card, and the main flow's order decides how many of them
are earned:

    score = order score × (main steps + branch steps on their branch + distractors left out)

The **order score** runs from 1, for a main flow in an order the key allows, to 0, for the flow
put backwards. Each policy measures how far the learner's flow is from a right one, and the
order score is 1 − distance ÷ (the distance of the flow put backwards), at least 0:

- ``lcs`` (default): the steps outside a longest run in the right order, which are the ones to
  move (the Ulam distance). One step moved elsewhere costs little; the flow put backwards keeps
  only a group of interchangeable steps in order, so it scores 0.
- ``pairs``: the pairs of steps from different stages that are the wrong way round (the Kendall
  tau distance). Swapping two neighbours costs one pair of many.
- ``position``: how many places each step stands from where it may stand, added up (Spearman's
  footrule). A step one place off costs less than one at the other end.
- ``all-or-nothing``: every card must be right, or nothing is earned.

A main step missing from the flow counts as far off as a step can be (every pair it belongs to
is wrong; it is outside the run; it is as many places away as the flow allows). Cards that do not
belong to the main flow but sit on it cost their own point and, under ``position``, shift the
steps after them.

Branch steps and distractors are worth a point each only in proportion to the order score:
knowing which cards do not belong to the flow is worth as much as the flow they are kept out of.
So leaving every card out, or putting the flow backwards, earns nothing, however many distractors
are left out. Under ``lcs``, ``pairs`` and ``position``, a map right but for two neighbouring
steps of the main flow swapped keeps at least 80% once the flow has six or more stages: the swap
costs one of at least five steps to move, one of at least fifteen pairs, or two of at least
eighteen places. (A flow of two stages can't tell a swap from the flow put backwards.)

Feedback names the steps to work on: under ``lcs`` and ``pairs`` the steps outside a longest
in-order run, under ``position`` and ``all-or-nothing`` the steps not where they may stand. Each
card's item says whether that card is right (a point or none); the score is not their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.content.specs.process_map import Branch, ProcessMapSpec
from app.core.grading.ordering import (
    allowed_positions,
    displacement,
    in_order,
    misordered_pairs,
    out_of_run,
)
from app.core.grading.result import (
    Feedback,
    Fields,
    Grade,
    Items,
    Message,
    ResponseError,
    known_fields,
    one,
    whole_number,
)

OUT = "out"
BRANCH_PREFIX = "branch:"


@dataclass(frozen=True)
class ProcessMapResponse:
    main: tuple[str, ...]  # card ids in the order the learner put them
    branches: dict[str, tuple[str, ...]]  # branch id → card ids
    out: tuple[str, ...]  # cards the learner left out of the process

    def placement_of(self, card: str) -> str:
        if card in self.main:
            return str(self.main.index(card) + 1)
        for branch, cards in self.branches.items():
            if card in cards:
                return BRANCH_PREFIX + branch
        return OUT


def field_name(card_id: str) -> str:
    return f"place:{card_id}"


def parse(spec: ProcessMapSpec, fields: Fields) -> ProcessMapResponse:
    """``place:<card>`` = a position ``1``…``N``, ``branch:<id>`` or ``out`` (also when absent)."""
    known_fields(fields, {field_name(c) for c in spec.cards}, ("place:",))
    positions: list[tuple[int, int, str]] = []
    branches: dict[str, list[str]] = {b.id: [] for b in spec.branches}
    out: list[str] = []
    for index, card in enumerate(spec.cards):
        value = one(fields, field_name(card), limit=100).strip() or OUT
        if value == OUT:
            out.append(card)
        elif value.startswith(BRANCH_PREFIX):
            branch = value[len(BRANCH_PREFIX) :]
            if branch not in branches:
                raise ResponseError(f"'{field_name(card)}' names an unknown branch '{branch}'")
            branches[branch].append(card)
        elif 1 <= (number := whole_number(value) or 0) <= len(spec.cards):
            positions.append((number, index, card))
        else:
            raise ResponseError(
                f"'{field_name(card)}' must be a position from 1 to {len(spec.cards)}, "
                "a branch, or 'out'"
            )
    main = tuple(card for _, _, card in sorted(positions))
    return ProcessMapResponse(main, {k: tuple(v) for k, v in branches.items()}, tuple(out))


def _neighbours(spec: ProcessMapSpec, step: str) -> tuple[list[str], list[str], list[str]]:
    """The steps of the groups before and after ``step``'s, and the others of its own group."""
    for g, group in enumerate(spec.order):
        if step in group:
            before = list(spec.order[g - 1]) if g else []
            after = list(spec.order[g + 1]) if g + 1 < len(spec.order) else []
            return before, after, [s for s in group if s != step]
    return [], [], []


def _distance(spec: ProcessMapSpec, main: Sequence[str]) -> int:
    """How far a main flow is from a right one, as the policy measures it."""
    if spec.policy == "position":
        return displacement(main, spec.order)
    if spec.policy == "pairs":
        return misordered_pairs(main, spec.order)
    return out_of_run(main, spec.order)


def order_score(spec: ProcessMapSpec, main: Sequence[str]) -> float:
    """The main flow's share of the credit: 1 when right, 0 when as far off as the flow put
    backwards (or farther), in proportion between."""
    worst = _distance(spec, spec.main_steps[::-1])
    distance = _distance(spec, main)
    if not worst:  # an order of one group: nothing to put backwards
        return 0.0 if distance else 1.0
    return max(0.0, 1 - distance / worst)


def _in_place(spec: ProcessMapSpec, response: ProcessMapResponse) -> set[str]:
    """The main steps judged to be in place: where the policy's feedback leaves them."""
    if spec.policy in ("position", "all-or-nothing"):
        allowed = allowed_positions(spec.order)
        return {s for i, s in enumerate(response.main) if s in allowed and i in allowed[s]}
    return in_order(response.main, spec.order)


def _labels(spec: ProcessMapSpec, steps: list[str]) -> tuple[str, ...]:
    return tuple(spec.steps[s].label for s in steps)


def _main_step(spec: ProcessMapSpec, response: ProcessMapResponse, step: str) -> Feedback:
    """A main step not in place: missing or out of place, with where it belongs."""
    info = spec.steps[step]
    before, after, mates = _neighbours(spec, step)
    placed = step in response.main
    items: Items = {
        "step": info.label,
        "follows": _labels(spec, before),
        "precedes": _labels(spec, after),
    }
    if mates:
        items["with"] = _labels(spec, mates)
    message = Message("step-out-of-place" if placed else "step-missing", items, info.feedback_html)
    return Feedback(f"step:{step}", "wrong" if placed else "missing", (message,), info.review, 0, 1)


def _branch_step(spec: ProcessMapSpec, branch: Branch, step: str) -> Feedback:
    info = spec.steps[step]
    items = {
        "step": info.label,
        "branch": branch.label,
        "from_step": spec.steps[branch.from_step].label,
    }
    message = Message("step-on-branch", items, info.feedback_html)
    return Feedback(f"step:{step}", "wrong", (message,), info.review, 0, 1)


def _distractor(spec: ProcessMapSpec, step: str) -> Feedback:
    info = spec.steps[step]
    message = Message("step-not-in-process", {"step": info.label}, info.feedback_html)
    return Feedback(f"step:{step}", "wrong", (message,), info.review, 0, 1)


def _right(step: str) -> Feedback:
    return Feedback(f"step:{step}", "correct", (), None, 1, 1)


def grade(spec: ProcessMapSpec, response: ProcessMapResponse) -> Grade:
    in_place = _in_place(spec, response)
    feedback: list[Feedback] = [
        _right(step) if step in in_place else _main_step(spec, response, step)
        for step in spec.main_steps
    ]
    for branch in spec.branches:
        for step in branch.steps:
            on_branch = step in response.branches.get(branch.id, ())
            feedback.append(_right(step) if on_branch else _branch_step(spec, branch, step))
    for step in spec.distractors:
        left_out = step in response.out
        feedback.append(_right(step) if left_out else _distractor(spec, step))

    max_score = len(feedback)  # a point per card
    extras_right = sum(item.status == "correct" for item in feedback[len(spec.main_steps) :])
    if spec.policy == "all-or-nothing":
        everything_right = all(item.status == "correct" for item in feedback)
        score = float(max_score) if everything_right else 0.0
    else:
        score = order_score(spec, response.main) * (len(spec.main_steps) + extras_right)
    details = {
        "policy": spec.policy,
        "placements": {card: response.placement_of(card) for card in spec.cards},
    }
    return Grade(score, max_score, tuple(feedback), details)
