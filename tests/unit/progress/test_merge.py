"""Merging two learners' progress loses nothing and is idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.core.rules.merge import AttemptRecord, PositionRecord, Progress, best_scores, merge, passed

BASE = datetime(2026, 1, 1, tzinfo=UTC)

attempts = st.builds(
    AttemptRecord,
    id=st.integers(1, 40),
    activity_id=st.sampled_from(["map", "table", "quiz"]),
    percent=st.one_of(st.none(), st.integers(0, 100)),
    passed=st.one_of(st.none(), st.booleans()),
)
positions = st.builds(
    PositionRecord,
    lesson_id=st.integers(1, 2),
    kind=st.sampled_from(["reading", "listening"]),
    section_id=st.sampled_from(["a", "b", "c"]),
    offset=st.floats(0, 100),
    updated_at=st.integers(0, 1000).map(lambda s: BASE + timedelta(seconds=s)),
)
progress = st.builds(
    Progress,
    attempts=st.frozensets(attempts, max_size=8),
    statements=st.frozensets(st.uuids().map(str), max_size=5),
    sections_read=st.frozensets(st.tuples(st.integers(1, 2), st.sampled_from("abc")), max_size=4),
    positions=st.lists(positions, max_size=4).map(
        lambda ps: {(p.lesson_id, p.kind): p for p in ps}
    ),
)


@given(progress, progress)
def test_merging_twice_changes_nothing(a, b):
    once = merge(a, b)
    assert merge(once, b) == once
    assert merge(once, a) == once


@given(progress, progress)
def test_merging_never_drops_an_attempt_or_statement(a, b):
    merged = merge(a, b)
    assert a.attempts | b.attempts <= merged.attempts
    assert a.statements | b.statements <= merged.statements


@given(progress, progress)
def test_merging_never_lowers_a_best_score(a, b):
    merged = best_scores(merge(a, b))
    for side in (a, b):
        for activity, score in best_scores(side).items():
            assert merged[activity] >= score


@given(progress, progress)
def test_completions_are_the_union(a, b):
    merged = merge(a, b)
    assert merged.sections_read == a.sections_read | b.sections_read
    assert passed(merged) == passed(a) | passed(b)


@given(progress, progress)
def test_the_latest_position_wins_whichever_side_it_came_from(a, b):
    merged = merge(a, b)
    for key, position in merged.positions.items():
        candidates = [p.positions[key] for p in (a, b) if key in p.positions]
        assert position.updated_at == max(c.updated_at for c in candidates)
    assert merge(a, b).positions == merge(b, a).positions
