"""The lesson page is rendered once per revision, outline and kind of visitor, and filled in per
learner: each learner still sees only their own progress and answers, and every change to the
lesson or its course shows at once. The lesson is the ``lesson`` fixture's, built for the test."""

from __future__ import annotations

import gzip
import re
import sqlite3
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from psycopg import pq
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from app.core.rules import xapi
from app.learning import lesson_read
from app.learning.db import db
from app.learning.lesson_read import BY_PUBLIC_ID
from app.learning.models.accounts import User
from app.learning.models.courses import Lesson
from app.learning.models.learners import Learner, Statement
from app.web.lessons import shell
from tests import activity_answers as answers
from tests.lessons import COURSE, SLUG
from tests.users import add_user, signed_in_client, signed_in_staff

URL = f"/lessons/{SLUG}"
FIRST, SECOND = "one", "two"  # the lesson's sections
TOKEN = re.compile(r'(name="csrf[-_]token" (?:content|value)=")[^"]+"')
FLASH = "A flashed message"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture(autouse=True)
def content(lesson):
    """The parsed lesson, for answers to its activities."""
    return lesson.content


def event_(type_: str, **fields) -> dict:
    return {"id": str(uuid.uuid4()), "type": type_, "lesson": SLUG, **fields}


def save(client, *events) -> None:
    assert client.post("/progress/events", json={"events": list(events)}).json["saved"]


def answer(client, content, activity_id: str, how: str = "wrong") -> None:
    fields = getattr(answers, how)(content.activities[activity_id])
    response = client.post(f"{URL}/activities/{activity_id}", data={"revision": "1", **fields})
    assert response.status_code == 302


def tokens_out(html: str) -> str:
    return TOKEN.sub(r'\1TOKEN"', html)


def full_render(client) -> str:
    """The page rendered in full, slot by slot, as a page with a flashed message is."""
    with client.session_transaction() as session:
        session["_flashes"] = [("message", FLASH)]
    html = client.get(URL).text
    flash = f'\n    <div class="flash" role="status"><p>{FLASH}</p></div>'
    assert flash in html
    return html.replace(flash, "")


def learner_with_everything(client, content) -> None:
    now = datetime.now(UTC).isoformat()
    save(
        client,
        event_("section-read", section=FIRST),
        event_("position", kind="reading", section=SECOND, offset=0, at=now),
        event_("position", kind="listening", section=SECOND, offset=12.5, at=now),
    )
    answer(client, content, "process-map-1", "wrong")
    answer(client, content, "quiz-1", "right")


@pytest.mark.parametrize("progress", ["none", "read", "everything"])
def test_the_filled_in_page_is_the_page_rendered_in_full(visitor, content, progress):
    if progress == "read":
        save(visitor, event_("section-read", section=FIRST))
    elif progress == "everything":
        learner_with_everything(visitor, content)
    visitor.get(URL)  # the shell and the variants this learner needs are kept from here on
    assert tokens_out(visitor.get(URL).text) == tokens_out(full_render(visitor))


@pytest.mark.parametrize("progress", ["none", "read", "everything"])
def test_the_gzipped_page_is_the_same_page(visitor, content, progress):
    """Kept compressed pieces and this learner's parts make one valid gzip member (its CRC and
    length are checked by gzip.decompress) whose text is the page sent uncompressed."""
    if progress == "read":
        save(visitor, event_("section-read", section=FIRST))
    elif progress == "everything":
        learner_with_everything(visitor, content)
    packed = visitor.get(URL, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert tokens_out(gzip.decompress(packed.data).decode()) == tokens_out(visitor.get(URL).text)


def test_learners_at_different_points_each_get_their_own_page_from_one_shell(app, content):
    """A shell keeps one plan per combination of the variants its slots show: learners whose
    pages are built from it in turn (and the same learner after a change) each get the page
    rendered in full for them."""
    fresh, reader, worker = app.test_client(), app.test_client(), app.test_client()
    save(reader, event_("section-read", section=FIRST))
    learner_with_everything(worker, content)
    for _ in range(2):
        for client in (fresh, reader, worker, fresh):
            assert tokens_out(client.get(URL).text) == tokens_out(full_render(client))
    save(fresh, event_("section-read", section=SECOND))
    page = fresh.get(URL)
    assert tokens_out(page.text) == tokens_out(full_render(fresh))
    packed = fresh.get(URL, headers={"Accept-Encoding": "gzip"})
    assert tokens_out(gzip.decompress(packed.data).decode()) == tokens_out(page.text)
    (kept,) = app.extensions["lesson_shells"].kept()  # one kind of visitor: one shell
    assert len(kept.plans) >= 3


def test_every_token_on_the_page_is_this_sessions(visitor, content):
    learner_with_everything(visitor, content)
    html = visitor.get(URL).text
    meta = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    assert set(re.findall(r'name="csrf_token" value="([^"]+)"', html)) == {meta}


def test_a_learner_never_sees_another_learners_progress_or_answers(app, content):
    first, second = app.test_client(), app.test_client()
    untouched = tokens_out(second.get(URL).text)
    save(first, event_("section-read", section=FIRST))
    fields = answers.wrong(content.activities["process-map-1"])
    first.post(f"{URL}/activities/process-map-1", data={"revision": "1", **fields})
    mine = first.get(URL).text
    assert "You have read this section." in mine and "Check again" in mine
    theirs = second.get(URL).text
    assert tokens_out(theirs) == untouched
    assert "You have read this section." not in theirs and "Check again" not in theirs


def test_signed_in_visitors_get_their_own_header_and_anonymous_ones_theirs(app):
    teacher = signed_in_client(app)
    anonymous = app.test_client()
    for _ in range(2):
        html = teacher.get(URL).text
        assert "/instructor" in html and "Sign out" in html and "Sign up free" not in html
        html = anonymous.get(URL).text
        assert "/instructor" not in html and "Sign out" not in html and "Sign up free" in html
    learner = signed_in_client(app, "learner@example.org", "learner")
    html = learner.get(URL).text
    assert "/instructor" not in html and "Sign out" in html


def test_a_new_published_revision_shows_at_once(app, lesson, visitor):
    assert "Some text." in visitor.get(URL).text
    teacher = signed_in_staff(app, course=COURSE)
    source = lesson.source.replace("Some text.", "Some changed text.", 1)
    edit = f"/instructor/lessons/{SLUG}/edit"
    assert teacher.post(edit, data={"source": source, "publish": "1"}).status_code == 302
    assert "Some changed text." in visitor.get(URL).text


def test_a_changed_course_outline_shows_at_once(app, visitor):
    outline = visitor.get(URL).text
    outline = outline[outline.index('id="page-course-outline"') :]
    assert "Later" in outline  # the course's planned lesson
    with app.app_context():
        other = db.session.scalar(db.select(Lesson).filter(Lesson.slug != SLUG))
        other.title = "A renamed lesson"
        db.session.commit()
    html = visitor.get(URL).text
    assert "A renamed lesson" in html


def test_a_lesson_page_reads_the_database_once(app, visitor, content):
    save(visitor, event_("section-read", section=FIRST))
    visitor.get(URL)
    assert statements(app, lambda: visitor.get(URL)) == 1  # lesson, outline, learner, progress
    answer(visitor, content, "process-map-1")
    visitor.get(URL)
    # and the answered activities, with the dictionaries their packed grades need
    assert statements(app, lambda: visitor.get(URL)) == 3


@pytest.mark.parametrize("progress", ["none", "read", "everything"])
def test_the_page_read_through_the_driver_is_the_page_sqlalchemy_reads(
    app, visitor, content, progress
):
    """With nothing listening to the engine the page's statement goes to the driver directly;
    what it reads is what SQLAlchemy reads, times converted alike."""
    if progress != "none":
        save(visitor, event_("section-read", section=FIRST))
    if progress == "everything":
        learner_with_everything(visitor, content)
    visitor.get(URL)
    with app.app_context():
        public_id = db.session.scalar(db.select(Learner.public_id)) or "0" * 32
        db.session.remove()
        before = lesson_read._driver_statement.cache_info().hits
        pooled = lesson_read.read_lesson(SLUG, BY_PUBLIC_ID, public_id)  # nothing begun
        # on a connection of its own, the session untouched (but for the answered
        # activities' attempts, which it loads next)
        assert db.session().in_transaction() == (progress == "everything")
        db.session.remove()
        db.session.scalar(db.select(Learner.id))  # the session's transaction begun
        direct = lesson_read.read_lesson(SLUG, BY_PUBLIC_ID, public_id)
        assert lesson_read._driver_statement.cache_info().hits == before + 2
        db.session.remove()
        listened = []
        listener = lambda *_args: listened.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            sqlalchemy = lesson_read.read_lesson(SLUG, BY_PUBLIC_ID, public_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert listened  # through SQLAlchemy, seen by the listener
    assert read_values(pooled) == read_values(direct) == read_values(sqlalchemy)
    with app.app_context():  # the listener gone, the driver again
        lesson_read.read_lesson(SLUG, BY_PUBLIC_ID, public_id)
        assert lesson_read._driver_statement.cache_info().hits == before + 3
    if progress == "everything":
        assert isinstance(direct.snapshot.positions["reading"].updated_at, datetime)


def test_a_page_read_in_the_requests_transaction_sees_what_it_wrote(app, visitor):
    """Once the session has begun a transaction the page is read in it: a row this request
    wrote and has not committed yet is part of the learner's progress."""
    save(visitor, event_("time", seconds=5))  # the learner exists, nothing read yet
    with app.app_context():
        learner = db.session.scalar(db.select(Learner))
        assert (
            lesson_read.read_lesson(
                SLUG, BY_PUBLIC_ID, learner.public_id
            ).snapshot.progress.sections_read
            == set()
        )
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SLUG))
        db.session.add(
            Statement(
                statement_id=str(uuid.uuid4()),
                learner_id=learner.id,
                lesson_id=lesson.id,
                verb=xapi.EXPERIENCED,
                object_type=xapi.SECTION,
                object_id=FIRST,
                timestamp=datetime.now(UTC),
            )
        )
        db.session.flush()
        read = lesson_read.read_lesson(SLUG, BY_PUBLIC_ID, learner.public_id)
        assert read.snapshot.progress.sections_read == {FIRST}
        db.session.rollback()
        assert (
            lesson_read.read_lesson(
                SLUG, BY_PUBLIC_ID, learner.public_id
            ).snapshot.progress.sections_read
            == set()
        )


def test_a_page_read_outside_a_transaction_gives_its_connection_back_as_it_was(app, visitor):
    """The connection of its own goes back to the pool outside a transaction and, on
    PostgreSQL, out of autocommit: the next request's writes are transactions again."""
    save(visitor, event_("section-read", section=FIRST))
    with app.app_context():
        engine = db.engine
        public_id = db.session.scalar(db.select(Learner.public_id))
        db.session.remove()
        engine.dispose()  # one connection in the pool: the one the read takes and gives back
        assert lesson_read.read_lesson(
            SLUG, BY_PUBLIC_ID, public_id
        ).snapshot.progress.sections_read == {FIRST}
        assert engine.pool.checkedin() == 1 and engine.pool.checkedout() == 0
        pooled = engine.raw_connection()
        try:
            driver = pooled.driver_connection
            if isinstance(driver, sqlite3.Connection):
                assert not driver.in_transaction
            else:
                assert driver.autocommit is False
                assert driver.info.transaction_status == pq.TransactionStatus.IDLE
        finally:
            pooled.close()


def read_values(read) -> tuple:
    """What a page read holds, its attempts by id (each read loads its own instances)."""
    states = {
        key: (state.count, state.best_percent, state.passed, getattr(state.latest, "id", None))
        for key, state in read.snapshot.states.items()
    }
    positions = {
        kind: (p.kind, p.section_id, p.offset, p.updated_at)
        for kind, p in read.snapshot.positions.items()
    }
    return (read.page, read.learner, read.merged, read.snapshot.progress, states, positions)


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(app, visitor, monkeypatch):
    visitor.get(URL)
    with app.app_context():
        real = lesson_read._driver_statement(BY_PUBLIC_ID, db.engine.dialect)
        broken = replace(real, sql="SELECT no_such_column FROM no_such_table")
        monkeypatch.setattr(lesson_read, "_driver_statement", lambda *_args: broken)
        with pytest.raises(DBAPIError, match="no_such_table") as raised:
            lesson_read.read_lesson(SLUG, BY_PUBLIC_ID, "0" * 32)
        assert not raised.value.connection_invalidated
        db.session.rollback()


def test_a_signed_in_learners_lesson_page_reads_the_account_and_then_the_page(app, content):
    learner = signed_in_client(app, "learner@example.org", "learner")
    save(learner, event_("section-read", section=FIRST))
    learner.get(URL)
    assert statements(app, lambda: learner.get(URL)) == 2
    assert "You have read this section." in learner.get(URL).text


def test_an_anonymous_id_that_now_belongs_to_an_account_shows_no_progress(app, visitor):
    """Read with the page: the browser starts afresh (a new learner cookie), as on every page."""
    save(visitor, event_("section-read", section=FIRST))
    assert "You have read this section." in visitor.get(URL).text
    add_user(app, "merged@example.org", "learner")
    with app.app_context():
        learner = db.session.scalar(db.select(Learner))
        learner.user_id = db.session.scalar(db.select(User.id))
        db.session.commit()
    response = visitor.get(URL)
    assert "You have read this section." not in response.text
    assert any(h.startswith("learner=") for h in response.headers.getlist("Set-Cookie"))


def test_the_course_and_home_pages_read_the_database_once_per_kind_of_thing(app, visitor, content):
    """The course page: the course with its lessons and revisions, the learner, their progress
    in every lesson at once; the home page: every course with its lessons and revisions, the
    learner, their progress in every lesson of every course at once."""
    save(visitor, event_("section-read", section=FIRST))
    answer(visitor, content, "process-map-1")
    visitor.get(f"/courses/{COURSE}")
    assert statements(app, lambda: visitor.get(f"/courses/{COURSE}")) == 3
    assert "In progress" in visitor.get(f"/courses/{COURSE}").text
    assert statements(app, lambda: visitor.get("/")) == 3


def test_saving_progress_and_answering_take_few_statements(app, visitor, content):
    save(visitor, event_("section-read", section=FIRST))
    time_spent = event_("time", seconds=5)
    # the statement, and the learner's lesson summary kept up to date (app.learning.summaries)
    assert statements(app, lambda: save(visitor, time_spent)) <= 5
    answer(visitor, content, "process-map-1")  # the first answer stores the grades' dictionary
    # lesson, learner, the dictionary (found, then kept in memory), the attempt and its
    # dictionary, the learner's state, the statement, the
    # lesson summary after each of the two (app.learning.summaries), completion
    assert statements(app, lambda: answer(visitor, content, "process-map-1")) <= 10


def test_a_written_answer_takes_one_statement_more_for_the_review_queue(app, visitor, content):
    save(visitor, event_("section-read", section=FIRST))
    answer(visitor, content, "free-text-1")  # the first answer stores the grades' dictionary
    # As any answer (above), and the learner's place in the review queue kept up to date
    # (app.learning.review_entries): one upsert, however many learners the lesson has.
    assert statements(app, lambda: answer(visitor, content, "free-text-1")) <= 11


def test_a_lesson_page_reads_outside_a_transaction_and_writes_keep_theirs(app, visitor):
    """No BEGIN or ROLLBACK for a page that only reads (two round trips on PostgreSQL); a save
    still commits as one transaction."""
    save(visitor, event_("section-read", section=FIRST))
    assert in_transaction_after_each_statement(app, lambda: visitor.get(URL)) == {False}
    assert True in in_transaction_after_each_statement(
        app, lambda: save(visitor, event_("time", seconds=5))
    )


@pytest.mark.parametrize("progress", ["read", "everything"])
def test_nothing_begins_a_transaction_for_a_lesson_page(app, visitor, content, progress):
    """With nothing listening to the engine's statements (the page's goes to the driver), no
    transaction is begun: not by the page's own statement, nor by the one that loads the
    answered activities' attempts through the session (asked of the driver as the session
    ends its transaction, before it rolls back)."""
    save(visitor, event_("section-read", section=FIRST))
    if progress == "everything":
        learner_with_everything(visitor, content)
    with app.app_context():
        engine = db.engine
    began: list[bool] = []

    def ending(connection) -> None:
        began.append(driver_in_transaction(connection))

    event.listen(engine, "rollback", ending)
    try:
        assert "You have read this section." in visitor.get(URL).text
    finally:
        event.remove(engine, "rollback", ending)
    assert began == ([False] if progress == "everything" else [])


def driver_in_transaction(connection) -> bool:
    """Whether the driver itself has a transaction open on this SQLAlchemy connection."""
    driver = connection.connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        return driver.in_transaction
    return driver.info.transaction_status != pq.TransactionStatus.IDLE


def in_transaction_after_each_statement(app, request) -> set[bool]:
    """Whether the database connection was inside a transaction after each SQL statement sent
    while ``request()`` runs (asked of the driver: SQLite's begins one only before a write,
    psycopg before any statement unless the connection is in autocommit)."""
    with app.app_context():
        engine = db.engine
    states: set[bool] = set()

    def seen(conn, *_args) -> None:
        states.add(driver_in_transaction(conn))

    event.listen(engine, "after_cursor_execute", seen)
    try:
        request()
    finally:
        event.remove(engine, "after_cursor_execute", seen)
    return states


def statements(app, request) -> int:
    """SQL statements sent while ``request()`` runs."""
    with app.app_context():
        engine = db.engine
    count = [0]

    def counted(*_args) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count[0]


# The placeholder as it was before each shell made its own: a fixed string, in the source.
FIXED_PLACEHOLDER = "csrf-token-placeholder-5b9e07d3"
PARTNER = "https://partner.example/track?t="
PROMPT = "prompt: Do it."  # the first exercise's prompt in the lesson built for these tests


def publish_lesson_holding(app, lesson, text: str) -> None:
    """An instructor publishes the lesson with ``text`` in a link to another site, in plain
    text, and in an activity's prompt (kept, compressed, as a shared slot variant)."""
    teacher = signed_in_staff(app, "author@example.org", course=COURSE)
    source = lesson.source.replace(
        "Some text.", f"Some text ([partner]({PARTNER}{text}), {text}).", 1
    )
    source = source.replace(PROMPT, f"{PROMPT} {text}", 1)
    edit = f"/instructor/lessons/{SLUG}/edit"
    assert teacher.post(edit, data={"source": source, "publish": "1"}).status_code == 302


def placeholders_in_use(app) -> set[str]:
    """The placeholders of the shells the app keeps, as the shell module has them."""
    with app.app_context():
        return {kept.placeholder for kept in shell.shells().kept()}


def page_token(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def assert_no_token_in_author_content(html: str, text: str) -> None:
    token = page_token(html)
    assert f'href="{PARTNER}{text}"' in html  # the author's link, exactly as written
    assert f"{PARTNER}{token}" not in html
    assert html.count(token) == len(TOKEN.findall(html))  # only in the CSRF fields
    assert html.count(text) == 3  # link, text and prompt, none replaced


def visitors(app) -> list:
    return [
        app.test_client(),
        signed_in_client(app, "learner@example.org", "learner"),
        signed_in_client(app),
    ]


def test_the_old_fixed_placeholder_in_a_lesson_is_shown_as_written(app, lesson):
    publish_lesson_holding(app, lesson, FIXED_PLACEHOLDER)
    for visitor in visitors(app):
        for _ in range(2):  # the shell is built, then reused
            assert_no_token_in_author_content(visitor.get(URL).text, FIXED_PLACEHOLDER)


def test_a_placeholder_read_from_the_shell_module_gets_no_visitors_token(app, lesson):
    """Even an author who learnt the placeholder a shell used (here: read from the module) and
    writes it into the lesson gets no visitor's token there: the new revision's shell has its
    own placeholder."""
    for visitor in visitors(app):
        for _ in range(2):  # the first page after signing in shows a flashed message
            visitor.get(URL)
    known = placeholders_in_use(app)
    assert len(known) == 3  # one shell per kind of visitor, each with its own placeholder
    text = "~".join(sorted(known))
    publish_lesson_holding(app, lesson, text)
    for visitor in visitors(app):
        for _ in range(2):
            html = visitor.get(URL).text
            assert page_token(html) not in html.split(PARTNER, 1)[1].split('"', 1)[0]
            assert_no_token_in_author_content(html, text)
    assert len(placeholders_in_use(app) - known) == 3  # the new revision's shells


def test_every_shell_built_gets_a_new_placeholder(app, visitor):
    visitor.get(URL)
    first = placeholders_in_use(app)
    with app.app_context():
        shell.shells().clear()
    visitor.get(URL)
    second = placeholders_in_use(app)
    assert len(first) == len(second) == 1 and first != second
    assert all(re.fullmatch(r"csrf-token-[0-9a-f]{32}", p) for p in first | second)
    assert next(iter(first)) not in visitor.get(URL).text
