"""``database://``: a rate-limit storage that keeps the throttle's counters in the app's database.

This is the default storage when no Redis is configured (see :mod:`app.config`). Memory counters
are per process, so each gunicorn worker allowed the whole limit again; the database is shared by
every worker and every instance of the site, so the limit holds however many there are. The
counting itself is :mod:`app.learning.counters` (one atomic upsert per count); this module adapts
it to the ``limits`` library, which finds storages by the scheme of ``RATELIMIT_STORAGE_URI``.
Importing the module registers the scheme.

It implements what the fixed-window strategy needs (Flask-Limiter's default, which this app
uses). The moving window would need the time of every attempt, which these counters don't keep:
Flask-Limiter refuses to start with that strategy and this storage.

The database is the current app's, looked up on every call: the storage is built once, when the
limiter is bound, before gunicorn forks its workers, and each worker then uses its own
connections. Calls therefore need an app context, which every request has.
"""

from __future__ import annotations

import hashlib
import time

from limits.storage import Storage
from sqlalchemy.exc import SQLAlchemyError

from app.learning import counters

SCHEME = "database"
# Counts whose window has ended are deleted at most this often by each process.
FORGET_ENDED_EVERY = 60.0


def stored_key(key: str) -> str:
    """The counter's row key: the SHA-256 of the limiter's key (which holds the client's address
    and the endpoint), so the row has a fixed width and keeps no address in the clear."""
    return hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """The throttle's counters in the app's own database (``RATELIMIT_STORAGE_URI=database://``)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, **options: float | str | bool
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._forgot_ended_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        if now - self._forgot_ended_at >= FORGET_ENDED_EVERY:
            self._forgot_ended_at = now
            counters.forget_ended(now)
        return counters.increment(stored_key(key), amount, expiry, now)

    def get(self, key: str) -> int:
        return counters.count(stored_key(key), time.time())

    def get_expiry(self, key: str) -> float:
        """When the key's window ends; now when it has none (what the memory storage answers)."""
        now = time.time()
        end = counters.window_end(stored_key(key), now)
        return now if end is None else end

    def check(self) -> bool:
        """Whether the counters can be used: Flask-Limiter asks before it stops falling back to
        per-process counting after an error."""
        try:
            return counters.available()
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        return counters.clear_all()

    def clear(self, key: str) -> None:
        counters.clear(stored_key(key))
