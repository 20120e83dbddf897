"""Grading process maps under four policies, with partial orders, branches and distractors.

A response places every card: at a position of the main flow, on a branch, or out of the
process. The main flow earns up to one point per main step (how depends on the policy); each
branch step on its branch and each distractor left out earns one more point.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.specs.process_map import Branch, ProcessMapSpec
from app.core.grading.ordering import in_order
from app.core.grading.result import (
    Feedback,
    Fields,
    Grade,
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


def _allowed_positions(spec: ProcessMapSpec) -> dict[str, range]:
    allowed, start = {}, 0
    for group in spec.order:
        for step in group:
            allowed[step] = range(start, start + len(group))
        start += len(group)
    return allowed


def _neighbours(spec: ProcessMapSpec, step: str) -> tuple[list[str], list[str]]:
    for g, group in enumerate(spec.order):
        if step in group:
            before = list(spec.order[g - 1]) if g else []
            after = list(spec.order[g + 1]) if g + 1 < len(spec.order) else []
            return before, after
    return [], []


def _main_points(spec: ProcessMapSpec, response: ProcessMapResponse) -> tuple[float, set[str]]:
    """Points for the main flow and the main steps judged to be in place."""
    main_steps = spec.main_steps
    allowed = _allowed_positions(spec)
    by_position = {s for i, s in enumerate(response.main) if s in allowed and i in allowed[s]}
    if spec.policy in ("position", "all-or-nothing"):
        return float(len(by_position)), by_position
    if spec.policy == "lcs":
        placed = in_order(response.main, spec.order)
        return float(len(placed)), placed
    # pairs: each adjacent pair in the learner's flow that the order allows
    rank = {s: g for g, group in enumerate(spec.order) for s in group}
    good_pairs, in_place = 0, set()
    for a, b in zip(response.main, response.main[1:], strict=False):
        if a in rank and b in rank and rank[b] - rank[a] in (0, 1):
            good_pairs += 1
            in_place |= {a, b}
    if len(main_steps) == 1:
        return float(len(in_place)), in_place
    return len(main_steps) * good_pairs / (len(main_steps) - 1), in_place


def _labels(spec: ProcessMapSpec, steps: list[str]) -> tuple[str, ...]:
    return tuple(spec.steps[s].label for s in steps)


def _main_step(spec: ProcessMapSpec, response: ProcessMapResponse, step: str) -> Feedback:
    """A main step not in place: missing or out of place, with the steps it sits between."""
    info = spec.steps[step]
    before, after = _neighbours(spec, step)
    placed = step in response.main
    message = Message(
        "step-out-of-place" if placed else "step-missing",
        {"step": info.label, "follows": _labels(spec, before), "precedes": _labels(spec, after)},
        info.feedback_html,
    )
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


def _in_place(step: str) -> Feedback:
    return Feedback(f"step:{step}", "correct", (), None, 1, 1)


def grade(spec: ProcessMapSpec, response: ProcessMapResponse) -> Grade:
    main_steps = spec.main_steps
    branch_steps = [(b, s) for b in spec.branches for s in b.steps]
    max_score = len(main_steps) + len(branch_steps) + len(spec.distractors)
    main_score, in_place = _main_points(spec, response)
    feedback: list[Feedback] = [
        _in_place(step) if step in in_place else _main_step(spec, response, step)
        for step in main_steps
    ]
    branch_score = 0
    for branch, step in branch_steps:
        on_branch = step in response.branches.get(branch.id, ())
        branch_score += on_branch
        feedback.append(_in_place(step) if on_branch else _branch_step(spec, branch, step))
    distractor_score = 0
    for step in spec.distractors:
        left_out = step in response.out
        distractor_score += left_out
        feedback.append(_in_place(step) if left_out else _distractor(spec, step))

    score = main_score + branch_score + distractor_score
    if spec.policy == "all-or-nothing" and score < max_score:
        score = 0
    details = {
        "policy": spec.policy,
        "placements": {card: response.placement_of(card) for card in spec.cards},
    }
    return Grade(score, max_score, tuple(feedback), details)
