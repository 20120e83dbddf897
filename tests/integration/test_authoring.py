"""Authoring in the browser: drafts and revisions, preview, publishing, files round trip.

Every test edits the lesson below, built for the test from a content folder of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Course, Lesson, LessonRevision
from tests import activity_answers as answers
from tests.activity_blocks import block
from tests.content_helpers import lesson_text
from tests.images import GIF, HTML, JPEG, PNG, PNG_SIGNATURE, WEBP
from tests.lessons import COURSE, SLUG, TYPES, build_lesson

EDIT = f"/instructor/lessons/{SLUG}/edit"
LESSON_URL = f"/lessons/{SLUG}"
TITLE = "Orders & Returns"
BODY = (
    "An introduction.\n\n## Section one {#one}\n\nSome text.\n\n"
    "::: example\nA customer buys a t-shirt.\n:::\n\n"
    + "\n".join(block(t, f"{t}-1", parts=2) for t in TYPES)
    + "\n## Section two {#two .deep-dive}\n\nMore text.\n"
)
SOURCE = lesson_text(BODY, id=SLUG, title=TITLE)


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture(autouse=True)
def lesson(app, tmp_path):
    """The lesson of ``SOURCE``: every activity type, an example block, a deep dive, and the
    course's planned lesson ("Later") after it."""
    built = build_lesson(app, tmp_path / "content", BODY, title=TITLE)
    assert built.source == SOURCE
    return built


def revisions(app):
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SLUG))
        rows = db.session.scalars(
            db.select(LessonRevision).filter_by(lesson_id=lesson.id).order_by(LessonRevision.number)
        )
        return lesson.published_revision_id, [(r.id, r.number, r.origin, r.author_id) for r in rows]


def edited(old: str, new: str) -> str:
    assert old in SOURCE
    return SOURCE.replace(old, new, 1)


def test_the_editor_opens_with_the_latest_source(instructor):
    page = instructor.get(EDIT).text
    assert "## Section one {#one}" in page


def test_saving_makes_a_draft_that_learners_do_not_see(app, instructor):
    source = edited("Some text.", "Some changed text.")
    response = instructor.post(EDIT, data={"source": source, "save": "1"})
    assert response.status_code == 302
    published, rows = revisions(app)
    assert [(n, origin) for _, n, origin, _ in rows] == [(1, "file"), (2, "editor")]
    assert rows[1][3] is not None and published == rows[0][0]
    assert "Some changed text." not in app.test_client().get(LESSON_URL).text


def test_publishing_shows_the_change_to_learners(app, instructor):
    source = edited("Some text.", "Some changed text.")
    assert instructor.post(EDIT, data={"source": source, "publish": "1"}).status_code == 302
    assert "Some changed text." in app.test_client().get(LESSON_URL).text


def test_an_invalid_lesson_is_saved_as_a_draft_but_not_published(app, instructor):
    source = edited("::: example", "::: exampel")
    response = instructor.post(EDIT, data={"source": source, "publish": "1"})
    assert response.status_code == 400
    line = source.splitlines().index("::: exampel") + 1
    assert f'data-line="{line}">line {line}</button>: unknown block type' in response.text
    published, rows = revisions(app)
    assert len(rows) == 2 and published == rows[0][0]


def test_the_id_and_course_of_a_lesson_cannot_change_in_the_editor(instructor):
    source = edited(f"id: {SLUG}", "id: renamed")
    response = instructor.post(EDIT, data={"source": source, "publish": "1"})
    assert response.status_code == 400 and "the id must stay" in response.text


def test_preview_returns_the_learner_render_with_answer_keys_and_problems(instructor):
    response = instructor.post(f"/instructor/lessons/{SLUG}/preview", json={"source": SOURCE})
    assert response.status_code == 200 and response.json["errors"] == []
    html = response.json["html"]
    assert "Answer key (only instructors see this)" in html
    broken = instructor.post(
        f"/instructor/lessons/{SLUG}/preview",
        json={"source": edited("::: example", "::: exampel")},
    )
    assert broken.json["errors"][0]["message"].startswith("unknown block type '::: exampel'")


def test_preview_equals_what_learners_see(app, lesson, instructor):
    response = instructor.post(f"/instructor/lessons/{SLUG}/preview", json={"source": SOURCE})
    preview = response.json["html"]
    learner = app.test_client().get(LESSON_URL).text
    with app.app_context():  # the same preparation pages get (sentences marked for listening)
        content = app.extensions["lesson_cache"].render_ready(lesson.content)
    for section in content.sections:
        for part in section.blocks:
            if hasattr(part, "html"):
                assert part.html in preview and part.html in learner
        assert f'<h2 id="{section.id}">{section.title_html}</h2>' in preview
    for activity in content.activities.values():
        assert activity.prompt_html in preview and activity.prompt_html in learner


def test_answer_keys_never_reach_learners(app):
    assert "Answer key" not in app.test_client().get(LESSON_URL).text


@pytest.mark.parametrize("payload", [None, {"source": 5}, {"source": "x" * 500_001}])
def test_bad_preview_requests_get_a_400(instructor, payload):
    response = instructor.post(f"/instructor/lessons/{SLUG}/preview", json=payload)
    assert response.status_code == 400


def test_revisions_list_diff_and_restore(app, instructor):
    first = edited("Some text.", "Some changed text.")
    instructor.post(EDIT, data={"source": first, "save": "1"})
    listing = instructor.get(f"/instructor/lessons/{SLUG}/revisions").text
    assert "<strong>Published</strong>" in listing and "Draft" in listing
    diff = instructor.get(f"/instructor/lessons/{SLUG}/diff?a=1&b=2").text
    assert re.search(r"diff__removed.*?Some text\.", diff, re.S) and re.search(
        r"diff__added.*?Some changed text\.", diff, re.S
    )
    response = instructor.post(f"/instructor/lessons/{SLUG}/revisions/1/restore")
    assert response.status_code == 302
    with app.app_context():
        restored = db.session.scalar(db.select(LessonRevision).filter_by(number=3))
        assert restored.source == SOURCE


def test_publishing_an_older_revision_and_unpublishing(app, instructor):
    instructor.post(EDIT, data={"source": edited("Some text.", "Changed:"), "publish": "1"})
    assert "Changed:" in app.test_client().get(LESSON_URL).text
    instructor.post(f"/instructor/lessons/{SLUG}/revisions/1/publish")
    assert "Changed:" not in app.test_client().get(LESSON_URL).text
    instructor.post(f"/instructor/lessons/{SLUG}/unpublish")
    assert app.test_client().get(LESSON_URL).status_code == 404


def test_publishing_an_invalid_revision_is_refused(instructor):
    instructor.post(EDIT, data={"source": edited("::: example", "::: exampel"), "save": "1"})
    response = instructor.post(
        f"/instructor/lessons/{SLUG}/revisions/2/publish",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400 and "unknown block type" in response.json["message"]


def test_attempts_keep_the_revision_they_were_graded_on(app, lesson, instructor):
    learner = app.test_client()
    learner.post(
        f"{LESSON_URL}/activities/process-map-1",
        data={"revision": "1", **answers.right(lesson.activity("process-map-1"))},
    )
    instructor.post(
        EDIT, data={"source": edited("policy: lcs", "policy: all-or-nothing"), "publish": "1"}
    )
    with app.app_context():
        (attempt,) = db.session.scalars(db.select(Attempt))
        assert (attempt.revision_id, attempt.percent) == (1, 100)
    stale = learner.post(
        f"{LESSON_URL}/activities/process-map-1",
        data={"revision": "1"},
        headers={"Accept": "application/json"},
    )
    assert stale.status_code == 409


def test_new_course_and_lesson(app, instructor):
    assert (
        instructor.post(
            "/instructor/courses/new", data={"slug": "returns", "title": "Returns", "summary": ""}
        ).status_code
        == 302
    )
    response = instructor.post(
        "/instructor/courses/returns/lessons/new",
        data={"slug": "returns-basics", "title": 'The "basics"'},
    )
    assert response.headers["Location"].endswith("/instructor/lessons/returns-basics/edit")
    assert app.test_client().get("/lessons/returns-basics").status_code == 404
    source = instructor.get("/instructor/lessons/returns-basics/edit").text
    assert "id: returns-basics" in source and "title: &#34;The \\&#34;basics\\&#34;&#34;" in source
    with app.app_context():
        draft = db.session.scalar(
            db.select(LessonRevision).filter_by(
                source_hash=db.select(LessonRevision.source_hash)
                .order_by(LessonRevision.id.desc())
                .limit(1)
                .scalar_subquery()
            )
        )
        text = draft.source
    assert (
        instructor.post(
            "/instructor/lessons/returns-basics/edit", data={"source": text, "publish": "1"}
        ).status_code
        == 302
    )
    assert app.test_client().get("/lessons/returns-basics").status_code == 200


@pytest.mark.parametrize(
    "fields", [{"slug": "Bad Id", "title": "X"}, {"slug": COURSE, "title": "Again"}]
)
def test_course_form_errors(instructor, fields):
    assert instructor.post("/instructor/courses/new", data=fields).status_code == 400


@pytest.mark.parametrize("slug", ["nlcourse\n", "nlcourse\r\n"])
def test_a_course_id_with_a_trailing_newline_is_refused_and_nothing_is_created(
    app, instructor, slug
):
    response = instructor.post("/instructor/courses/new", data={"slug": slug, "title": "NL"})
    assert response.status_code == 400
    assert "Use lowercase letters, digits and hyphens." in response.text
    with app.app_context():
        assert db.session.scalar(db.select(Course).filter(Course.slug.like("nl%"))) is None


def test_a_lesson_id_with_a_trailing_newline_is_refused_and_nothing_is_created(app, instructor):
    response = instructor.post(
        f"/instructor/courses/{COURSE}/lessons/new",
        data={"slug": "nllesson\n", "title": "NL"},
    )
    assert response.status_code == 400
    assert "Use lowercase letters, digits and hyphens." in response.text
    with app.app_context():
        assert db.session.scalar(db.select(Lesson).filter(Lesson.slug.like("nllesson%"))) is None


def test_a_lesson_file_whose_id_ends_in_a_newline_is_refused(instructor):
    source = edited(f"id: {SLUG}", f'id: "{SLUG}\\n"')
    response = instructor.post(f"/instructor/lessons/{SLUG}/preview", json={"source": source})
    assert response.json["errors"] == [
        {
            "line": 2,
            "message": "front matter: 'id' must be an id of lowercase letters, digits and "
            "hyphens, like 'my-id'",
        }
    ]


def test_reordering_lessons_rewrites_their_position(app, instructor):
    response = instructor.post(
        f"/instructor/courses/{COURSE}/order",
        data={f"position-{SLUG}": "2", "position-later": "1"},
    )
    assert response.status_code == 302
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SLUG))
        assert lesson.position == 2
        assert "\nposition: 2\n" in lesson.published_revision.source
    course = app.test_client().get(f"/courses/{COURSE}").text
    assert course.index("Later") < course.index("Orders &amp; Returns")


@pytest.mark.parametrize("positions", [("1", "1"), ("1", "x"), ("2", "3")])
def test_reordering_needs_each_position_once(instructor, positions):
    response = instructor.post(
        f"/instructor/courses/{COURSE}/order",
        data={f"position-{SLUG}": positions[0], "position-later": positions[1]},
    )
    assert response.status_code == 400


def test_images_are_uploaded_checked_and_served(app, instructor):
    response = instructor.post(
        "/instructor/media",
        data={"image": (__import__("io").BytesIO(PNG), "photo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    url = response.json["url"]
    assert response.json["markdown"] == f"![]({url})"
    served = app.test_client().get(url)
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == PNG
    assert "immutable" in served.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg onload='alert(1)'></svg>", "x.svg", "Only PNG, JPEG, GIF and WebP"),
        (b"just text pretending", "x.png", "Only PNG, JPEG, GIF and WebP"),
        (PNG_SIGNATURE + HTML, "x.png", "starts like a PNG image but is not a valid one"),
        (PNG + HTML, "x.png", "starts like a PNG image but is not a valid one"),
        (JPEG + HTML, "x.jpg", "starts like a JPEG image but is not a valid one"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "big.png", "at most 1024 KB"),
    ],
    ids=["svg", "text", "png signature then html", "png then html", "jpeg then html", "too big"],
)
def test_uploads_are_checked_by_content_and_size(instructor, data, name, message):
    import io

    response = instructor.post(
        "/instructor/media",
        data={"image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400 and message in response.json["message"]


@pytest.mark.parametrize(
    ("data", "extension", "mimetype"),
    [(PNG, "png", "image/png"), (JPEG, "jpg", "image/jpeg"), (GIF, "gif", "image/gif")]
    + [(WEBP, "webp", "image/webp")],
)
def test_every_accepted_type_is_stored_and_served_as_itself(
    app, instructor, data, extension, mimetype
):
    import io

    response = instructor.post(
        "/instructor/media",
        data={"image": (io.BytesIO(data), "picture.bin")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and response.json["url"].endswith(f".{extension}")
    served = app.test_client().get(response.json["url"])
    assert served.mimetype == mimetype and served.data == data
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_upload_leaves_nothing_stored(app, instructor):
    import io

    response = instructor.post(
        "/instructor/media",
        data={"image": (io.BytesIO(PNG + HTML), "page.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    images = Path(app.config["MEDIA_DIR"]) / "images"
    assert not images.exists() or not any(images.iterdir())


def test_unknown_images_are_404(visitor):
    assert visitor.get("/media/images/../../etc/passwd").status_code == 404
    assert visitor.get("/media/images/" + "0" * 32 + ".png").status_code == 404


def test_lesson_text_is_sanitised_even_for_instructors(app, instructor):
    source = edited(
        "Some text.", 'Some <script>alert(1)</script><img src=x onerror="alert(2)"> text.'
    )
    instructor.post(EDIT, data={"source": source, "publish": "1"})
    page = app.test_client().get(LESSON_URL).text
    assert "alert(1)" not in page and "onerror" not in page


def test_files_database_files_round_trip(app, lesson, tmp_path):
    tmp_path = tmp_path / "exported"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["content", "export", str(tmp_path)])
    assert result.exit_code == 0 and "1 course(s) and 1 published lesson(s)" in result.output
    exported = {
        p.relative_to(tmp_path): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.*")
    }
    original = {
        p.relative_to(lesson.root): p.read_text(encoding="utf-8") for p in lesson.root.rglob("*.md")
    }
    assert original
    for path, text in original.items():
        assert exported[path] == text
    again = runner.invoke(args=["content", "import", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert "0 new revision(s) published, 1 unchanged, 1 planned" in again.output
    assert (
        load_catalog(tmp_path).courses[COURSE].planned
        == load_catalog(lesson.root).courses[COURSE].planned
    )
    assert Path(tmp_path / COURSE / "course.yaml").exists()


def test_publishing_builds_the_lessons_audio_in_the_background(app, instructor, espeak):
    app.config["AUDIO_ON_PUBLISH"] = True
    source = edited("Some text.", "Some changed text.")
    assert instructor.post(EDIT, data={"source": source, "publish": "1"}).status_code == 302
    app.extensions["jobs"].wait()
    sections = app.test_client().get(f"/audio/lessons/{SLUG}.json").json["sections"]
    assert sections and all(section["ready"] for section in sections)
