"""Questions from a GIFT or Aiken file into a lesson's Markdown: a new quiz block, or more
questions in an existing one. Nothing changes unless every question can be imported and the
lesson still reads as before; every problem comes back at once, as ``file:line``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from app.core.content.budget import Budget
from app.core.content.errors import ContentError, ContentErrors, Problems
from app.core.content.parser import parse_lesson
from app.core.interchange.aiken import parse_aiken
from app.core.interchange.blocks import (
    BlockProblem,
    add_questions,
    add_quiz,
    dump,
    quiz_block,
    quiz_blocks,
)
from app.core.interchange.gift import parse_gift
from app.core.interchange.model import FileQuestion
from app.core.interchange.to_quiz import slug, to_questions

_AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*:", re.MULTILINE)
DEFAULT_ID = "imported-quiz"
_ID = re.compile(r"(?:\{#|^id:\s*)([a-z0-9-]+)", re.MULTILINE)


def read_questions(text: str, path: str) -> tuple[list[FileQuestion], Problems]:
    """The file's questions: Aiken when it has ``ANSWER:`` lines and no braces, else GIFT."""
    if _AIKEN_ANSWER.search(text) and "{" not in text:
        return parse_aiken(text, path)
    return parse_gift(text, path)


@dataclass
class Imported:
    source: str  # the lesson's Markdown with the questions in it
    activity_id: str
    added: str  # the YAML added, to show before writing
    count: int
    created: bool  # a new quiz block, not questions added to one
    warnings: list[ContentError] = field(default_factory=list)


def import_questions(
    text: str,
    path: str,
    lesson_source: str,
    lesson_path: str,
    activity_id: str | None = None,
    budget: Budget | None = None,
) -> Imported:
    """Raises :class:`ContentErrors` listing every problem of the file (or of the lesson after
    the edit) when anything can't be imported. ``budget`` bounds each check of the lesson."""
    questions, problems = read_questions(text, path)
    existing = {b.id: b for b in quiz_blocks(lesson_source)}
    target = existing.get(activity_id) if activity_id else None
    taken = set()
    if target is not None:
        taken = {q.get("id") for q in target.data.get("questions") or [] if isinstance(q, dict)}
    converted = to_questions(questions, problems, taken)
    if not questions and not problems.errors:
        problems.add(1, "the file holds no questions")
    if problems.errors:
        raise ContentErrors(problems.errors)
    try:
        if target is not None:
            source = add_questions(lesson_source, target, converted)
            added, new_id = dump(converted), target.id
        else:
            new_id = activity_id or _free_id(PurePath(path).stem, _ids(lesson_source))
            added = quiz_block(new_id, converted)
            source = add_quiz(lesson_source, added)
    except BlockProblem as problem:
        raise ContentErrors([ContentError(lesson_path, 1, str(problem))]) from None
    known = {e.message for e in _errors(lesson_source, lesson_path, budget)}
    new_errors = [e for e in _errors(source, lesson_path, budget) if e.message not in known]
    if new_errors:
        raise ContentErrors(new_errors)
    return Imported(source, new_id, added, len(converted), target is None, problems.warnings)


def _errors(source: str, path: str, budget: Budget | None) -> list[ContentError]:
    try:
        parse_lesson(source, path, budget)
    except ContentErrors as errors:
        return errors.errors
    return []


def _ids(source: str) -> set[str]:
    """Ids the lesson uses (sections, headings, activities), read loosely: a draft may not parse."""
    return set(_ID.findall(source))


def _free_id(stem: str, taken: set[str]) -> str:
    base = slug(stem) or DEFAULT_ID
    if not base[0].isalpha():
        base = DEFAULT_ID
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
