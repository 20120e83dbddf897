"""Process-map scores are fair on any map: properties over maps generated here, every policy.

A map is generated as stages of one to three interchangeable steps, branches and distractors;
answers are built from its key (right, backwards, with two neighbours swapped, empty) or mutated
from a right one, and sent through ``parse`` as form fields.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.content.specs.process_map import POLICIES, Branch, ProcessMapSpec, Step
from app.core.grading.process_map import grade, parse

Fields = dict[str, list[str]]


@st.composite
def maps(draw, min_stages: int = 2, policies=POLICIES) -> ProcessMapSpec:
    sizes = draw(st.lists(st.integers(1, 3), min_size=min_stages, max_size=9))
    counter = iter(range(1000))
    order = tuple(tuple(f"s{next(counter)}" for _ in range(size)) for size in sizes)
    main = [step for stage in order for step in stage]
    branches = []
    for b in range(draw(st.integers(0, 2))):
        steps = tuple(f"s{next(counter)}" for _ in range(draw(st.integers(1, 2))))
        branches.append(Branch(f"b{b}", draw(st.sampled_from(main)), f"Branch {b}", steps))
    distractors = tuple(f"s{next(counter)}" for _ in range(draw(st.integers(0, 3))))
    cards = main + [s for b in branches for s in b.steps] + list(distractors)
    steps = {card: Step(card, f"Step {card}") for card in cards}
    return ProcessMapSpec(
        draw(st.sampled_from(policies)), steps, order, tuple(branches), distractors
    )


def right_flow(spec: ProcessMapSpec, draw) -> list[str]:
    """The main steps in an order the key allows (each stage shuffled)."""
    return [step for stage in spec.order for step in draw(st.permutations(stage))]


def form(spec: ProcessMapSpec, main: list[str], extras_right: bool = True) -> Fields:
    """``main`` on the main flow; branch steps on their branches and distractors out, or (when
    not ``extras_right``) left out and put at the end of the flow."""
    fields = {f"place:{card}": [str(i + 1)] for i, card in enumerate(main)}
    for branch in spec.branches:
        for step in branch.steps:
            fields[f"place:{step}"] = [f"branch:{branch.id}" if extras_right else "out"]
    for i, step in enumerate(spec.distractors):
        fields[f"place:{step}"] = ["out" if extras_right else str(len(main) + i + 1)]
    return fields


def percent(spec: ProcessMapSpec, fields: Fields) -> int:
    return grade(spec, parse(spec, fields)).percent


def is_right(spec: ProcessMapSpec, fields: Fields) -> bool:
    """Does the answer put every card where the key says?"""
    response = parse(spec, fields)
    rank = {step: g for g, stage in enumerate(spec.order) for step in stage}
    ranks = [rank.get(card, -1) for card in response.main]
    return (
        sorted(response.main) == sorted(spec.main_steps)
        and ranks == sorted(ranks)
        and all(sorted(response.branches[b.id]) == sorted(b.steps) for b in spec.branches)
        and sorted(response.out) == sorted(spec.distractors)
    )


@given(maps(), st.data())
def test_a_right_map_scores_100_percent(spec, data):
    assert percent(spec, form(spec, right_flow(spec, data.draw))) == 100


@given(maps(), st.data(), st.booleans())
def test_the_main_flow_put_backwards_scores_at_most_20_percent(spec, data, extras_right):
    backwards = right_flow(spec, data.draw)[::-1]
    assert percent(spec, form(spec, backwards, extras_right)) <= 20


@given(maps(), st.booleans())
def test_placing_nothing_scores_nothing(spec, send_fields):
    fields = {f"place:{card}": ["out"] for card in spec.cards} if send_fields else {}
    assert percent(spec, fields) == 0


def swap_two_neighbours(spec: ProcessMapSpec, draw) -> list[str]:
    """A right flow with two neighbouring steps of different stages swapped."""
    flow = right_flow(spec, draw)
    rank = {step: g for g, stage in enumerate(spec.order) for step in stage}
    boundaries = [i for i in range(len(flow) - 1) if rank[flow[i]] != rank[flow[i + 1]]]
    i = draw(st.sampled_from(boundaries))
    flow[i], flow[i + 1] = flow[i + 1], flow[i]
    return flow


@given(maps(min_stages=6, policies=("position", "lcs", "pairs")), st.data())
def test_two_neighbouring_steps_swapped_keep_80_percent(spec, data):
    fields = form(spec, swap_two_neighbours(spec, data.draw))
    result = grade(spec, parse(spec, fields))
    # Not full marks, though a long flow may round to 100%.
    assert result.percent >= 80 and result.score < result.max_score


@given(maps(policies=("all-or-nothing",)), st.data())
def test_all_or_nothing_gives_nothing_for_two_neighbouring_steps_swapped(spec, data):
    assert percent(spec, form(spec, swap_two_neighbours(spec, data.draw))) == 0


@st.composite
def answers(draw, spec: ProcessMapSpec) -> Fields:
    """A right answer with a few cards moved anywhere (often still right, often not)."""
    fields = form(spec, right_flow(spec, draw))
    places = ["out", *(f"branch:{b.id}" for b in spec.branches)]
    places += [str(n) for n in range(1, len(spec.cards) + 1)]
    for card in draw(st.lists(st.sampled_from(spec.cards), max_size=3)):
        fields[f"place:{card}"] = [draw(st.sampled_from(places))]
    return fields


@given(maps(), st.data())
def test_only_a_right_map_reaches_the_maximum(spec, data):
    fields = data.draw(answers(spec))
    result = grade(spec, parse(spec, fields))
    assert 0 <= result.score <= result.max_score == len(spec.cards)
    assert (result.score == result.max_score) == is_right(spec, fields)
