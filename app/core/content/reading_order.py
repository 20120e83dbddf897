"""The order learners meet a lesson's sections in: the required path first, then optional work.

Authors write a deep dive wherever it fits the story, often before the exercises and the
knowledge check; learners who must finish the lesson should not have to scroll past bonus work to
reach what counts. The page, its table of contents, focus mode and the audio all follow this one
order, so what is read aloud is what is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Section(Protocol):
    id: str

    @property
    def optional(self) -> bool: ...


S = TypeVar("S", bound=_Section)


def reading_order(sections: Sequence[S], required: Sequence[str]) -> list[S]:
    """Optional sections move to just after the last required section (or after the last core
    section when none is required), keeping their relative order; core sections never move.

    Core sections that follow the required path (next steps, resources) stay after the deep dive,
    where they close the lesson.
    """
    core = [s for s in sections if not s.optional]
    optional = [s for s in sections if s.optional]
    if not optional:
        return list(sections)
    wanted = set(required)
    last = max((i for i, s in enumerate(core) if s.id in wanted), default=len(core) - 1)
    return core[: last + 1] + optional + core[last + 1 :]
