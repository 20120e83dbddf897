"""Authoring in the browser: drafts and revisions, preview, publishing, files round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Course, Lesson, LessonRevision
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON

EDIT = f"/instructor/lessons/{SEED_LESSON}/edit"
LESSON_URL = f"/lessons/{SEED_LESSON}"
SOURCE = next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md")).read_text(encoding="utf-8")


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def revisions(app):
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SEED_LESSON))
        rows = db.session.scalars(
            db.select(LessonRevision).filter_by(lesson_id=lesson.id).order_by(LessonRevision.number)
        )
        return lesson.published_revision_id, [(r.id, r.number, r.origin, r.author_id) for r in rows]


def edited(old: str, new: str) -> str:
    assert old in SOURCE
    return SOURCE.replace(old, new, 1)


def test_the_editor_opens_with_the_latest_source(teacher):
    page = teacher.get(EDIT).text
    assert "## The Order Fulfillment Process: A Step-by-Step Guide {#fulfillment-process}" in page


def test_saving_makes_a_draft_that_learners_do_not_see(seeded, teacher):
    source = edited("The main\nsteps are:", "The seven main\nsteps are:")
    response = teacher.post(EDIT, data={"source": source, "save": "1"})
    assert response.status_code == 302
    published, rows = revisions(seeded)
    assert [(n, origin) for _, n, origin, _ in rows] == [(1, "file"), (2, "editor")]
    assert rows[1][3] is not None and published == rows[0][0]
    assert "The seven main" not in seeded.test_client().get(LESSON_URL).text


def test_publishing_shows_the_change_to_learners(seeded, teacher):
    source = edited("The main\nsteps are:", "The seven main\nsteps are:")
    assert teacher.post(EDIT, data={"source": source, "publish": "1"}).status_code == 302
    assert "The seven main\nsteps are:" in seeded.test_client().get(LESSON_URL).text


def test_an_invalid_lesson_is_saved_as_a_draft_but_not_published(seeded, teacher):
    source = edited("::: example", "::: exampel")
    response = teacher.post(EDIT, data={"source": source, "publish": "1"})
    assert response.status_code == 400
    line = source.splitlines().index("::: exampel") + 1
    assert f'data-line="{line}">line {line}</button>: unknown block type' in response.text
    published, rows = revisions(seeded)
    assert len(rows) == 2 and published == rows[0][0]


def test_the_id_and_course_of_a_lesson_cannot_change_in_the_editor(teacher):
    source = edited(f"id: {SEED_LESSON}", "id: renamed")
    response = teacher.post(EDIT, data={"source": source, "publish": "1"})
    assert response.status_code == 400 and "the id must stay" in response.text


def test_preview_returns_the_learner_render_with_answer_keys_and_problems(teacher):
    response = teacher.post(f"/instructor/lessons/{SEED_LESSON}/preview", json={"source": SOURCE})
    assert response.status_code == 200 and response.json["errors"] == []
    html = response.json["html"]
    assert "Answer key (only instructors see this)" in html
    broken = teacher.post(
        f"/instructor/lessons/{SEED_LESSON}/preview",
        json={"source": edited("::: example", "::: exampel")},
    )
    assert broken.json["errors"][0]["message"].startswith("unknown block type '::: exampel'")


def test_preview_equals_what_learners_see(seeded, teacher):
    preview = teacher.post(
        f"/instructor/lessons/{SEED_LESSON}/preview", json={"source": SOURCE}
    ).json["html"]
    learner = seeded.test_client().get(LESSON_URL).text
    with seeded.app_context():  # the same preparation pages get (sentences marked for listening)
        content = seeded.extensions["lesson_cache"].render_ready(
            load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
        )
    for section in content.sections:
        for block in section.blocks:
            if hasattr(block, "html"):
                assert block.html in preview and block.html in learner
        assert f'<h2 id="{section.id}">{section.title_html}</h2>' in preview
    for activity in content.activities.values():
        assert activity.prompt_html in preview and activity.prompt_html in learner


def test_answer_keys_never_reach_learners(seeded):
    assert "Answer key" not in seeded.test_client().get(LESSON_URL).text


@pytest.mark.parametrize("payload", [None, {"source": 5}, {"source": "x" * 500_001}])
def test_bad_preview_requests_get_a_400(teacher, payload):
    response = teacher.post(f"/instructor/lessons/{SEED_LESSON}/preview", json=payload)
    assert response.status_code == 400


def test_revisions_list_diff_and_restore(seeded, teacher):
    first = edited("The main\nsteps are:", "The seven main\nsteps are:")
    teacher.post(EDIT, data={"source": first, "save": "1"})
    listing = teacher.get(f"/instructor/lessons/{SEED_LESSON}/revisions").text
    assert "<strong>Published</strong>" in listing and "Draft" in listing
    diff = teacher.get(f"/instructor/lessons/{SEED_LESSON}/diff?a=1&b=2").text
    assert re.search(r"diff__removed.*?The main", diff, re.S) and re.search(
        r"diff__added.*?The seven main", diff, re.S
    )
    response = teacher.post(f"/instructor/lessons/{SEED_LESSON}/revisions/1/restore")
    assert response.status_code == 302
    with seeded.app_context():
        restored = db.session.scalar(db.select(LessonRevision).filter_by(number=3))
        assert restored.source == SOURCE


def test_publishing_an_older_revision_and_unpublishing(seeded, teacher):
    teacher.post(EDIT, data={"source": edited("The main\nsteps are:", "Changed:"), "publish": "1"})
    assert "Changed:" in seeded.test_client().get(LESSON_URL).text
    teacher.post(f"/instructor/lessons/{SEED_LESSON}/revisions/1/publish")
    assert "Changed:" not in seeded.test_client().get(LESSON_URL).text
    teacher.post(f"/instructor/lessons/{SEED_LESSON}/unpublish")
    assert seeded.test_client().get(LESSON_URL).status_code == 404


def test_publishing_an_invalid_revision_is_refused(teacher):
    teacher.post(EDIT, data={"source": edited("::: example", "::: exampel"), "save": "1"})
    response = teacher.post(
        f"/instructor/lessons/{SEED_LESSON}/revisions/2/publish",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400 and "unknown block type" in response.json["message"]


def test_attempts_keep_the_revision_they_were_graded_on(seeded, teacher):
    learner = seeded.test_client()
    content = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
    learner.post(
        f"{LESSON_URL}/activities/process-mapping",
        data={"revision": "1", **answers.right(content.activities["process-mapping"])},
    )
    teacher.post(
        EDIT, data={"source": edited("policy: lcs", "policy: all-or-nothing"), "publish": "1"}
    )
    with seeded.app_context():
        (attempt,) = db.session.scalars(db.select(Attempt))
        assert (attempt.revision_id, attempt.percent) == (1, 100)
    stale = learner.post(
        f"{LESSON_URL}/activities/process-mapping",
        data={"revision": "1"},
        headers={"Accept": "application/json"},
    )
    assert stale.status_code == 409


def test_new_course_and_lesson(seeded, teacher):
    assert (
        teacher.post(
            "/instructor/courses/new", data={"slug": "returns", "title": "Returns", "summary": ""}
        ).status_code
        == 302
    )
    response = teacher.post(
        "/instructor/courses/returns/lessons/new",
        data={"slug": "returns-basics", "title": 'The "basics"'},
    )
    assert response.headers["Location"].endswith("/instructor/lessons/returns-basics/edit")
    assert seeded.test_client().get("/lessons/returns-basics").status_code == 404
    source = teacher.get("/instructor/lessons/returns-basics/edit").text
    assert "id: returns-basics" in source and "title: &#34;The \\&#34;basics\\&#34;&#34;" in source
    with seeded.app_context():
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
        teacher.post(
            "/instructor/lessons/returns-basics/edit", data={"source": text, "publish": "1"}
        ).status_code
        == 302
    )
    assert seeded.test_client().get("/lessons/returns-basics").status_code == 200


@pytest.mark.parametrize(
    "fields", [{"slug": "Bad Id", "title": "X"}, {"slug": "ecommerce-manager-cx", "title": "Again"}]
)
def test_course_form_errors(teacher, fields):
    assert teacher.post("/instructor/courses/new", data=fields).status_code == 400


@pytest.mark.parametrize("slug", ["nlcourse\n", "nlcourse\r\n"])
def test_a_course_id_with_a_trailing_newline_is_refused_and_nothing_is_created(
    seeded, teacher, slug
):
    response = teacher.post("/instructor/courses/new", data={"slug": slug, "title": "NL"})
    assert response.status_code == 400
    assert "Use lowercase letters, digits and hyphens." in response.text
    with seeded.app_context():
        assert db.session.scalar(db.select(Course).filter(Course.slug.like("nl%"))) is None


def test_a_lesson_id_with_a_trailing_newline_is_refused_and_nothing_is_created(seeded, teacher):
    response = teacher.post(
        "/instructor/courses/ecommerce-manager-cx/lessons/new",
        data={"slug": "nllesson\n", "title": "NL"},
    )
    assert response.status_code == 400
    assert "Use lowercase letters, digits and hyphens." in response.text
    with seeded.app_context():
        assert db.session.scalar(db.select(Lesson).filter(Lesson.slug.like("nllesson%"))) is None


def test_a_lesson_file_whose_id_ends_in_a_newline_is_refused(teacher):
    source = edited(f"id: {SEED_LESSON}", f'id: "{SEED_LESSON}\\n"')
    response = teacher.post(f"/instructor/lessons/{SEED_LESSON}/preview", json={"source": source})
    assert response.json["errors"] == [
        {
            "line": 2,
            "message": "front matter: 'id' must be an id of lowercase letters, digits and "
            "hyphens, like 'my-id'",
        }
    ]


def test_reordering_lessons_rewrites_their_position(seeded, teacher):
    response = teacher.post(
        "/instructor/courses/ecommerce-manager-cx/order",
        data={f"position-{SEED_LESSON}": "2", "position-shipping-strategies-and-costs": "1"},
    )
    assert response.status_code == 302
    with seeded.app_context():
        lesson = db.session.scalar(db.select(Lesson).filter_by(slug=SEED_LESSON))
        assert lesson.position == 2
        assert "\nposition: 2\n" in lesson.published_revision.source
    course = seeded.test_client().get("/courses/ecommerce-manager-cx").text
    assert course.index("Shipping Strategies and Costs") < course.index(
        "Order Management &amp; Fulfillment Basics"
    )


@pytest.mark.parametrize("positions", [("1", "1"), ("1", "x"), ("2", "3")])
def test_reordering_needs_each_position_once(teacher, positions):
    response = teacher.post(
        "/instructor/courses/ecommerce-manager-cx/order",
        data={
            f"position-{SEED_LESSON}": positions[0],
            "position-shipping-strategies-and-costs": positions[1],
        },
    )
    assert response.status_code == 400


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_images_are_uploaded_checked_and_served(seeded, teacher):
    response = teacher.post(
        "/instructor/media",
        data={"image": (__import__("io").BytesIO(PNG), "photo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    url = response.json["url"]
    assert response.json["markdown"] == f"![Describe the image]({url})"
    served = seeded.test_client().get(url)
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == PNG
    assert "immutable" in served.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg onload='alert(1)'></svg>", "x.svg", "Only PNG, JPEG, GIF and WebP"),
        (b"just text pretending", "x.png", "Only PNG, JPEG, GIF and WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "big.png", "at most 1024 KB"),
    ],
)
def test_uploads_are_checked_by_content_and_size(teacher, data, name, message):
    import io

    response = teacher.post(
        "/instructor/media",
        data={"image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400 and message in response.json["message"]


def test_unknown_images_are_404(client):
    assert client.get("/media/images/../../etc/passwd").status_code == 404
    assert client.get("/media/images/" + "0" * 32 + ".png").status_code == 404


def test_lesson_text_is_sanitised_even_for_instructors(seeded, teacher):
    source = edited(
        "The main\nsteps are:",
        'The main <script>alert(1)</script><img src=x onerror="alert(2)">\nsteps are:',
    )
    teacher.post(EDIT, data={"source": source, "publish": "1"})
    page = seeded.test_client().get(LESSON_URL).text
    assert "alert(1)" not in page and "onerror" not in page


def test_files_database_files_round_trip(seeded, tmp_path):
    tmp_path = tmp_path / "exported"
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["content", "export", str(tmp_path)])
    assert result.exit_code == 0 and "1 course(s) and 1 published lesson(s)" in result.output
    exported = {
        p.relative_to(tmp_path): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.*")
    }
    original = {
        p.relative_to(SEED_CONTENT): p.read_text(encoding="utf-8")
        for p in SEED_CONTENT.rglob("*.md")
    }
    for path, text in original.items():
        assert exported[path] == text
    again = runner.invoke(args=["content", "import", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert "0 new revision(s) published, 1 unchanged, 1 planned" in again.output
    assert (
        load_catalog(tmp_path).courses["ecommerce-manager-cx"].planned
        == load_catalog(SEED_CONTENT).courses["ecommerce-manager-cx"].planned
    )
    assert Path(tmp_path / "ecommerce-manager-cx" / "course.yaml").exists()


def test_publishing_builds_the_lessons_audio_in_the_background(seeded, teacher, espeak):
    seeded.config["AUDIO_ON_PUBLISH"] = True
    source = edited("The main\nsteps are:", "The seven main\nsteps are:")
    assert teacher.post(EDIT, data={"source": source, "publish": "1"}).status_code == 302
    seeded.extensions["jobs"].wait()
    sections = seeded.test_client().get(f"/audio/lessons/{SEED_LESSON}.json").json["sections"]
    assert sections and all(section["ready"] for section in sections)
