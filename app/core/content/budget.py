"""A time budget for checking one lesson, so no source can keep a process busy for long.

Checking a lesson is linear in its size, but some Markdown costs far more per character than
prose does (480,000 characters of ``![`` take markdown-it 7 s), and the editor's live preview
checks whatever an instructor's browser sends, every few keystrokes. A :class:`Budget` is the
processor time one check may use; the parser, the YAML loader and the Markdown rules call
:func:`checkpoint` as they go, which raises :class:`OverBudget` once the time is spent. The
parser turns that into an ordinary :class:`~app.core.content.errors.ContentError`.

The budget in force is held in a context variable: each thread checks its own lesson, and code
that runs without a budget (``flask content check``, the pages' lesson cache) pays one lookup
per checkpoint.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CURRENT: ContextVar[Budget | None] = ContextVar("content_budget", default=None)
CHECK_EVERY = 64  # checkpoints between two readings of the clock (a reading costs a system call)


class OverBudget(Exception):
    """Checking used up its time; the work done so far is abandoned."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"checking took more than {seconds:g} s")
        self.seconds = seconds


class Budget:
    """``seconds`` of processor time (this thread's, so a busy machine doesn't count against
    it), from when the budget is applied."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.thread_time) -> None:
        self.seconds = seconds
        self.clock = clock
        self.deadline = float("inf")
        self._calls = 0

    @contextmanager
    def applied(self) -> Iterator[Budget]:
        """Make this the budget :func:`checkpoint` checks until the block ends; the clock starts
        the first time (a budget applied again inside its own block keeps its deadline)."""
        if self.deadline == float("inf"):
            self.deadline = self.clock() + self.seconds
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)

    def check(self) -> None:
        self._calls += 1
        if self._calls % CHECK_EVERY == 0:
            self.check_now()

    def check_now(self) -> None:
        if self.clock() > self.deadline:
            raise OverBudget(self.seconds)


def checkpoint() -> None:
    """Raise :class:`OverBudget` when the budget in force is spent (no budget: never)."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.check()
