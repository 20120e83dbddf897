"""Each test's database starts with every table and no rows, whatever the test before it did.

The tables are built once per test process (tests/databases.py). The tests here come in pairs
that run one after the other in the same process (`--dist loadfile` keeps a module together, in
order); whichever runs second fails if rows, used sequence numbers or a dropped table leaked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from app.learning.db import db
from app.learning.models import Course, Learner

ORDER = ["first", "second"]


def row_counts() -> dict[str, int]:
    return {
        name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for name, table in db.metadata.tables.items()
    }


@pytest.mark.parametrize("turn", ORDER)
def test_every_table_starts_empty_and_numbering_starts_at_one(app, turn):
    with app.app_context():
        assert set(row_counts().values()) == {0}
        course = Course(slug="the-same-slug", title="Unique in its table")
        db.session.add(course)
        db.session.commit()
        assert course.id == 1
        learner = Learner()  # number 1, rolled back: on PostgreSQL the sequence has moved on
        db.session.add(learner)
        db.session.flush()
        assert learner.id == 1
        db.session.rollback()
        db.session.remove()


@pytest.mark.parametrize("turn", ORDER)
def test_a_test_that_drops_every_table_leaves_them_all_to_the_next(app, turn):
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) >= set(db.metadata.tables)
        assert set(row_counts().values()) == {0}
        db.session.add(Course(slug="c", title="C"))
        db.session.commit()
        db.session.remove()
        db.drop_all()
        assert not set(inspect(db.engine).get_table_names()) & set(db.metadata.tables)
        db.engine.dispose()


@pytest.mark.parametrize("turn", ORDER)
def test_a_database_without_tables_is_there_for_migrations(app, empty_database_url, turn):
    from sqlalchemy import create_engine

    engine = create_engine(empty_database_url)
    try:
        assert inspect(engine).get_table_names() == []
        db.metadata.create_all(engine)
    finally:
        engine.dispose()
    with app.app_context():
        assert set(row_counts().values()) == {0}
