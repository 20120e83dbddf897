"""The shipped lessons read aloud: every cue matches a sentence on the page, in order, with no
gaps.

Every lesson in content/ is synthesised once for this module with the real engine.
"""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.core.content import load_catalog
from app.core.speech.html_tree import parse_fragment
from app.core.speech.normalise import collapse_spaces
from app.core.speech.synthesis import PAUSE_BETWEEN_SENTENCES, plausible_duration
from app.learning.db import db
from app.learning.importer import import_catalog
from tests.conftest import SEED_CONTENT

LESSONS = sorted(load_catalog(SEED_CONTENT).lessons)


@pytest.fixture(scope="module")
def built(tmp_path_factory, espeak):
    """The app with every shipped lesson imported and read aloud by ``flask audio build``."""
    folder = tmp_path_factory.mktemp("seed-audio")
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(folder / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.db'}",
        }
    )
    with app.app_context():
        db.create_all()
        import_catalog(load_catalog(SEED_CONTENT))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["audio", "build"])
    assert result.exit_code == 0, result.output
    yield app
    app.extensions["speech"].close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module", params=LESSONS)
def shipped_lesson(built, request):
    """One shipped lesson's page and every cue track."""
    client = built.test_client()
    sections = client.get(f"/audio/lessons/{request.param}.json").json["sections"]
    tracks = {s["id"]: client.get(s["cues"]).json for s in sections}
    html = client.get(f"/lessons/{request.param}").text
    return {"html": html, "sections": sections, "tracks": tracks}


def page_sentences(html: str) -> dict[str, str]:
    """Sentence id → its text on the page (all its pieces, in order), in page order."""
    found: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, str):
            return
        sentence = dict(node.attrs).get("data-s")
        if sentence:
            found[sentence] = found.get(sentence, "") + node.text()
            return
        for child in node.children:
            walk(child)

    walk(parse_fragment(html))
    return found


def all_cues(shipped_lesson) -> list[dict]:
    return [
        cue for s in shipped_lesson["sections"] for cue in shipped_lesson["tracks"][s["id"]]["cues"]
    ]


def test_every_cue_is_a_sentence_on_the_page_with_the_same_text(shipped_lesson):
    on_page = page_sentences(shipped_lesson["html"])
    for cue in all_cues(shipped_lesson):
        assert cue["id"] in on_page, cue
        assert collapse_spaces(on_page[cue["id"]]) == cue["text"]


def test_every_sentence_on_the_page_has_a_cue_in_page_order(shipped_lesson):
    assert [c["id"] for c in all_cues(shipped_lesson)] == list(
        page_sentences(shipped_lesson["html"])
    )


def test_each_span_of_a_sentence_is_marked_once_with_its_id(shipped_lesson):
    ids = re.findall(r'<span class="s" id="([^"]+)" data-s="\1">', shipped_lesson["html"])
    assert ids == [c["id"] for c in all_cues(shipped_lesson)]


def test_sentences_are_numbered_without_gaps_in_each_section(shipped_lesson):
    for section in shipped_lesson["sections"]:
        ids = [c["id"] for c in shipped_lesson["tracks"][section["id"]]["cues"]]
        assert ids == [f"s-{section['id']}-{n}" for n in range(1, len(ids) + 1)]


def test_cues_cover_each_section_from_start_to_end_without_gaps(shipped_lesson):
    for track in shipped_lesson["tracks"].values():
        cues = track["cues"]
        assert cues[0]["start"] == 0
        for before, after in zip(cues, cues[1:], strict=False):
            assert before["end"] == after["start"]
        assert cues[-1]["end"] == pytest.approx(track["duration"], abs=0.002)


def test_each_cue_lasts_as_long_as_its_sentence_takes_to_say(shipped_lesson):
    for cue in all_cues(shipped_lesson):
        shortest, longest = plausible_duration(cue["text"], 175)
        spoken = cue["end"] - cue["start"] - PAUSE_BETWEEN_SENTENCES
        assert shortest <= spoken <= longest, cue


@pytest.mark.parametrize(
    "furniture",
    ["Listen to this lesson", "Keyboard shortcuts", "On this page", "Learning objectives",
     "Your Progress is Being Saved!", "In this course"],
)  # fmt: skip
def test_controls_and_page_furniture_are_not_read(shipped_lesson, furniture):
    assert furniture in shipped_lesson["html"]
    assert furniture not in " ".join(c["text"] for c in all_cues(shipped_lesson))
