"""Grading quality: the rubric grader against answers labelled by a careful teacher.

``python -m bench.grading`` (`make bench-grading`) grades every answer of the labelled corpus in
``tests/data/grading/`` (one YAML file per free-text activity of the shipped lessons: the range
of percent a teacher would give and pass/fail) and reports, per activity, the mean distance to
the labelled range, pass/fail agreement, quadratic weighted kappa, whether any answer that negates
or stuffs keywords passes, and the time to grade the corpus. It writes its section of
docs/benchmarks.md (between the grading markers, which ``make bench`` keeps).
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.core import activity_types
from app.core.content import load_catalog
from app.core.grading.outcome import attempt_passes
from bench.report import Section, Table

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "grading"
CONTENT = ROOT / "content"
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- grading quality -->", "<!-- /grading quality -->"
NEVER_PASS = ("negation", "stuffing", "copied", "other-language", "off-topic")
BANDS = 5  # kappa compares teacher and grader on five bands of 20 points


@dataclass(frozen=True)
class Graded:
    id: str
    kind: str
    low: int
    high: int
    label_pass: bool
    percent: int
    passed: bool

    @property
    def distance(self) -> int:
        return max(self.low - self.percent, self.percent - self.high, 0)


@dataclass(frozen=True)
class Figures:
    activity: str
    answers: list[Graded]
    seconds: float

    @property
    def mean_distance(self) -> float:
        return sum(a.distance for a in self.answers) / len(self.answers)

    @property
    def agreement(self) -> float:
        return sum(a.passed == a.label_pass for a in self.answers) / len(self.answers)

    @property
    def kappa(self) -> float:
        return quadratic_weighted_kappa(
            [_band((a.low + a.high) / 2) for a in self.answers],
            [_band(a.percent) for a in self.answers],
        )

    @property
    def bad_passes(self) -> list[Graded]:
        """Answers of kinds that must never pass, passed."""
        return [a for a in self.answers if a.kind in NEVER_PASS and a.passed and not a.label_pass]

    @property
    def disagreements(self) -> list[Graded]:
        return [a for a in self.answers if a.passed != a.label_pass or a.distance > 15]


def _band(percent: float) -> int:
    return min(int(percent // (100 / BANDS)), BANDS - 1)


def quadratic_weighted_kappa(rater_a: list[int], rater_b: list[int]) -> float:
    """Cohen's kappa with quadratic weights, for ratings 0…BANDS-1."""
    n = len(rater_a)
    if not n:
        return 0.0
    observed = [[0] * BANDS for _ in range(BANDS)]
    for a, b in zip(rater_a, rater_b, strict=True):
        observed[a][b] += 1
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(BANDS)) for j in range(BANDS)]
    numerator = denominator = 0.0
    for i in range(BANDS):
        for j in range(BANDS):
            weight = (i - j) ** 2 / (BANDS - 1) ** 2
            numerator += weight * observed[i][j]
            denominator += weight * hist_a[i] * hist_b[j] / n
    return 1.0 - numerator / denominator if denominator else 1.0


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml"))


def grade_corpus(path: Path, activities: dict) -> Figures:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    activity = activities[(data["lesson"], data["activity"])]
    kind = activity_types.get(activity.type)
    # The word list and the stemmer load once per process: warm them up before timing.
    kind.evaluate(activity.spec, {"answer": [data["answers"][0]["text"].strip()]})
    started = time.process_time()
    graded = []
    for answer in data["answers"]:
        _, grade = kind.evaluate(activity.spec, {"answer": [answer["text"].strip()]})
        held = bool(grade.details.get("held"))
        low, high = answer["range"]
        graded.append(
            Graded(
                answer["id"],
                answer["kind"],
                low,
                high,
                bool(answer["pass"]),
                grade.percent,
                bool(attempt_passes(grade.percent, None, activity.pass_mark, held=held)),
            )
        )
    return Figures(data["activity"], graded, time.process_time() - started)


def shipped_activities() -> dict:
    catalog = load_catalog(CONTENT)
    catalog.raise_if_invalid()
    return {
        (lesson_id, activity_id): activity
        for lesson_id, lesson in catalog.lessons.items()
        for activity_id, activity in lesson.activities.items()
    }


def measure(paths: list[Path] | None = None) -> list[Figures]:
    activities = shipped_activities()
    return [grade_corpus(path, activities) for path in paths or corpus_files()]


def section(results: list[Figures]) -> Section:
    table = Table(
        [
            "activity",
            "answers",
            "mean distance to range (points)",
            "pass/fail agreement",
            "quadratic weighted kappa",
            "negated/stuffed/copied that pass",
            "CPU time to grade all",
        ]
    )
    for r in results:
        table.rows.append(
            [
                r.activity,
                str(len(r.answers)),
                f"{r.mean_distance:.1f}",
                f"{100 * r.agreement:.1f}%",
                f"{r.kappa:.3f}",
                str(len(r.bad_passes)),
                f"{1000 * r.seconds:.0f} ms",
            ]
        )
    notes = []
    for r in results:
        for a in r.disagreements:
            notes.append(
                f"- {r.activity} / {a.id} ({a.kind}): graded {a.percent}%"
                f"{' pass' if a.passed else ' fail'}, labelled {a.low}–{a.high}%"
                f"{' pass' if a.label_pass else ' fail'}"
            )
    if notes:
        notes.insert(
            0, "Answers where the grader and the label disagree (or differ by 15+ points):"
        )
    return Section(
        "Grading quality",
        "Each shipped free-text activity graded against its labelled corpus "
        "(`tests/data/grading/`, each answer labelled with the percent range and pass/fail a "
        "careful teacher would give). Targets: agreement ≥ 95%, mean distance ≤ 5 points, no "
        "answer that negates, stuffs keywords or copies the model answer passes.",
        [table],
        ["\n".join(notes)] if notes else [],
    )


def write(markdown: str) -> None:
    block = f"{START}\n{markdown}\n{END}"
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block + "\n"
    )
    REPORT.write_text(text, encoding="utf-8")


def main() -> int:
    results = measure([Path(p) for p in sys.argv[1:]])
    markdown = section(results).markdown()
    write(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
