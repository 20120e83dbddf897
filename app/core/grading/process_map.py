"""Grading process maps under four policies, with partial orders, branches and distractors.

A response places every card: at a position of the main flow, on a branch, or out of the
process. The main flow earns up to one point per main step (how depends on the policy); each
branch step on its branch and each distractor left out earns one more point.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.core.content.specs.process_map import ProcessMapSpec
from app.core.grading.ordering import in_order
from app.core.grading.result import (
    Feedback,
    Fields,
    Grade,
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


def _label(spec: ProcessMapSpec, step: str) -> str:
    return escape(spec.steps[step].label)


def _list(spec: ProcessMapSpec, steps: list[str]) -> str:
    return " or ".join(f"<strong>{_label(spec, s)}</strong>" for s in steps)


def grade(spec: ProcessMapSpec, response: ProcessMapResponse) -> Grade:
    main_steps = spec.main_steps
    branch_steps = [(b, s) for b in spec.branches for s in b.steps]
    max_score = len(main_steps) + len(branch_steps) + len(spec.distractors)
    main_score, in_place = _main_points(spec, response)
    feedback: list[Feedback] = []

    for step in main_steps:
        info = spec.steps[step]
        if step in in_place:
            feedback.append(Feedback(f"step:{step}", "correct", "", None, 1, 1))
            continue
        before, after = _neighbours(spec, step)
        if step not in response.main:
            where = "is missing from the process"
        else:
            where = "is out of place"
        hints = []
        if before:
            hints.append(f"it comes after {_list(spec, before)}")
        if after:
            hints.append(f"before {_list(spec, after)}")
        message = (
            f"<strong>{_label(spec, step)}</strong> {where}: "
            + (" and ".join(hints) if hints else "it starts the process")
            + "."
        )
        if info.feedback_html:
            message += " " + info.feedback_html
        status = "missing" if step not in response.main else "wrong"
        feedback.append(Feedback(f"step:{step}", status, message, info.review, 0, 1))

    branch_score = 0
    for branch, step in branch_steps:
        info = spec.steps[step]
        if step in response.branches.get(branch.id, ()):
            branch_score += 1
            feedback.append(Feedback(f"step:{step}", "correct", "", None, 1, 1))
        else:
            after = _label(spec, branch.from_step)
            message = (
                f"<strong>{_label(spec, step)}</strong> belongs on the branch "
                f"“{escape(branch.label)}”, after <strong>{after}</strong>."
            )
            if info.feedback_html:
                message += " " + info.feedback_html
            feedback.append(Feedback(f"step:{step}", "wrong", message, info.review, 0, 1))

    distractor_score = 0
    for step in spec.distractors:
        info = spec.steps[step]
        if step in response.out:
            distractor_score += 1
            feedback.append(Feedback(f"step:{step}", "correct", "", None, 1, 1))
        else:
            message = f"<strong>{_label(spec, step)}</strong> is not part of this process."
            if info.feedback_html:
                message += " " + info.feedback_html
            feedback.append(Feedback(f"step:{step}", "wrong", message, info.review, 0, 1))

    score = main_score + branch_score + distractor_score
    if spec.policy == "all-or-nothing" and score < max_score:
        score = 0
    details = {
        "policy": spec.policy,
        "placements": {card: response.placement_of(card) for card in spec.cards},
    }
    return Grade(score, max_score, tuple(feedback), details)
