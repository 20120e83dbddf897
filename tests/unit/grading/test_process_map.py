"""Process maps: four grading policies, interchangeable steps, branches and decoys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.grading import ResponseError
from app.core.grading.process_map import grade, parse
from app.core.grading.result import Message
from tests.unit.grading.helpers import activity

MAP = """\
policy: {policy}
steps:
  - {{id: place, label: Order Placement}}
  - {{id: process, label: Order Processing}}
  - {{id: stock, label: Inventory Management}}
  - {{id: pick, label: Picking and Packing, feedback: Items must be packed before they ship.}}
  - {{id: ship, label: Shipping}}
  - {{id: backorder, label: Backorder the item}}
distractors:
  - {{id: advert, label: Run an advert, feedback: Marketing brings orders in; it does not fulfil them.}}
order: [place, [process, stock], pick, ship]
branches:
  - {{id: out, from: stock, label: Out of stock, steps: [backorder]}}
"""


def spec(policy="lcs"):
    return activity("exercise process-map", MAP.format(policy=policy)).spec


def fields(main, branch=(), out=()):
    placed = {f"place:{card}": [str(i + 1)] for i, card in enumerate(main)}
    placed |= {f"place:{card}": ["branch:out"] for card in branch}
    placed |= {f"place:{card}": ["out"] for card in out}
    return placed


CARDS = ["place", "process", "stock", "pick", "ship", "backorder", "advert"]
PERFECT = fields(["place", "process", "stock", "pick", "ship"], ["backorder"], ["advert"])


def score(policy, form):
    s = spec(policy)
    return grade(s, parse(s, form)).score


@pytest.mark.parametrize("policy", ["all-or-nothing", "position", "lcs", "pairs"])
def test_the_right_order_scores_full_marks_under_every_policy(policy):
    assert score(policy, PERFECT) == 7


@pytest.mark.parametrize("policy", ["all-or-nothing", "position", "lcs", "pairs"])
def test_interchangeable_steps_may_come_in_either_order(policy):
    swapped = fields(["place", "stock", "process", "pick", "ship"], ["backorder"], ["advert"])
    assert score(policy, swapped) == 7


# The map is worth 7 points (5 main steps, a branch step, a distractor); with the branch step and
# the distractor right, the score is 7 × the order score: 1 − distance ÷ the backwards flow's.
@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("all-or-nothing", 0),
        # pick is 2 places early, stock 1 late (3); backwards: 4+2+0+1+4 = 11 places
        ("position", 7 * (1 - 3 / 11)),
        # pick is outside the run place, process, stock, ship (1); backwards: 3 of the 5 steps
        # outside the run (a run keeps at most the two interchangeable steps)
        ("lcs", 7 * (1 - 1 / 3)),
        # pick comes before process and before stock (2 of the 9 pairs of different stages)
        ("pairs", 7 * (1 - 2 / 9)),
    ],
)
def test_each_policy_scores_a_misplaced_step_its_own_way(policy, expected):
    moved = fields(["place", "pick", "process", "stock", "ship"], ["backorder"], ["advert"])
    assert score(policy, moved) == pytest.approx(expected, abs=0.001)


def test_pairs_policy_counts_the_pairs_in_the_right_order():
    # ship comes before the four others and pick before place, process and stock: 7 of 9 pairs
    # are the wrong way round
    form = fields(["ship", "pick", "place", "process", "stock"], ["backorder"], ["advert"])
    assert score("pairs", form) == pytest.approx(7 * 2 / 9, abs=0.001)


@pytest.mark.parametrize("policy", ["all-or-nothing", "position", "lcs", "pairs"])
def test_the_flow_put_backwards_earns_nothing_even_with_the_other_cards_right(policy):
    backwards = fields(["ship", "pick", "stock", "process", "place"], ["backorder"], ["advert"])
    assert score(policy, backwards) == 0


@pytest.mark.parametrize("policy", ["all-or-nothing", "position", "lcs", "pairs"])
@pytest.mark.parametrize("form", [{}, fields([], [], CARDS)], ids=["nothing-sent", "all-out"])
def test_leaving_every_card_out_earns_nothing(policy, form):
    assert score(policy, form) == 0


def test_the_branch_and_distractor_points_are_scaled_by_the_order_score():
    s = spec("lcs")
    moved = ["place", "pick", "process", "stock", "ship"]  # order score 2/3
    both = grade(s, parse(s, fields(moved, ["backorder"], ["advert"]))).score
    one = grade(s, parse(s, fields(moved, [], ["advert", "backorder"]))).score
    assert both == pytest.approx(2 / 3 * 7, abs=0.001)
    assert one == pytest.approx(2 / 3 * 6, abs=0.001)


def test_feedback_says_where_a_misplaced_step_belongs():
    s = spec("lcs")
    result = grade(
        s,
        parse(s, fields(["place", "pick", "process", "stock", "ship"], ["backorder"], ["advert"])),
    )
    item = result.by_key()["step:pick"]
    assert item.status == "wrong"
    assert item.messages == (
        Message(
            "step-out-of-place",
            {
                "step": "Picking and Packing",
                "follows": ("Order Processing", "Inventory Management"),
                "precedes": ("Shipping",),
            },
            "Items must be packed before they ship.",
        ),
    )
    assert result.by_key()["step:place"].status == "correct"
    assert result.by_key()["step:place"].messages == ()


def test_the_first_step_out_of_place_names_only_the_steps_after_it():
    s = spec("position")
    result = grade(
        s,
        parse(s, fields(["process", "place", "stock", "pick", "ship"], ["backorder"], ["advert"])),
    )
    [message] = result.by_key()["step:place"].messages
    assert message.kind == "step-out-of-place"
    assert message.items == {
        "step": "Order Placement",
        "follows": (),
        "precedes": ("Order Processing", "Inventory Management"),
    }


def test_a_decoy_in_the_process_loses_its_point_and_says_why():
    s = spec("lcs")
    result = grade(
        s, parse(s, fields(["place", "advert", "process", "stock", "pick", "ship"], ["backorder"]))
    )
    assert result.score == 6
    [message] = result.by_key()["step:advert"].messages
    assert (message.kind, message.items) == ("step-not-in-process", {"step": "Run an advert"})
    assert message.author_html == "Marketing brings orders in; it does not fulfil them."


def test_a_branch_step_belongs_on_its_branch():
    s = spec("lcs")
    result = grade(
        s,
        parse(
            s, fields(["place", "process", "stock", "pick", "ship", "backorder"], [], ["advert"])
        ),
    )
    assert result.score == 6
    [message] = result.by_key()["step:backorder"].messages
    assert message.kind == "step-on-branch"
    assert message.items == {
        "step": "Backorder the item",
        "branch": "Out of stock",
        "from_step": "Inventory Management",
    }


def test_missing_steps_are_reported_as_missing():
    s = spec("position")
    result = grade(
        s,
        parse(s, fields(["place", "process", "stock", "pick"], ["backorder"], ["ship", "advert"])),
    )
    ship = result.by_key()["step:ship"]
    assert ship.status == "missing"
    assert ship.messages == (
        Message(
            "step-missing",
            {"step": "Shipping", "follows": ("Picking and Packing",), "precedes": ()},
        ),
    )
    assert result.score == pytest.approx(7 * (1 - 4 / 11), abs=0.001)  # 4 places off of 11


def test_a_card_left_out_of_the_form_counts_as_not_placed():
    s = spec("lcs")
    form = dict(PERFECT)
    del form["place:advert"]
    assert grade(s, parse(s, form)).score == 7


@pytest.mark.parametrize(
    "form",
    [
        {**PERFECT, "place:nope": ["1"]},
        {**PERFECT, "place:pick": ["99"]},
        {**PERFECT, "place:pick": ["branch:elsewhere"]},
        {**PERFECT, "place:pick": ["first"]},
        {**PERFECT, "place:pick": ["1", "2"]},
        {**PERFECT, "place:pick": ["x" * 500]},
        {**PERFECT, "place:pick": ["²"]},  # a digit to str.isdigit, not to int()
        {**PERFECT, "place:pick": ["0"]},
    ],
)
def test_malformed_placements_are_refused(form):
    with pytest.raises(ResponseError):
        parse(spec(), form)


placements = st.fixed_dictionaries(
    {
        f"place:{card}": st.sampled_from(["out", "branch:out", *map(str, range(1, 8))]).map(
            lambda v: [v]
        )
        for card in CARDS
    }
)


@given(placements, st.sampled_from(["all-or-nothing", "position", "lcs", "pairs"]))
def test_score_is_always_between_zero_and_the_maximum(form, policy):
    s = spec(policy)
    result = grade(s, parse(s, form))
    assert 0 <= result.score <= result.max_score == 7


@given(placements, st.randoms())
def test_the_order_fields_arrive_in_never_changes_the_grade(form, rnd):
    s = spec("lcs")
    items = list(form.items())
    rnd.shuffle(items)
    assert grade(s, parse(s, dict(items))) == grade(s, parse(s, form))
