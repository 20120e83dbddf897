"""Completion rules from front matter, mastery per objective and recommendations."""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, parse_lesson
from app.core.rules.completion import lesson_progress
from app.core.rules.mastery import mastery, recommendations
from tests.activity_blocks import block
from tests.content_helpers import body_line, lesson_text

BODY = (
    "## One {#one}\n\nText.\n\n"
    + block("checklist", "list", "objectives: [first]\n")
    + "\n## Two {#two}\n\n"
    + block("quiz", "check", "objectives: [second]\n")
    + "\n## Extra {#extra .deep-dive}\n\n"
    + block("free-text", "bonus-essay", "objectives: [first]\n")
)


def lesson(extra=""):
    return parse_lesson(lesson_text(BODY, extra=extra))


def test_by_default_every_core_section_and_graded_core_activity_is_required():
    parsed = lesson()
    assert parsed.required_sections == ("one", "two")
    assert parsed.required_activities == ("list", "check")


def test_front_matter_can_name_what_completion_takes():
    parsed = lesson("completion:\n  sections: [one]\n  activities: [check]\n")
    assert (parsed.required_sections, parsed.required_activities) == (("one",), ("check",))


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "completion:\n  sections: [extra]\n",
            "completion: 'extra' is a deep dive and can't be required",
        ),
        (
            "completion:\n  activities: [bonus-essay]\n",
            "'bonus-essay' is a bonus or ungraded activity",
        ),
        ("completion:\n  sections: [nowhere]\n", "completion: no section 'nowhere'"),
        ("completion:\n  activities: [ghost]\n", "completion: no activity 'ghost'"),
        ("completion:\n  lessons: [x]\n", "completion: unknown field 'lessons'"),
    ],
)
def test_completion_rules_are_checked(rule, message):
    text = lesson_text(BODY, extra=rule)
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "l.md")
    line = body_line(text, "lessons:" if "lessons" in rule else "completion:")
    assert any(
        str(e).startswith(f"l.md:{line}:") and message in str(e) for e in caught.value.errors
    )


def test_progress_counts_required_parts_only():
    parsed = lesson()
    progress = lesson_progress(parsed, {"one", "extra"}, {"check", "bonus-essay"})
    assert (progress.sections_done, progress.activities_done, progress.percent) == (1, 1, 50)
    assert not progress.complete
    done = lesson_progress(parsed, {"one", "two"}, {"list", "check"})
    assert done.complete and done.percent == 100


def test_deep_dives_and_bonus_work_never_count_against_completion():
    assert lesson_progress(lesson(), {"one", "two"}, {"list", "check"}).complete


def test_mastery_averages_the_best_scores_of_tagged_items():
    parsed = lesson()
    result = {m.objective_id: m for m in mastery(parsed, {"list": 50, "bonus-essay": 100}, {})}
    assert result["first"].score == pytest.approx(0.75) and result["first"].tried == 2
    assert result["first"].status == "learning"  # 75% is below the 80% of mastery
    assert result["second"].status == "not-started"
    with_quiz = {m.objective_id: m for m in mastery(parsed, {}, {"check": {"q1": 1.0}})}
    assert with_quiz["second"].score == 1.0 and with_quiz["second"].status == "mastered"


def test_recommendations_send_learners_back_to_what_they_have_not_mastered():
    parsed = lesson()
    progress = lesson_progress(parsed, {"one"}, set())
    masteries = mastery(parsed, {"list": 20}, {})
    items = recommendations(parsed, progress, masteries, {"list"}, ("next", "Next lesson", False))
    kinds = [(r.kind, r.anchor) for r in items]
    assert ("revisit", "one") in kinds  # objective 'first' is taught in section one
    assert ("try", "check") in kinds and ("try", "bonus-essay") in kinds
    assert not any(k == "next" for k, _ in kinds)  # not complete yet


def test_the_next_lesson_is_recommended_once_complete():
    parsed = lesson()
    progress = lesson_progress(parsed, {"one", "two"}, {"list", "check"})
    items = recommendations(
        parsed,
        progress,
        mastery(parsed, {"list": 100}, {"check": {"q1": 1}}),
        {"list", "check"},
        ("next-one", "Next lesson", False),
    )
    assert (
        items[0].kind == "next"
        and items[0].text == "Go on to the next lesson: Next lesson (coming soon)"
    )
