"""The throttle's counters in the database: fixed windows, atomic increments, and the ``limits``
storage (``database://``) built on them. On SQLite, and on PostgreSQL with --database=postgresql.
"""

from __future__ import annotations

import threading
import time

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from app import create_app
from app.learning import counters
from app.learning.db import db
from app.learning.models.counters import RateCounter
from app.web.security.counters import FORGET_ENDED_EVERY, DatabaseStorage, stored_key

NOW = 1_800_000_000.0


def test_a_count_grows_in_its_window_and_starts_again_after_it(app):
    with app.app_context():
        assert [counters.increment("k", 1, 60, NOW + s) for s in (0, 10, 59)] == [1, 2, 3]
        assert counters.count("k", NOW + 59) == 3
        assert counters.window_end("k", NOW + 59) == NOW + 60  # the first count's window
        assert counters.count("k", NOW + 60) == 0
        assert counters.window_end("k", NOW + 60) is None
        assert counters.increment("k", 2, 60, NOW + 61) == 2
        assert counters.window_end("k", NOW + 61) == NOW + 121


def test_keys_are_counted_apart_and_cleared_apart(app):
    with app.app_context():
        counters.increment("a", 1, 60, NOW)
        counters.increment("b", 5, 60, NOW)
        counters.clear("a")
        assert (counters.count("a", NOW), counters.count("b", NOW)) == (0, 5)
        assert counters.clear_all() == 1
        assert counters.count("b", NOW) == 0


def test_ended_counts_are_deleted(app):
    with app.app_context():
        counters.increment("short", 1, 1, NOW)
        counters.increment("long", 1, 3600, NOW)
        assert counters.forget_ended(NOW + 2) == 1
        assert db.session.scalars(db.select(RateCounter.key)).all() == ["long"]


def test_concurrent_increments_lose_none_and_never_give_two_callers_one_count(app):
    """Each increment is one upsert in its own transaction, on a connection of its own."""
    threads, each = 6, 20
    seen: list[int] = []
    lock = threading.Lock()

    def count_up():
        with app.app_context():
            for _ in range(each):
                value = counters.increment("shared", 1, 60, time.time())
                with lock:
                    seen.append(value)

    workers = [threading.Thread(target=count_up) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(seen) == list(range(1, threads * each + 1))


def test_the_storage_enforces_a_fixed_window_limit_as_the_limits_library_expects(app):
    storage = storage_from_string("database://")
    assert isinstance(storage, DatabaseStorage)
    limiter = FixedWindowRateLimiter(storage)
    three = parse("3 per minute")
    with app.app_context():
        assert storage.check()
        assert [limiter.hit(three, "10.0.0.1") for _ in range(4)] == [True, True, True, False]
        assert limiter.hit(three, "10.0.0.2")  # another key
        stats = limiter.get_window_stats(three, "10.0.0.1")
        assert stats.remaining == 0
        assert 0 < stats.reset_time - time.time() <= 60
        limiter.clear(three, "10.0.0.1")
        assert limiter.test(three, "10.0.0.1")
        assert storage.reset() == 1  # the other key's count


def test_the_storage_keeps_no_address_in_the_clear(app):
    storage = DatabaseStorage("database://")
    with app.app_context():
        storage.incr("LIMITER/learnwell/203.0.113.9/auth.signin/10/1/minute", 60)
        (key,) = db.session.scalars(db.select(RateCounter.key)).all()
    assert key == stored_key("LIMITER/learnwell/203.0.113.9/auth.signin/10/1/minute")
    assert len(key) == 64 and "203.0.113.9" not in key


def test_the_storage_deletes_ended_counts_at_most_once_a_minute(app):
    storage = DatabaseStorage("database://")
    with app.app_context():
        counters.increment("ended", 1, 1, time.time() - 10)
        storage.incr("first", 60)  # a process's first count deletes what has ended
        assert db.session.scalars(db.select(RateCounter.key)).all() == [stored_key("first")]
        db.session.rollback()
        counters.increment("ended", 1, 1, time.time() - 10)
        storage.incr("second", 60)  # less than FORGET_ENDED_EVERY later: left for next time
        assert db.session.scalar(db.select(db.func.count()).select_from(RateCounter)) == 3
    assert FORGET_ENDED_EVERY == 60


def test_the_storage_reports_a_database_without_its_table_as_unavailable(tmp_path):
    """Flask-Limiter then counts in each process (and says so in the log) until it is back."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}",
        }
    )
    with app.app_context():
        assert DatabaseStorage("database://").check() is False
        db.engine.dispose()
    app.extensions["speech"].close()


def test_the_moving_window_strategy_is_refused_with_this_storage():
    """It needs every attempt's time, which the counters don't keep: refused at start-up."""
    with pytest.raises(NotImplementedError):
        MovingWindowRateLimiter(DatabaseStorage("database://"))
