"""A lesson's figures from a known history of attempts and statements (see known_history)."""

from __future__ import annotations

from app.core.analytics.figures import SectionStep, lesson_figures, overview
from app.core.analytics.scores import LearnerActivity
from tests.unit.instructor.known_history import ATTEMPTS, LESSON, STATEMENTS, statement

FIGURES = lesson_figures(LESSON, ATTEMPTS, STATEMENTS)


def activity(activity_id):
    return next(a for a in FIGURES.activities if a.activity_id == activity_id)


def test_learners_started_is_everyone_with_anything_recorded():
    assert FIGURES.overview.started == 3


def test_completed_follows_the_lessons_rules_reviews_included():
    # learner 2 passed both activities (the essay by review) but read only one section
    assert FIGURES.overview.completed == 1
    assert FIGURES.overview.completion_percent == 33


def test_median_active_time_is_over_learners_with_time_recorded():
    # learner 1: 100 + 200 s; learner 2: 60 s; learner 3 sent no time
    assert (FIGURES.overview.median_active_seconds, FIGURES.overview.timed_learners) == (180, 2)


def test_time_to_complete_runs_from_the_first_event_to_completion():
    assert FIGURES.overview.median_seconds_to_complete == 600
    assert FIGURES.overview.completers_timed == 1


def test_a_lesson_nobody_started_has_no_medians():
    empty = overview(LESSON, [], [])
    assert (empty.started, empty.completed, empty.completion_percent) == (0, 0, None)
    assert empty.median_active_seconds is None and empty.median_seconds_to_complete is None


def test_a_learner_whose_completion_was_taken_back_is_not_counted():
    # a completed statement alone (say, before a review lowered a score) is not completion
    history = [statement(3, "completed", "a-lesson", 60)]
    assert overview(LESSON, ATTEMPTS, STATEMENTS + history).completed == 1


def test_the_funnel_counts_readers_of_each_required_section_in_lesson_order():
    assert FIGURES.funnel == (SectionStep("one", "One", 2), SectionStep("two", "Two", 1))


def test_attempts_in_total_and_per_learner():
    essay, check = activity("essay"), activity("check")
    assert (essay.learners, essay.attempts, essay.most_attempts) == (2, 3, 2)
    assert (check.learners, check.attempts, check.most_attempts) == (3, 4, 2)
    assert check.attempts_per_learner == 1.3
    assert FIGURES.per_learner == (
        LearnerActivity(1, "check", 1, 100, True, False),
        LearnerActivity(1, "essay", 1, 100, True, False),
        LearnerActivity(2, "check", 2, 75, True, False),
        LearnerActivity(2, "essay", 2, 75, True, True),
        LearnerActivity(3, "check", 1, 0, False, False),
    )


def test_scores_are_bucketed_by_each_learners_best_final_percent():
    # the essay reviewed up to 75% counts as 75, not the automatic 0
    assert activity("essay").buckets == (0, 0, 0, 1, 1)
    assert activity("check").buckets == (1, 0, 0, 1, 1)
    assert (activity("essay").median_best, activity("check").median_best) == (88, 75)
    assert (activity("essay").passed, activity("check").passed) == (2, 2)


def test_activities_are_listed_in_lesson_order_with_their_role():
    assert [(a.activity_id, a.required, a.graded) for a in FIGURES.activities] == [
        ("essay", True, True),
        ("check", True, True),
    ]


def test_written_answers_to_review_are_each_learners_latest_waiting_ones_first():
    assert [(r.attempt.id, r.attempts, r.attempt.reviewed) for r in FIGURES.reviews] == [
        (1, 1, False),
        (4, 2, True),
    ]
    assert FIGURES.reviews[0].criteria == (("Greets the reader", "met"), ("Gives a date", "met"))
    assert FIGURES.reviews[1].criteria == (
        ("Greets the reader", "missed"),
        ("Gives a date", "missed"),
    )
    assert FIGURES.reviews[1].attempt.override_comment == "Fine for a start."
