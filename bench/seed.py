"""A database full of learners: ``python -m bench.seed --learners 10000 [--database URL]``.

Fills a database (a SQLite file by default, or any SQLAlchemy URL such as PostgreSQL) with the
shipped lesson and N synthetic learners, as real use would leave them: each read some sections
in lesson order, spent time on the page (``progressed``), answered 1–6 times (an ``answered``
statement each) and, when the lesson's rules are met, completed it — 5–30 statements in all.
Answers are right, partly right or wrong; each is graded once per activity by the real grader,
and the stored feedback dicts are reused, so analytics read what grading produces (flags on
borderline written answers included). Rows go in with bulk inserts of SQLAlchemy core, a few
thousand learners per transaction: 10,000 learners take well under a minute on SQLite.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, insert, text

from app import create_app
from app.core import activity_types
from app.core.content import load_catalog
from app.core.content.model import Activity
from app.core.content.model import Lesson as LessonContent
from app.core.grading.flags import flag_borderline
from app.core.grading.outcome import attempt_passes
from app.core.rules import xapi
from app.core.rules.completion import lesson_progress
from app.learning import review_entries, summaries
from app.learning.db import db
from app.learning.grade_store import packed_columns
from app.learning.importer import import_catalog
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner, Statement
from bench.web import CONTENT, LESSON
from tests import activity_answers

GRADING = Path(__file__).resolve().parent.parent / "tests" / "data" / "grading"
# How the collected written answers' kinds count here; the rest (vague, off-topic…) are weak.
LIKE = {"strong": "strong", "british": "strong", "synonyms": "strong", "typos": "strong"}
LIKE |= {"partial": "partial", "borderline": "partial", "negation": "partial"}
BATCH = 2000  # learners per transaction
START = datetime(2026, 9, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Graded:
    """One answer to an activity, graded once, stored as often as learners give it."""

    response: dict[str, list[str]]
    score: float | None
    max_score: float | None
    percent: int | None
    passed: bool | None
    feedback: dict[str, Any]  # the feedback columns, packed as record_attempt packs them


def grade(activity: Activity, form: dict[str, list[str]]) -> Graded:
    """What ``record_attempt`` would store for this answer."""
    activity_type = activity_types.get(activity.type)
    fields = activity_type.answers(form)
    _, result = activity_type.evaluate(activity.spec, fields)
    percent = result.percent if result else None
    band = getattr(activity.spec, "review_band", 0)
    if result and band:
        flag_borderline(result.details, percent, activity.pass_mark, band)
    held = bool(result and result.details.get("held"))
    return Graded(
        response=fields,
        score=result.score if result else None,
        max_score=result.max_score if result else None,
        percent=percent,
        passed=attempt_passes(percent, None, activity.pass_mark, held=held),
        feedback=packed_columns(activity, result.to_dict() if result else None),
    )


def graded_answers(lesson: LessonContent) -> dict[str, list[list[Graded]]]:
    """Wrong, partly right and right answers to every activity, graded once each: for written
    exercises, the real answers collected for the grading tests (weak, partial, strong);
    for the rest, answers built from the activity's key."""
    answers = {}
    for activity in lesson.activities.values():
        written = GRADING / f"{activity.id}.yaml"
        if written.exists():
            kinds: dict[str, list[Graded]] = {"weak": [], "partial": [], "strong": []}
            for item in yaml.safe_load(written.read_text(encoding="utf-8"))["answers"]:
                graded = grade(activity, {"answer": [item["text"]]})
                kinds[LIKE.get(item["kind"], "weak")].append(graded)
            answers[activity.id] = [kinds["weak"], kinds["partial"], kinds["strong"]]
            continue
        forms = [
            activity_answers.wrong(activity),
            activity_answers.partly(activity),
            activity_answers.right(activity),
        ]
        answers[activity.id] = [[grade(activity, form)] for form in forms]
    return answers


class Seeder:
    def __init__(self, lesson: LessonContent, lesson_id: int, revision_id: int, seed: int):
        self.lesson = lesson
        self.lesson_id = lesson_id
        self.revision_id = revision_id
        self.random = random.Random(seed)
        self.answers = graded_answers(lesson)
        self.sections = [s.id for s in lesson.sections]
        self.activities = list(lesson.activities)
        self.required = list(lesson.required_activities)

    def learner(self, learner_id: int, statements: list[dict], attempts: list[dict]) -> None:
        """One learner's history, appended to the rows to insert."""
        rnd = self.random
        at = START + timedelta(seconds=rnd.randrange(60 * 86400))

        def later() -> datetime:
            nonlocal at
            at += timedelta(seconds=rnd.randrange(20, 600))
            return at

        def statement(verb: str, object_type: str, object_id: str, result: dict | None) -> None:
            statements.append(
                {
                    "statement_id": str(uuid.uuid4()),
                    "learner_id": learner_id,
                    "lesson_id": self.lesson_id,
                    "verb": verb,
                    "object_type": object_type,
                    "object_id": object_id,
                    "result": result,
                    "timestamp": later(),
                    "stored": at,
                }
            )

        # A third of learners work through the whole lesson; the rest stop somewhere.
        diligent = rnd.random() < 1 / 3
        total = rnd.randint(22, 30) if diligent else rnd.randint(5, 30)
        n_attempts = rnd.randint(4, 6) if diligent else min(rnd.randint(1, 6), total - 2)
        skill = rnd.random() ** (0.3 if diligent else 1)  # how often their answers are right
        last = len(self.sections) if diligent else rnd.randint(1, len(self.sections))
        read = self.sections[: min(last, total - n_attempts - 1)]
        todo = list(self.required) if diligent else []
        for section in read:
            statement(xapi.EXPERIENCED, xapi.SECTION, section, None)
        passed: set[str] = set()
        numbers: dict[str, int] = {}
        for _ in range(n_attempts):
            activity_id = todo.pop(0) if todo else rnd.choice(self.activities)
            roll = rnd.random()
            kind = 2 if roll < skill else (1 if roll < (1 + skill) / 2 else 0)
            answer = rnd.choice(self.answers[activity_id][kind])
            numbers[activity_id] = numbers.get(activity_id, 0) + 1
            attempts.append(
                {
                    "learner_id": learner_id,
                    "lesson_id": self.lesson_id,
                    "revision_id": self.revision_id,
                    "activity_id": activity_id,
                    "activity_type": self.lesson.activities[activity_id].type,
                    "attempt_number": numbers[activity_id],
                    "response": answer.response,
                    "score": answer.score,
                    "max_score": answer.max_score,
                    "percent": answer.percent,
                    "passed": answer.passed,
                    **answer.feedback,
                    "created_at": later(),
                }
            )
            if answer.passed:
                passed.add(activity_id)
            result = (
                {"response": "saved"}
                if answer.score is None
                else {
                    "score": answer.score,
                    "max": answer.max_score,
                    "success": bool(answer.passed),
                }
            )
            statement(xapi.ANSWERED, xapi.ACTIVITY, activity_id, result)
        complete = lesson_progress(self.lesson, set(read), passed).complete
        if complete:
            statement(xapi.COMPLETED, xapi.LESSON, LESSON, {"completion": True})
        for _ in range(total - len(read) - n_attempts - complete):
            statement(xapi.PROGRESSED, xapi.LESSON, LESSON, {"seconds": rnd.randint(5, 300)})


def seed(database: str, learners: int, seed_value: int = 18, out=sys.stdout) -> None:
    folder = Path(tempfile.mkdtemp(prefix="learnwell-seed-"))
    app = create_app(
        {
            "SECRET_KEY": "seed",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": None,
            "AUDIO_ON_PUBLISH": False,
        }
    )
    with app.app_context():
        db.create_all()
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=LESSON))
        if lesson is None:
            import_catalog(load_catalog(CONTENT))
            db.session.commit()
            lesson = db.session.scalar(db.select(Lesson).filter_by(slug=LESSON))
        revision_id = db.session.scalar(
            db.select(func.max(LessonRevision.id)).filter_by(lesson_id=lesson.id)
        )
        content = load_catalog(CONTENT).lessons[LESSON]
        seeder = Seeder(content, lesson.id, revision_id, seed_value)
        first = (db.session.scalar(db.select(func.max(Learner.id))) or 0) + 1
        started = time.perf_counter()
        for start in range(first, first + learners, BATCH):
            ids = range(start, min(start + BATCH, first + learners))
            statements: list[dict] = []
            attempts: list[dict] = []
            rows = []
            for learner_id in ids:
                rows.append({"id": learner_id, "public_id": uuid.uuid4().hex, "created_at": START})
                seeder.learner(learner_id, statements, attempts)
            db.session.execute(insert(Learner), rows)
            db.session.execute(insert(Statement), statements)
            db.session.execute(insert(Attempt), attempts)
            db.session.commit()
            print(f"{ids[-1] - first + 1} learners", file=out, flush=True)
        summaries.rebuild(lesson_id=lesson.id)  # the bulk inserts bypass the use cases
        review_entries.rebuild(lesson_id=lesson.id)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # The statistics autovacuum would gather in time: without them the planner takes
            # the seeded tables for a few rows (it estimated 11 attempts of 40,000).
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        seconds = time.perf_counter() - started
        print(f"Seeded {learners} learners in {seconds:.1f} s into {database}", file=out)
        db.session.remove()
        db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--database", default="sqlite:///learnwell-learners.db")
    parser.add_argument("--seed", type=int, default=18, help="of the random history")
    args = parser.parse_args(argv)
    seed(args.database, args.learners, args.seed)


if __name__ == "__main__":
    main()
