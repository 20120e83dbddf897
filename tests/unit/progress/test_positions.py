"""Of two positions in one lesson, the later is kept, whichever arrives first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.core.rules.positions import PositionRecord, later

BASE = datetime(2026, 1, 1, tzinfo=UTC)

positions = st.builds(
    PositionRecord,
    lesson_id=st.just(1),
    kind=st.just("listening"),
    section_id=st.sampled_from(["a", "b", "c"]),
    offset=st.floats(0, 100),
    updated_at=st.integers(0, 3).map(lambda s: BASE + timedelta(seconds=s)),
)


@given(positions, positions)
def test_the_more_recent_position_is_kept(a, b):
    kept = later(a, b)
    assert kept in (a, b)
    assert kept.updated_at == max(a.updated_at, b.updated_at)


@given(positions, positions)
def test_the_order_they_arrive_in_does_not_matter(a, b):
    assert later(a, b) == later(b, a)


@given(positions)
def test_a_position_kept_again_changes_nothing(a):
    assert later(a, a) == a
