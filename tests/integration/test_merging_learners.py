"""Merging an anonymous learner into an account's learner, as signing up or in does: properties of
the real ``merge_learners`` on a real database.

Each example empties the learners' tables and gives two learners generated histories: attempts
with assorted scores, reviews and pass flags on a few activities of two lessons; statements drawn
from one small pool of ids, so both learners often send the same statement (the first one stored
keeps it); reading and listening positions whose times often tie. Everything is recorded the way
production records it (``record_statement``, ``save_position``, attempt rows), read back the way
the learner's pages read it (``lesson_states``, ``progress_in``), merged, committed, and read back
again in a fresh session, as the next request would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.content import load_catalog
from app.learning.attempts import lesson_states
from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Course, Lesson, LessonRevision
from app.learning.models.learners import Learner, Position, Statement
from app.learning.progress import merge_learners, progress_in, record_statement, save_position
from tests.conftest import SEED_CONTENT, SEED_LESSON

# Real section and activity ids, so the lesson's completion rules (progress_in) count them.
LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
SECTIONS = ("fulfillment-process", "fulfillment-methods", "key-takeaways")
ACTIVITIES = ("process-mapping", "delay-email", "knowledge-check-quiz")
STATEMENT_IDS = tuple(str(uuid.UUID(int=n)) for n in range(1, 7))  # shared by both learners
SLUGS = ("first-lesson", "second-lesson")
BASE = datetime(2026, 1, 1, tzinfo=UTC)
SIDES = ("source", "target")

# Each test sets its database up once and every example empties the learners' tables itself.
PROPERTIES = settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@dataclass(frozen=True)
class AttemptEvent:
    side: str
    lesson: int  # index into SLUGS
    activity_id: str
    percent: int | None
    override_percent: int | None
    passed: bool | None
    minute: int


@dataclass(frozen=True)
class StatementEvent:
    side: str
    statement_id: str
    lesson: int
    verb: str
    object_type: str
    object_id: str


@dataclass(frozen=True)
class PositionEvent:
    side: str
    lesson: int
    kind: str
    section_id: str
    offset: float
    second: int


@dataclass(frozen=True)
class Histories:
    """What both learners did, in the order it reached the server."""

    attempts: list[AttemptEvent]
    statements: list[StatementEvent]
    positions: list[PositionEvent]


sides = st.sampled_from(SIDES)
lessons = st.sampled_from(range(len(SLUGS)))
percents = st.one_of(st.none(), st.integers(0, 100))
attempt_events = st.builds(
    AttemptEvent,
    side=sides,
    lesson=lessons,
    activity_id=st.sampled_from(ACTIVITIES),
    percent=percents,
    override_percent=st.one_of(st.none(), st.none(), percents),
    passed=st.one_of(st.none(), st.booleans()),
    minute=st.integers(0, 5),
)
statement_events = st.one_of(
    st.builds(
        StatementEvent,
        side=sides,
        statement_id=st.sampled_from(STATEMENT_IDS),
        lesson=lessons,
        verb=st.just("experienced"),
        object_type=st.just("section"),
        object_id=st.sampled_from(SECTIONS),
    ),
    st.builds(
        StatementEvent,
        side=sides,
        statement_id=st.sampled_from(STATEMENT_IDS),
        lesson=lessons,
        verb=st.sampled_from(["completed", "progressed"]),
        object_type=st.just("lesson"),
        object_id=st.just("lesson"),
    ),
)
position_events = st.builds(
    PositionEvent,
    side=sides,
    lesson=lessons,
    kind=st.sampled_from(["reading", "listening"]),
    section_id=st.sampled_from(SECTIONS),
    offset=st.sampled_from([0.0, 2.5, 61.25]),
    second=st.integers(0, 1),  # two distinct times: ties are common
)
# Both learners at the same moment in different places: the case generated examples meet least.
EQUAL_TIMES = Histories(
    attempts=[],
    statements=[],
    positions=[
        PositionEvent("target", 0, "listening", "fulfillment-methods", 61.25, 1),
        PositionEvent("source", 0, "listening", "key-takeaways", 0.0, 1),
        PositionEvent("source", 1, "reading", "fulfillment-methods", 0.0, 1),
        PositionEvent("target", 1, "reading", "fulfillment-methods", 2.5, 1),
    ],
)
histories = st.builds(
    Histories,
    attempts=st.lists(attempt_events, max_size=8),
    statements=st.lists(statement_events, max_size=8),
    positions=st.lists(position_events, max_size=8),
)


@dataclass(frozen=True)
class Snapshot:
    """One learner's history as stored, and as the learner's pages read it."""

    attempts: frozenset[tuple]  # every column that is the attempt's own, with its id
    statements: frozenset[tuple]  # the statement's own columns, with its statement id
    positions: dict[tuple[int, str], tuple[datetime, str, float]]  # (lesson, kind): where, when
    states: dict[tuple[int, str], tuple[int, int | None, bool]]  # count, best percent, passed
    progress: dict[int, tuple[frozenset[str], frozenset[str]]]  # sections read, passed


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def snapshot(learner_id: int, lesson_ids: list[int]) -> Snapshot:
    def mine(model):
        return db.session.scalars(db.select(model).filter_by(learner_id=learner_id))

    learner = db.session.get(Learner, learner_id)
    states, progress = {}, {}
    for lesson_id in lesson_ids:
        for activity_id, state in lesson_states(learner, lesson_id).items():
            states[lesson_id, activity_id] = (state.count, state.best_percent, state.passed)
        read = progress_in(learner, lesson_id, LESSON)
        progress[lesson_id] = (read.sections_read, read.activities_passed)
    return Snapshot(
        attempts=frozenset(
            (
                a.id,
                a.lesson_id,
                a.activity_id,
                a.percent,
                a.override_percent,
                a.passed,
                _utc(a.created_at),
            )
            for a in mine(Attempt)
        ),
        statements=frozenset(
            (s.statement_id, s.lesson_id, s.verb, s.object_type, s.object_id, str(s.result))
            for s in mine(Statement)
        ),
        positions={
            (p.lesson_id, p.kind): (_utc(p.updated_at), p.section_id, p.offset)
            for p in mine(Position)
        },
        states=states,
        progress=progress,
    )


@dataclass
class Setup:
    """The test's database: two lessons (each with a revision) and an account."""

    app: Flask
    lessons: list[tuple[int, int]]  # (lesson id, revision id), in SLUGS order
    user_id: int

    @property
    def lesson_ids(self) -> list[int]:
        return [lesson_id for lesson_id, _ in self.lessons]

    def record(self, histories: Histories) -> tuple[int, int]:
        """Empty the learners' tables, record both histories; the (source, target) ids."""
        for model in (Attempt, Statement, Position, Learner):
            db.session.execute(db.delete(model))
        learners = {"source": Learner(), "target": Learner(user_id=self.user_id)}
        db.session.add_all(learners.values())
        db.session.flush()
        numbers: dict[tuple, int] = {}
        for event in histories.attempts:
            lesson_id, revision_id = self.lessons[event.lesson]
            mine = (event.side, lesson_id, event.activity_id)
            numbers[mine] = numbers.get(mine, 0) + 1  # as recording an attempt numbers them
            db.session.add(
                Attempt(
                    attempt_number=numbers[mine],
                    learner_id=learners[event.side].id,
                    lesson_id=lesson_id,
                    revision_id=revision_id,
                    activity_id=event.activity_id,
                    activity_type="free-text",
                    response={},
                    percent=event.percent,
                    override_percent=event.override_percent,
                    passed=event.passed,
                    created_at=BASE + timedelta(minutes=event.minute),
                )
            )
        for event in histories.statements:
            self.send(learners[event.side], event)
        for event in histories.positions:
            self.save(learners[event.side], event)
        db.session.commit()
        return learners["source"].id, learners["target"].id

    def send(self, learner: Learner, event: StatementEvent) -> bool:
        """Record the statement as the progress endpoint does; False when its id was taken."""
        return record_statement(
            learner,
            self.lessons[event.lesson][0],
            event.verb,
            event.object_type,
            SLUGS[event.lesson] if event.object_type == "lesson" else event.object_id,
            result={"seconds": 30} if event.verb == "progressed" else None,
            statement_id=event.statement_id,
            timestamp=BASE,
        )

    def save(self, learner: Learner, event: PositionEvent) -> None:
        lesson_id = self.lessons[event.lesson][0]
        at = BASE + timedelta(seconds=event.second)
        save_position(learner, lesson_id, event.kind, event.section_id, event.offset, at)

    def merge(self, source_id: int, target_id: int) -> None:
        """Merge as a sign-in request does: learners loaded afresh, the merge committed."""
        with self.app.app_context():
            merge_learners(db.session.get(Learner, source_id), db.session.get(Learner, target_id))
            db.session.commit()

    def merged(self, histories: Histories) -> tuple[Snapshot, Snapshot, Snapshot, int, int]:
        """Both learners before the merge, the target after it, and the two ids."""
        with self.app.app_context():
            source_id, target_id = self.record(histories)
            source, target = (snapshot(i, self.lesson_ids) for i in (source_id, target_id))
        self.merge(source_id, target_id)
        with self.app.app_context():
            after = snapshot(target_id, self.lesson_ids)
        return source, target, after, source_id, target_id


@pytest.fixture
def setup(app) -> Iterator[Setup]:
    with app.app_context():
        course = Course(slug="course", title="Course")
        user = User(email="ada@example.org", password_hash="not a real hash")
        db.session.add_all([course, user])
        db.session.flush()
        lessons = []
        for slug in SLUGS:
            lesson = Lesson(slug=slug, title=slug, course_id=course.id)
            db.session.add(lesson)
            db.session.flush()
            revision = LessonRevision(lesson_id=lesson.id, number=1, source="", source_hash="0")
            db.session.add(revision)
            db.session.flush()
            lessons.append((lesson.id, revision.id))
        db.session.commit()
        yield Setup(app, lessons, user.id)


def rows(model, **filters) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**filters))


@PROPERTIES
@given(histories)
def test_merging_keeps_every_attempt_and_gives_it_to_the_account(setup, histories):
    source, target, after, source_id, target_id = setup.merged(histories)
    assert after.attempts == source.attempts | target.attempts
    assert len(after.attempts) == len(source.attempts) + len(target.attempts)
    assert len(after.attempts) == len(histories.attempts)
    with setup.app.app_context():
        assert rows(Attempt) == rows(Attempt, learner_id=target_id) == len(histories.attempts)


@PROPERTIES
@given(histories)
def test_merged_statements_are_the_union_by_statement_id_each_stored_once(setup, histories):
    source, target, after, _, target_id = setup.merged(histories)
    assert after.statements == source.statements | target.statements
    sent = {event.statement_id for event in histories.statements}
    assert {s[0] for s in after.statements} == sent
    with setup.app.app_context():
        assert rows(Statement) == rows(Statement, learner_id=target_id) == len(sent)


@PROPERTIES
@given(histories)
def test_each_activity_keeps_the_best_final_percent_of_either_learner(setup, histories):
    source, target, after, _, _ = setup.merged(histories)
    assert after.states.keys() == source.states.keys() | target.states.keys()
    for key, (count, best, passed) in after.states.items():
        sides = [side.states[key] for side in (source, target) if key in side.states]
        assert count == sum(side[0] for side in sides)
        scores = [side[1] for side in sides if side[1] is not None]
        assert best == (max(scores) if scores else None)
        assert passed == any(side[2] for side in sides)


@PROPERTIES
@given(histories)
def test_sections_read_and_activities_passed_are_the_union(setup, histories):
    source, target, after, _, _ = setup.merged(histories)
    for lesson_id, (read, passed) in after.progress.items():
        assert read == source.progress[lesson_id][0] | target.progress[lesson_id][0]
        assert passed == source.progress[lesson_id][1] | target.progress[lesson_id][1]


@PROPERTIES
@given(histories)
@example(EQUAL_TIMES)
def test_the_later_position_wins_for_each_lesson_and_kind(setup, histories):
    source, target, after, _, _ = setup.merged(histories)
    assert after.positions.keys() == source.positions.keys() | target.positions.keys()
    for key, (updated_at, section_id, offset) in after.positions.items():
        candidates = [side.positions[key] for side in (source, target) if key in side.positions]
        assert updated_at == max(when for when, _, _ in candidates)
        assert (updated_at, section_id, offset) in candidates
        # On equal times the tie is broken as when saving (section id, then offset), so the
        # outcome does not depend on which learner signed in.
        assert (updated_at, section_id, offset) == max(candidates)


@PROPERTIES
@given(histories)
def test_the_merged_learner_is_deleted_and_nothing_refers_to_it(setup, histories):
    _, _, _, source_id, target_id = setup.merged(histories)
    with setup.app.app_context():
        assert db.session.get(Learner, source_id) is None
        assert db.session.get(Learner, target_id) is not None
        for model in (Attempt, Statement, Position):
            assert rows(model, learner_id=source_id) == 0


@PROPERTIES
@given(histories)
def test_merging_an_empty_learner_changes_nothing(setup, histories):
    _, _, after, _, target_id = setup.merged(histories)
    with setup.app.app_context():
        empty = Learner()
        db.session.add(empty)
        db.session.commit()
        empty_id = empty.id
    setup.merge(empty_id, target_id)
    with setup.app.app_context():
        assert snapshot(target_id, setup.lesson_ids) == after
        assert db.session.get(Learner, empty_id) is None


@PROPERTIES
@given(histories)
def test_merging_a_learner_into_itself_changes_nothing(setup, histories):
    _, _, after, _, target_id = setup.merged(histories)
    setup.merge(target_id, target_id)
    with setup.app.app_context():
        assert snapshot(target_id, setup.lesson_ids) == after


@PROPERTIES
@given(histories)
def test_merging_the_same_progress_again_changes_nothing(setup, histories):
    """A second browser re-sends what the first one sent (the same statement ids, the same
    positions) and signs in to the same account: nothing new is stored, nothing moves."""
    _, _, after, _, target_id = setup.merged(histories)
    with setup.app.app_context():
        again = Learner()
        db.session.add(again)
        db.session.flush()
        for event in histories.statements:
            assert not setup.send(again, event)  # every id is stored already
        for event in histories.positions:
            setup.save(again, event)
        db.session.commit()
        again_id = again.id
    setup.merge(again_id, target_id)
    with setup.app.app_context():
        assert snapshot(target_id, setup.lesson_ids) == after


@PROPERTIES
@given(histories)
@pytest.mark.filterwarnings("ignore:DELETE statement on table 'learner' expected to delete 1")
def test_merging_the_same_learner_again_changes_nothing(setup, histories):
    """Two sign-ins from one browser at once: both requests load the anonymous learner, the first
    merges it, the second then finds nothing left to move (and no learner left to delete)."""
    with setup.app.app_context():
        source_id, target_id = setup.record(histories)
    with setup.app.app_context():  # the second request
        source, target = db.session.get(Learner, source_id), db.session.get(Learner, target_id)
        setup.merge(source_id, target_id)  # the first request, done before the second goes on
        with setup.app.app_context():
            after = snapshot(target_id, setup.lesson_ids)
        merge_learners(source, target)
        db.session.commit()
    with setup.app.app_context():
        assert snapshot(target_id, setup.lesson_ids) == after
        assert db.session.get(Learner, source_id) is None
