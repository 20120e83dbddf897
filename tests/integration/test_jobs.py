"""Background jobs: in-process by default, on an RQ queue in Redis when REDIS_URL is set."""

from __future__ import annotations

import time
import uuid

import pytest

from app.web.jobs import InProcessQueue, RedisQueue
from tests.integration.job_functions import count_lessons
from tests.services import redis_url_or_skip


def test_without_redis_jobs_run_in_the_app_process(app, lesson):
    queue = app.extensions["jobs"]
    assert isinstance(queue, InProcessQueue)
    future = queue.enqueue(count_lessons, "here")
    queue.wait()
    assert future.result() == "here: 2 lessons, site Learnwell"


def test_a_job_queued_for_later_runs_once_due_unless_cancelled(app, lesson):
    queue = app.extensions["jobs"]
    timer = queue.enqueue_in(0.05, count_lessons, "later")
    timer.join(5)
    (future,) = queue._futures  # queued by the timer
    assert future.result(timeout=5) == "later: 2 lessons, site Learnwell"
    cancelled = queue.enqueue_in(60, count_lessons, "never")
    queue.cancel_timers()
    cancelled.join(5)
    assert not cancelled.is_alive()


@pytest.fixture
def redis_app(app, lesson):
    """The app, with a lesson and a planned one, and its jobs on a Redis queue of its own (deleted
    afterwards)."""
    from app.web import jobs

    app.config["REDIS_URL"] = redis_url_or_skip()
    app.config["JOBS_QUEUE"] = f"test-{uuid.uuid4().hex[:12]}"
    jobs.init_app(app)
    queue = app.extensions["jobs"]
    yield app
    queue.queue.delete(delete_jobs=True)
    queue.connection.close()


def test_with_redis_a_worker_runs_the_job_inside_the_app(redis_app):
    from rq import SimpleWorker

    queue = redis_app.extensions["jobs"]
    assert isinstance(queue, RedisQueue)
    job = queue.enqueue(count_lessons, "queued")
    assert job.get_status() == "queued"
    with redis_app.app_context():
        worked = SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
    assert worked
    job.refresh()
    assert job.get_status() == "finished"
    assert job.return_value() == "queued: 2 lessons, site Learnwell"


def test_the_jobs_command_runs_the_queue_until_it_is_empty(redis_app):
    queue = redis_app.extensions["jobs"]
    job = queue.enqueue(count_lessons, "command")
    result = redis_app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    job.refresh()
    assert job.return_value() == "command: 2 lessons, site Learnwell"


def test_the_jobs_command_runs_jobs_queued_for_later_once_due(redis_app):
    queue = redis_app.extensions["jobs"]
    job = queue.enqueue_in(0.01, count_lessons, "later")
    assert job.get_status() == "scheduled"
    time.sleep(1.1)  # RQ's schedule counts whole seconds
    result = redis_app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    job.refresh()
    assert job.return_value() == "later: 2 lessons, site Learnwell"


def test_the_jobs_command_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL" in result.output
