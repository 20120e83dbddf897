"""The in-memory lesson model: what a parsed lesson file is, independent of how it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core import activity_types
from app.core.content.images import ImageRef


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading inside a section, listed in the table of contents."""

    id: str
    title: str
    level: int


@dataclass(frozen=True)
class HtmlBlock:
    """Sanitised HTML, safe to insert into a page as it is."""

    html: str


@dataclass(frozen=True)
class ActivityBlock:
    """The place in a section where an activity is shown."""

    activity_id: str


@dataclass(frozen=True)
class Activity:
    """An exercise, quiz or reflection as authored; ``spec`` holds its type-specific fields."""

    id: str
    kind: str  # the block it is written in: "exercise", "quiz", "reflection"…
    type: str
    title: str
    prompt_html: str
    objectives: tuple[str, ...]
    section_id: str
    heading_level: int
    line: int
    bonus: bool = False
    mode: str = "practice"
    spec: Any = field(default=None, compare=False)  # a spec of app.core.content.specs, by type
    review: str | None = None  # the section a learner is sent back to, unless a part says
    figure: str | None = None  # the id of a figure in the lesson its feedback points to
    pass_mark: int = 70  # percent
    max_attempts: int | None = None  # None: unlimited (practice)
    # Only learners signed in to an account may answer (default: true for assessments), so the
    # limit on attempts is one per person rather than one per browser cookie.
    requires_account: bool = False
    # Who sees an assessment's answers once it is passed or out of attempts: one of
    # app.core.content.activities.REVEAL_ANSWERS.
    reveal_answers: str = "to-signed-in"
    section_refs: tuple[tuple[str, int], ...] = ()  # (section id, line) named by the activity
    objective_refs: tuple[tuple[str, int], ...] = ()  # (objective id, line) named by its parts
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def graded(self) -> bool:
        return activity_types.get(self.type).graded


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_html: str
    kind: str
    line: int
    headings: tuple[Heading, ...]
    blocks: tuple[HtmlBlock | ActivityBlock, ...]

    @property
    def optional(self) -> bool:
        return self.kind == "deep-dive"


@dataclass(frozen=True)
class InternalLink:
    """A link to an anchor of this lesson (``#id``) or to another lesson (``lesson:id``)."""

    target: str
    line: int


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    course: str
    position: int
    duration_minutes: int
    objectives: tuple[Objective, ...]
    next_lesson: str | None
    summary: str
    intro_html: str
    sections: tuple[Section, ...]
    activities: dict[str, Activity]
    links: tuple[InternalLink, ...]
    source_hash: str
    path: str
    anchors: frozenset[str] = frozenset()
    # What completing the lesson takes: sections read and activities passed (never bonus ones).
    required_sections: tuple[str, ...] = ()
    required_activities: tuple[str, ...] = ()
    meta_lines: dict[str, int] = field(default_factory=dict, compare=False)
    # The images its Markdown shows, in order.
    images: tuple[ImageRef, ...] = ()
    # Its figures (``::: figure``): id → caption as written, for feedback that points at them.
    figures: dict[str, str] = field(default_factory=dict, compare=False)
    # What is read aloud, section by section (``app.core.speech.script.SpeechSection``); filled in
    # with the sentence-marked HTML by ``app.core.speech.marking.mark_lesson``, empty until then.
    speech: tuple[Any, ...] = field(default=(), compare=False)
    # Problems that leave the lesson usable (objective coverage): ContentError warnings.
    warnings: tuple[Any, ...] = field(default=(), compare=False)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def core_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if not s.optional)


@dataclass(frozen=True)
class PlannedLesson:
    """A lesson announced in a course outline that has not been written yet."""

    id: str
    title: str
    position: int
    duration_minutes: int | None = None


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    summary: str
    position: int
    planned: tuple[PlannedLesson, ...]
    path: str
