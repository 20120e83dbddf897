"""Feedback as learners read it on the shipped lesson, kept in golden files.

For every activity and every kind of answer (right, partly right, wrong) a file under
``tests/data/feedback/`` holds the result area the app returns for a submission and, for types
that mark each answer where it is (steps, cells, cards, questions), every mark the lesson page
shows on the activity's fields. Rendering goes through the app — grading, the stored attempt, the templates — so
any change to what learners read shows up as a difference from the file.

``UPDATE_FEEDBACK_GOLDENS=1`` makes the tests rewrite the files from the current code (review the
diff before committing). The attempts stored with each file's answer are kept once, when missing,
and never rewritten: they are a record of what earlier versions stored, which must still read the
same. They read as the golden file says until an activity's feedback is deliberately changed
(process maps were rescored, the written-answer rubric now quotes the learner's words); from then
on a stored attempt still reads as it did, which the update records next to it
(``stored/<activity>.<kind>.html``), while new attempts read as the golden file now says.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from app.core import activity_types
from app.core.content.model import Activity
from app.core.grading.outcome import attempt_passes, is_held
from app.core.grading.result import Grade
from tests import activity_answers

GOLDEN_DIR = Path(__file__).resolve().parent / "data" / "feedback"
STORED_DIR = GOLDEN_DIR / "stored"
KINDS = ("right", "partly", "wrong")
UPDATE = os.environ.get("UPDATE_FEEDBACK_GOLDENS") == "1"

_CSRF = re.compile(r'(name="csrf_token" value=")[^"]*"')
_MARK = re.compile(r'<(div|li) class="mark [^"]*" data-mark="[^"]*">.*?</\1>', re.DOTALL)


def golden_path(activity_id: str, kind: str) -> Path:
    return GOLDEN_DIR / f"{activity_id}.{kind}.html"


def stored_path(activity_id: str, kind: str) -> Path:
    return STORED_DIR / f"{activity_id}.{kind}.json"


def submit(client, lesson_slug: str, activity: Activity, kind: str) -> str:
    """Send the ``kind`` answer as the page's script does; the result area the app returns."""
    fields = getattr(activity_answers, kind)(activity)
    response = client.post(
        f"/lessons/{lesson_slug}/activities/{activity.id}",
        data={"revision": "1", **fields},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json["html"]


def _section(page: str, activity_id: str) -> tuple[int, int]:
    start = page.index(f'data-activity="{activity_id}"')
    return start, page.index("</section>", start)


def result_area(page: str, activity_id: str) -> str:
    """One activity's result area as a lesson page shows it (the same markup scripts receive)."""
    opening = f'id="page-{activity_id}-result" data-result aria-live="polite">'
    start = page.index(opening) + len(opening)
    return page[start : _section(page, activity_id)[1]].removesuffix("\n  </div>\n")


def marks_in_place(page: str, activity_id: str) -> str:
    """Each mark on the activity's fields (before its result area), in the page's order."""
    start = _section(page, activity_id)[0]
    end = page.index(f'id="page-{activity_id}-result"', start)
    return "\n".join(m.group(0) for m in _MARK.finditer(page, start, end))


# The same characters, escaped two ways: Python's html.escape (which graders used while they
# built HTML) writes &#x27; and &quot;, Jinja's autoescaping writes &#39; and &#34;.
_SAME_CHARACTER = {"&#x27;": "&#39;", "&quot;": "&#34;"}


def normalised(html: str) -> str:
    """The markup with its CSRF tokens blanked (they carry a timestamp, so differ between
    renders) and quotes escaped one way."""
    for spelling, canonical in _SAME_CHARACTER.items():
        html = html.replace(spelling, canonical)
    return _CSRF.sub(r'\1…"', html)


def rendered(result_html: str, page: str, activity: Activity) -> str:
    """What a golden file holds: the result area and the marks on the answers."""
    parts = [result_html]
    if activity_types.get(activity.type).marks_in_place:
        parts.append(marks_in_place(page, activity.id))
    return normalised("\n".join(parts)) + "\n"


def check_golden(activity_id: str, kind: str, text: str) -> None:
    """Compare with the golden file, or (when updating) write it."""
    path = golden_path(activity_id, kind)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} is missing: run with UPDATE_FEEDBACK_GOLDENS=1"
    golden = normalised(path.read_text(encoding="utf-8"))
    assert text == golden, f"feedback differs from {path.name}"


def keep_stored(activity_id: str, kind: str, feedback: dict[str, Any] | None) -> None:
    """Record the attempt's stored feedback once, when updating and no record exists yet."""
    path = stored_path(activity_id, kind)
    if UPDATE and feedback is not None and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(feedback, indent=1, ensure_ascii=False, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")


def stored_columns(activity: Activity, feedback: dict[str, Any]) -> dict[str, Any]:
    """The columns of an attempt as an earlier version stored it with ``feedback``: its score,
    percent and pass, not those of today's grade of the same answer."""
    grade = Grade.from_dict(feedback)
    percent = grade.percent
    return {
        "feedback": feedback,  # whole, as versions before packed grades kept it
        "packed_feedback": None,
        "feedback_dictionary_id": None,
        "score": grade.score,
        "max_score": grade.max_score,
        "percent": percent,
        "passed": attempt_passes(percent, None, activity.pass_mark, held=is_held(feedback)),
    }


def stored_golden_path(activity_id: str, kind: str) -> Path:
    return STORED_DIR / f"{activity_id}.{kind}.html"


def check_stored_golden(activity_id: str, kind: str, text: str, today: str) -> None:
    """Compare an old attempt's reading with its own file, if it has one, else with the golden
    file of new attempts. When updating, the file of its own is written only when it reads
    differently from a new attempt (``today``), and removed when it no longer does."""
    own = stored_golden_path(activity_id, kind)
    if UPDATE:
        if text == today:
            own.unlink(missing_ok=True)
        else:
            own.write_text(text, encoding="utf-8")
        return
    path = own if own.exists() else golden_path(activity_id, kind)
    golden = normalised(path.read_text(encoding="utf-8"))
    assert text == golden, f"feedback differs from {path.relative_to(GOLDEN_DIR)}"


def stored_cases() -> list[tuple[str, str]]:
    """(activity id, kind) of every stored attempt on record."""
    return sorted(tuple(p.name.split(".")[:2]) for p in STORED_DIR.glob("*.json"))


def stored_feedback(activity_id: str, kind: str) -> dict[str, Any]:
    return json.loads(stored_path(activity_id, kind).read_text(encoding="utf-8"))
