"""The lesson page is rendered once per revision, outline and kind of visitor, and filled in per
learner: each learner still sees only their own progress and answers, and every change to the
lesson or its course shows at once."""

from __future__ import annotations

import gzip
import re
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.models.courses import Lesson
from app.web.lessons import shell
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.users import signed_in_client

URL = f"/lessons/{SEED_LESSON}"
CONTENT = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
FIRST, SECOND = CONTENT.sections[0].id, CONTENT.sections[1].id
TOKEN = re.compile(r'(name="csrf[-_]token" (?:content|value)=")[^"]+"')
FLASH = "A flashed message"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def event_(type_: str, **fields) -> dict:
    return {"id": str(uuid.uuid4()), "type": type_, "lesson": SEED_LESSON, **fields}


def save(client, *events) -> None:
    assert client.post("/progress/events", json={"events": list(events)}).json["saved"]


def answer(client, activity_id: str, how: str = "wrong") -> None:
    fields = getattr(answers, how)(CONTENT.activities[activity_id])
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


def learner_with_everything(client) -> None:
    now = datetime.now(UTC).isoformat()
    save(
        client,
        event_("section-read", section=FIRST),
        event_("position", kind="reading", section=SECOND, offset=0, at=now),
        event_("position", kind="listening", section=SECOND, offset=12.5, at=now),
    )
    answer(client, "process-mapping", "wrong")
    answer(client, next(iter(CONTENT.activities)), "right")


@pytest.mark.parametrize("progress", ["none", "read", "everything"])
def test_the_filled_in_page_is_the_page_rendered_in_full(client, progress):
    if progress == "read":
        save(client, event_("section-read", section=FIRST))
    elif progress == "everything":
        learner_with_everything(client)
    client.get(URL)  # the shell and the variants this learner needs are kept from here on
    assert tokens_out(client.get(URL).text) == tokens_out(full_render(client))


@pytest.mark.parametrize("progress", ["none", "read", "everything"])
def test_the_gzipped_page_is_the_same_page(client, progress):
    """Kept compressed pieces and this learner's parts make one valid gzip member (its CRC and
    length are checked by gzip.decompress) whose text is the page sent uncompressed."""
    if progress == "read":
        save(client, event_("section-read", section=FIRST))
    elif progress == "everything":
        learner_with_everything(client)
    packed = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert tokens_out(gzip.decompress(packed.data).decode()) == tokens_out(client.get(URL).text)


def test_every_token_on_the_page_is_this_sessions(client):
    learner_with_everything(client)
    html = client.get(URL).text
    meta = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    assert set(re.findall(r'name="csrf_token" value="([^"]+)"', html)) == {meta}


def test_a_learner_never_sees_another_learners_progress_or_answers(seeded):
    first, second = seeded.test_client(), seeded.test_client()
    untouched = tokens_out(second.get(URL).text)
    save(first, event_("section-read", section=FIRST))
    fields = answers.wrong(CONTENT.activities["process-mapping"])
    first.post(f"{URL}/activities/process-mapping", data={"revision": "1", **fields})
    mine = first.get(URL).text
    assert "You have read this section." in mine and "Check again" in mine
    theirs = second.get(URL).text
    assert tokens_out(theirs) == untouched
    assert "You have read this section." not in theirs and "Check again" not in theirs


def test_signed_in_visitors_get_their_own_header_and_anonymous_ones_theirs(seeded):
    teacher = signed_in_client(seeded)
    anonymous = seeded.test_client()
    for _ in range(2):
        html = teacher.get(URL).text
        assert "/instructor" in html and "Sign out" in html and "Sign up free" not in html
        html = anonymous.get(URL).text
        assert "/instructor" not in html and "Sign out" not in html and "Sign up free" in html
    learner = signed_in_client(seeded, "learner@example.org", "learner")
    html = learner.get(URL).text
    assert "/instructor" not in html and "Sign out" in html


def test_a_new_published_revision_shows_at_once(seeded, client):
    assert "The main\nsteps are:" in client.get(URL).text
    teacher = signed_in_client(seeded)
    source = (next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md"))).read_text()
    source = source.replace("The main\nsteps are:", "The seven main\nsteps are:", 1)
    edit = f"/instructor/lessons/{SEED_LESSON}/edit"
    assert teacher.post(edit, data={"source": source, "publish": "1"}).status_code == 302
    assert "The seven main\nsteps are:" in client.get(URL).text


def test_a_changed_course_outline_shows_at_once(seeded, client):
    assert "Shipping Strategies" in client.get(URL).text
    with seeded.app_context():
        other = db.session.scalar(db.select(Lesson).filter(Lesson.slug != SEED_LESSON))
        other.title = "A renamed lesson"
        db.session.commit()
    html = client.get(URL).text
    assert "A renamed lesson" in html


def test_a_lesson_page_reads_the_database_at_most_three_times(seeded, client):
    save(client, event_("section-read", section=FIRST))
    client.get(URL)
    assert statements(seeded, lambda: client.get(URL)) <= 3  # lesson and outline, learner, progress
    answer(client, "process-mapping")
    client.get(URL)
    assert statements(seeded, lambda: client.get(URL)) <= 4  # and the answered activities


def test_saving_progress_and_answering_take_few_statements(seeded, client):
    save(client, event_("section-read", section=FIRST))
    time_spent = event_("time", seconds=5)
    assert statements(seeded, lambda: save(client, time_spent)) <= 4
    assert statements(seeded, lambda: answer(client, "process-mapping")) <= 6


def test_a_lesson_page_reads_outside_a_transaction_and_writes_keep_theirs(seeded, client):
    """No BEGIN or ROLLBACK for a page that only reads (two round trips on PostgreSQL); a save
    still commits as one transaction."""
    save(client, event_("section-read", section=FIRST))
    assert isolation_levels(seeded, lambda: client.get(URL)) == {"AUTOCOMMIT"}
    assert "AUTOCOMMIT" not in isolation_levels(
        seeded, lambda: save(client, event_("time", seconds=5))
    )


def isolation_levels(app, request) -> set[str | None]:
    """The isolation level each SQL statement sent while ``request()`` runs was given."""
    with app.app_context():
        engine = db.engine
    levels: set[str | None] = set()

    def seen(conn, *_args) -> None:
        levels.add(conn.get_execution_options().get("isolation_level"))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return levels


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
PROMPT = "Draw a flow chart illustrating the steps in the order fulfillment process."


def publish_lesson_holding(app, text: str) -> None:
    """An instructor publishes the lesson with ``text`` in a link to another site, in plain
    text, and in an activity's prompt (kept, compressed, as a shared slot variant)."""
    teacher = signed_in_client(app, "author@example.org")
    source = (next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md"))).read_text()
    source = source.replace(
        "The main\nsteps are:", f"The main\nsteps ([partner]({PARTNER}{text}), {text}) are:", 1
    )
    source = source.replace(PROMPT, f"{PROMPT} {text}", 1)
    edit = f"/instructor/lessons/{SEED_LESSON}/edit"
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


def test_the_old_fixed_placeholder_in_a_lesson_is_shown_as_written(seeded):
    publish_lesson_holding(seeded, FIXED_PLACEHOLDER)
    for visitor in visitors(seeded):
        for _ in range(2):  # the shell is built, then reused
            assert_no_token_in_author_content(visitor.get(URL).text, FIXED_PLACEHOLDER)


def test_a_placeholder_read_from_the_shell_module_gets_no_visitors_token(seeded):
    """Even an author who learnt the placeholder a shell used (here: read from the module) and
    writes it into the lesson gets no visitor's token there: the new revision's shell has its
    own placeholder."""
    for visitor in visitors(seeded):
        for _ in range(2):  # the first page after signing in shows a flashed message
            visitor.get(URL)
    known = placeholders_in_use(seeded)
    assert len(known) == 3  # one shell per kind of visitor, each with its own placeholder
    text = "~".join(sorted(known))
    publish_lesson_holding(seeded, text)
    for visitor in visitors(seeded):
        for _ in range(2):
            html = visitor.get(URL).text
            assert page_token(html) not in html.split(PARTNER, 1)[1].split('"', 1)[0]
            assert_no_token_in_author_content(html, text)
    assert len(placeholders_in_use(seeded) - known) == 3  # the new revision's shells


def test_every_shell_built_gets_a_new_placeholder(seeded, client):
    client.get(URL)
    first = placeholders_in_use(seeded)
    with seeded.app_context():
        shell.shells().clear()
    client.get(URL)
    second = placeholders_in_use(seeded)
    assert len(first) == len(second) == 1 and first != second
    assert all(re.fullmatch(r"csrf-token-[0-9a-f]{32}", p) for p in first | second)
    assert next(iter(first)) not in client.get(URL).text
