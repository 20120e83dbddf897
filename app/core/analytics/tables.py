"""The analytics as named tables (a header and rows), and as CSV safe to open in a spreadsheet.

Every table on the analytics page can be downloaded. Cells that a spreadsheet would run as a
formula get a leading apostrophe, so a learner's answer such as ``=HYPERLINK(…)`` stays text.
A formula is recognised the way a spreadsheet might see one, not only by its first character:
=, +, - or @ after any leading whitespace or invisible characters (spaces, no-break spaces,
newlines, zero-width spaces, byte order marks), and their look-alikes that Unicode folds into
them (full-width ＝ ＋ － ＠, small-form variants) or that read as one (the minus sign −). Text
starting with a tab or a carriage return is guarded whatever follows.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from app.core.analytics.figures import LessonFigures
from app.core.analytics.rows import learner_label
from app.core.analytics.scores import BUCKETS

Cell = str | int | float | None
FORMULA_CHARACTERS = frozenset("=+-@\u2212")  # \u2212: the minus sign
ALWAYS_GUARDED = ("\t", "\r")
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})  # controls, format, spaces


@dataclass(frozen=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: Iterable[tuple[Cell, ...]]  # a tuple, or a generator read once (a streamed table)


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def _overview(f: LessonFigures) -> Table:
    o = f.overview
    rows = (
        ("learners started", o.started),
        ("learners completed", o.completed),
        ("completion percent", o.completion_percent),
        ("median active seconds", o.median_active_seconds),
        ("learners with active time", o.timed_learners),
        ("median seconds to complete", o.median_seconds_to_complete),
        ("completers timed", o.completers_timed),
    )
    return Table("overview", ("measure", "value"), rows)


def _sections(f: LessonFigures) -> Table:
    rows = tuple((i, s.section_id, s.title, s.learners) for i, s in enumerate(f.funnel, start=1))
    return Table("sections", ("position", "section", "title", "learners read"), rows)


def _activities(f: LessonFigures) -> Table:
    header = (
        "activity",
        "title",
        "type",
        "required",
        "pass mark",
        "learners",
        "attempts",
        "attempts per learner",
        "most attempts by one learner",
        "learners passed",
        "median best percent",
    ) + tuple(f"best {label.replace('–', '-')}" for label, _, _ in BUCKETS)
    rows = tuple(
        (
            a.activity_id,
            a.title,
            a.type,
            "yes" if a.required else "no",
            a.pass_mark if a.graded else None,
            a.learners,
            a.attempts,
            a.attempts_per_learner,
            a.most_attempts,
            a.passed if a.graded else None,
            a.median_best,
        )
        + (a.buckets if a.graded else (None,) * len(BUCKETS))
        for a in f.activities
    )
    return Table("activities", header, rows)


def _attempts(f: LessonFigures) -> Table:
    header = ("learner", "activity", "attempts", "best percent", "passed", "reviewed")
    rows = (
        (
            learner_label(r.learner_id),
            r.activity_id,
            r.attempts,
            r.best_percent,
            "yes" if r.passed else "no",
            "yes" if r.reviewed else "no",
        )
        for r in f.per_learner
    )
    return Table("attempts", header, rows)


def _questions(f: LessonFigures) -> Table:
    header = (
        "quiz",
        "question",
        "prompt",
        "type",
        "learners",
        "right",
        "partly right",
        "wrong",
        "not answered",
        "percent right",
    )
    rows = tuple(
        (
            q.quiz_id,
            q.question_id,
            q.prompt,
            q.type,
            q.answered,
            q.right,
            q.partly,
            q.wrong,
            q.missing,
            q.percent_right,
        )
        for q in f.questions
    )
    return Table("questions", header, rows)


def _wrong_answers(f: LessonFigures) -> Table:
    header = ("quiz", "question", "answer", "learners", "variants", "variant spellings")
    rows = tuple(
        (q.quiz_id, q.question_id, w.text, w.learners, len(w.variants), "; ".join(w.variants))
        for q in f.questions
        for w in q.wrong_answers
    )
    return Table("wrong-answers", header, rows)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _criteria(f: LessonFigures) -> Table:
    """Each free-text activity's criteria over each learner's latest answer; a deduction's row
    says how many answers it applied to instead of met, partly met and missed."""
    header = (
        "activity",
        "criterion",
        "label",
        "weight",
        "latest answers judged",
        "met",
        "partly met",
        "missed",
        "percent met",
        "deduction applied",
        "percent applied",
    )
    rows = tuple(
        (w.activity_id, c.criterion_id, c.label, _number(c.weight), c.judged)
        + (
            (None, None, None, None, c.applied, c.percent_applied)
            if c.deduction
            else (c.met, c.partly, c.missed, c.percent_met, None, None)
        )
        for w in f.criteria
        for c in w.criteria
    )
    return Table("criteria", header, rows)


def _reviews(f: LessonFigures) -> Table:
    header = (
        "attempt",
        "learner",
        "activity",
        "submitted at",
        "attempts",
        "answer",
        "automatic percent",
        "reviewed percent",
        "comment",
        "reviewed at",
        "flag reason",
    )
    rows = (
        (
            r.attempt.id,
            learner_label(r.attempt.learner_id),
            r.attempt.activity_id,
            _when(r.attempt.created_at),
            r.attempts,
            r.attempt.answer_text,
            r.attempt.percent,
            r.attempt.override_percent,
            r.attempt.override_comment,
            _when(r.attempt.reviewed_at),
            r.attempt.flag_reason,
        )
        for r in f.reviews
    )
    return Table("reviews", header, rows)


BUILDERS: dict[str, Callable[[LessonFigures], Table]] = {
    "overview": _overview,
    "sections": _sections,
    "activities": _activities,
    "attempts": _attempts,
    "questions": _questions,
    "wrong-answers": _wrong_answers,
    "criteria": _criteria,
    "reviews": _reviews,
}
TABLES = tuple(BUILDERS)


def named_table(figures: LessonFigures, name: str) -> Table | None:
    builder = BUILDERS.get(name)
    return builder(figures) if builder else None


def _is_invisible(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in INVISIBLE_CATEGORIES


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula: its first visible character is
    =, +, - or @ or folds into one (NFKC), or the text starts with a tab or carriage return."""
    if text.startswith(ALWAYS_GUARDED):
        return True
    for character in text:
        if _is_invisible(character):
            continue
        folded = unicodedata.normalize("NFKC", character)
        return folded[:1] in FORMULA_CHARACTERS
    return False


def safe_cell(value: Cell) -> Cell:
    """Text a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and starts_a_formula(value):
        return "'" + value
    return value


def csv_chunks(data: Table, rows_per_chunk: int = 500) -> Iterator[str]:
    """The table as CSV, the header first, then the first row alone, then a few hundred rows at
    a time: a response can send the first rows while later ones are still being read (the
    first row at once: a long table's rows may each take a grade to decode)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in data.header])
    # The header at once: the response starts while the first rows are still being read.
    yield out.getvalue()
    out.seek(0)
    out.truncate()
    for n, row in enumerate(data.rows, start=1):
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
        if n == 1 or n % rows_per_chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def to_csv(data: Table) -> str:
    return "".join(csv_chunks(data))
