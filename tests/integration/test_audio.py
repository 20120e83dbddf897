"""Lesson audio over HTTP: the playlist, on-demand synthesis, byte ranges and caching.

Every test works on the lesson below, built for the test; the shipped lesson read aloud in full is
checked in test_seed_lesson_audio.py.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from app.learning.db import db
from app.learning.models.courses import Lesson
from app.web.audio import settings_from_config
from tests.lessons import COURSE, SLUG, body_with, build_lesson
from tests.users import signed_in_staff

MANIFEST = f"/audio/lessons/{SLUG}.json"
BODY = """\
An introduction.

## Picking and packing {#one}

Orders are taken from the shelves and packed.

## Key points {#points}

Orders are picked first. Then they are packed and shipped.

## Going further {#further .deep-dive}

More to read.

## Wrap-up {#last}

What to remember.
"""


@pytest.fixture(autouse=True)
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", BODY)


def manifest(client, **params) -> dict:
    response = client.get(MANIFEST, query_string=params)
    assert response.status_code == 200
    return response.json


def section_urls(client, section="points") -> dict:
    return next(s for s in manifest(client)["sections"] if s["id"] == section)


@pytest.fixture
def mp3(visitor, espeak):
    """The URL and bytes of a section's MP3, synthesised on first request."""
    url = section_urls(visitor)["audio"]
    response = visitor.get(url)
    assert response.status_code == 200
    return url, response.data


def test_the_playlist_lists_every_section_in_page_order(visitor):
    data = manifest(visitor)
    ids = [s["id"] for s in data["sections"]]
    assert ids[:3] == ["page-intro", "one", "points"]
    assert ids[-2:] == ["last", "further"]  # the deep dive after the required path, as on the page
    assert data["voice"] == "gmw/en-us"
    assert [v["id"] for v in data["voices"]] == ["gmw/en-us", "gmw/en"]
    assert data["engine"] == {"name": "pyttsx3", "available": True, "message": ""}
    first = data["sections"][1]
    assert first["title"] == "Picking and packing"
    assert re.fullmatch(rf"/audio/{SLUG}/one/[0-9a-f]{{32}}\.mp3", first["audio"])
    assert first["cues"] == first["audio"][:-3] + "json"
    assert first["ready"] is False


def test_a_voice_gives_other_files_and_unknown_voices_are_not_found(visitor):
    american = section_urls(visitor)["audio"]
    british = next(s for s in manifest(visitor, voice="gmw/en")["sections"] if s["id"] == "points")
    assert british["audio"] != american
    assert visitor.get(MANIFEST, query_string={"voice": "klingon"}).status_code == 404


def test_the_playlist_is_revalidated_with_an_etag(visitor):
    response = visitor.get(MANIFEST)
    assert "no-cache" in response.headers["Cache-Control"]
    again = visitor.get(MANIFEST, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


PLAYLIST = f"/audio/lessons/{SLUG}.m3u"


def playlist_entries(response) -> list[str]:
    return response.text.splitlines()[3::2]


def test_an_m3u_playlist_serves_players_without_javascript(visitor):
    client = visitor
    response = client.get(PLAYLIST)
    assert response.mimetype == "audio/x-mpegurl"
    lines = response.text.splitlines()
    assert lines[0] == "#EXTM3U"
    assert "#EXTINF:-1,Key points" in lines
    audio = [s["audio"] for s in manifest(client)["sections"]]
    base = f"http://localhost{PLAYLIST}"
    assert [urljoin(base, entry) for entry in playlist_entries(response)] == [
        f"http://localhost{url}" for url in audio
    ]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8443", "localhost@evil.example"])
def test_a_forged_host_header_never_reaches_the_playlist(visitor, host):
    response = visitor.get(PLAYLIST, headers={"Host": host})
    assert response.status_code == 200
    assert "evil" not in response.text
    assert all(entry.startswith(f"../{SLUG}/") for entry in playlist_entries(response))


def test_the_playlist_is_absolute_under_the_configured_public_url(app):
    app.config["PUBLIC_URL"] = "https://learn.example.org/"
    client = app.test_client()
    response = client.get(PLAYLIST, headers={"Host": "evil.example"})
    audio = [s["audio"] for s in manifest(client)["sections"]]
    assert playlist_entries(response) == [f"https://learn.example.org{url}" for url in audio]


def test_playlist_entries_follow_the_prefix_the_app_is_mounted_under(visitor):
    response = visitor.get(PLAYLIST, environ_base={"SCRIPT_NAME": "/learn"})
    base = f"http://localhost/learn{PLAYLIST}"
    assert all(
        urljoin(base, entry).startswith(f"http://localhost/learn/audio/{SLUG}/")
        for entry in playlist_entries(response)
    )


def test_a_section_without_audio_is_synthesised_on_first_request(visitor, espeak):
    section = section_urls(visitor)
    cues = visitor.get(section["cues"])
    assert cues.status_code == 200 and cues.mimetype == "application/json"
    track = cues.json
    assert [c["id"] for c in track["cues"]] == ["s-points-1", "s-points-2", "s-points-3"]
    assert section_urls(visitor)["ready"] is True
    audio = visitor.get(section["audio"])
    assert audio.mimetype == "audio/mpeg" and audio.data[:2] == b"\xff\xf3"
    captions = visitor.get(section["captions"])
    assert captions.mimetype == "text/vtt" and captions.text.startswith("WEBVTT")


def test_audio_files_are_cached_immutably_with_an_etag(visitor, mp3):
    url, _ = mp3
    response = visitor.get(url)
    assert response.headers["Accept-Ranges"] == "bytes"
    cache = response.headers["Cache-Control"]
    assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache
    assert visitor.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=1000-1999", 1000, 1999), ("bytes=-500", None, None)],
    ids=["first bytes", "middle", "suffix"],
)
def test_byte_ranges_are_served_as_partial_content(visitor, mp3, header, start, end):
    url, whole = mp3
    if start is None:
        start, end = len(whole) - 500, len(whole) - 1
    response = visitor.get(url, headers={"Range": header})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {start}-{end}/{len(whole)}"
    assert response.data == whole[start : end + 1]


def test_a_range_beyond_the_file_is_not_satisfiable(visitor, mp3):
    url, whole = mp3
    response = visitor.get(url, headers={"Range": f"bytes={len(whole) + 10}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(whole)}"


def test_out_of_date_and_malformed_keys_are_not_found(visitor):
    stale = section_urls(visitor)["audio"].rsplit("/", 1)[0] + "/" + "0" * 32 + ".mp3"
    response = visitor.get(stale, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "out of date" in response.json["message"]
    assert visitor.get(f"/audio/{SLUG}/points/..%2Fx.mp3").status_code == 404
    assert visitor.get(f"/audio/{SLUG}/nowhere/{'0' * 32}.mp3").status_code == 404
    assert visitor.get(f"/audio/no-such-lesson/points/{'0' * 32}.json").status_code == 404


@pytest.fixture
def no_engine_client(app):
    app.config["SPEECH_ENGINE"] = "none"
    from app.web.audio import init_app

    init_app(app)
    return app.test_client()


def test_without_an_engine_the_player_is_told_to_use_the_browser_voice(no_engine_client):
    data = manifest(no_engine_client)
    assert data["engine"]["available"] is False
    assert data["engine"]["message"] == "Server speech is turned off."
    cues = data["sections"][0]["cues"]
    response = no_engine_client.get(cues, headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert "can't be generated on this server" in response.json["message"]


def test_an_engine_that_cannot_start_is_reported_as_unavailable(app):
    app.config["SPEECH_PYTHON"] = "/nonexistent/python"
    from app.web.audio import init_app

    init_app(app)
    client = app.test_client()
    cues = manifest(client)["sections"][0]["cues"]
    assert client.get(cues, headers={"Accept": "application/json"}).status_code == 503
    engine = manifest(client)["engine"]
    assert engine["available"] is False and "/nonexistent/python" in engine["message"]


def test_audio_build_synthesises_missing_sections_and_then_nothing(app, espeak):
    runner = app.test_cli_runner()
    sections = len(manifest(app.test_client())["sections"])
    first = runner.invoke(args=["audio", "build", "--lesson", SLUG])
    assert first.exit_code == 0, first.output
    assert re.search(
        rf"Built {sections} section\(s\) in [\d.]+ s; 0 were up to date\.", first.output
    )
    second = runner.invoke(args=["audio", "build"])
    assert second.exit_code == 0
    assert f"Audio is up to date: {sections} section(s) of 1 lesson(s)." in second.output
    assert all(s["ready"] for s in manifest(app.test_client())["sections"])


def test_audio_build_refuses_unknown_lessons(app):
    result = app.test_cli_runner().invoke(args=["audio", "build", "--lesson", "nope"])
    assert result.exit_code == 2 and "no published lesson called nope" in result.output


def test_audio_build_can_be_limited_to_some_sections(app, espeak):
    result = app.test_cli_runner().invoke(
        args=["audio", "build", "--lesson", SLUG, "--section", "points"]
    )
    assert result.exit_code == 0, result.output
    assert "Built 1 section(s)" in result.output
    ready = {s["id"] for s in manifest(app.test_client())["sections"] if s["ready"]}
    assert ready == {"points"}


def test_audio_build_refuses_unknown_sections(app):
    result = app.test_cli_runner().invoke(args=["audio", "build", "--section", "nope"])
    assert result.exit_code == 2 and "no section called nope" in result.output


def test_audio_build_without_an_engine_fails_unless_told_it_may(app):
    app.config["SPEECH_PYTHON"] = "/nonexistent/python"
    from app.web.audio import init_app

    init_app(app)
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["audio", "build"])
    assert failed.exit_code == 1 and "No speech engine" in failed.output
    tolerated = runner.invoke(args=["audio", "build", "--if-engine-available"])
    assert tolerated.exit_code == 0 and "browsers will read lessons instead" in tolerated.output


def test_media_dir_defaults_to_the_instance_folder(app):
    assert app.config["MEDIA_DIR"] == app.instance_path + "/media"


@pytest.mark.parametrize(
    ("config", "voice", "voices"),
    [
        ({}, "gmw/en-us", ["gmw/en-us", "gmw/en"]),
        ({"SPEECH_ENGINE": "piper"}, "en_US-joe-medium", ["en_US-joe-medium"]),
        (
            {"SPEECH_VOICE": "gmw/en-gb-x-rp"},
            "gmw/en-gb-x-rp",
            ["gmw/en-gb-x-rp", "gmw/en-us", "gmw/en"],
        ),
    ],
)
def test_speech_settings_come_from_configuration(app, config, voice, voices):
    settings = settings_from_config({**app.config, **config})
    assert settings.voice == voice and list(settings.voices) == voices


def test_cue_tracks_carry_the_sentences_of_the_page(visitor, espeak):
    html = visitor.get(f"/lessons/{SLUG}").text
    track = json.loads(visitor.get(section_urls(visitor, "points")["cues"]).data)
    for cue in track["cues"]:
        assert f'id="{cue["id"]}"' in html


def test_a_damaged_cached_section_is_detected_and_rebuilt(app, espeak):
    client = app.test_client()
    section = manifest(client)["sections"][1]
    first = client.get(section["audio"])
    assert first.status_code == 200
    path = app.extensions["speech"].store.path(section["audio"].rsplit("/", 1)[1][:-4], "mp3")
    path.write_bytes(path.read_bytes()[: len(first.data) // 2])  # truncated on disk
    built = app.extensions["speech"].built
    again = client.get(section["audio"])
    assert again.status_code == 200
    # Whole audio again, not the truncated half (a new synthesis may differ a little in length).
    assert len(again.data) > len(first.data) * 0.8
    assert again.data.startswith((b"ID3", b"\xff\xf3", b"\xff\xfb"))  # an MP3 from its start
    assert app.extensions["speech"].built == built + 1


def fetched(client, urls) -> dict[str, int]:
    return {url.rsplit(".", 1)[1]: client.get(url).status_code for url in urls}


def section_files(client, section="points") -> list[str]:
    urls = section_urls(client, section)
    return [urls["audio"], urls["cues"], urls["captions"]]


def test_an_unpublished_lessons_audio_and_captions_are_no_longer_served(app, espeak):
    """Its files stay in the store (publishing again needs no new synthesis), but no key of
    the lesson is served while it is not published: the captions are its whole text."""
    app.config["WTF_CSRF_ENABLED"] = False
    client, teacher = app.test_client(), signed_in_staff(app, course=COURSE)
    files = section_files(client)
    assert fetched(client, files) == {"mp3": 200, "json": 200, "vtt": 200}
    response = teacher.post(f"/instructor/lessons/{SLUG}/unpublish")
    assert response.status_code == 302
    assert client.get(MANIFEST).status_code == 404
    key = files[0].rsplit("/", 1)[1][:-4]
    assert app.extensions["speech"].store.has(key)  # still cached, not served
    assert fetched(client, files) == {"mp3": 404, "json": 404, "vtt": 404}
    assert fetched(teacher, files) == {"mp3": 404, "json": 404, "vtt": 404}


def test_a_lesson_that_was_never_published_serves_no_audio_even_when_built(app, tmp_path, espeak):
    intro = "A draft nobody may hear yet."
    lesson = build_lesson(app, tmp_path / "draft", body_with(intro=intro), slug="draft")
    with app.app_context():
        row = db.session.scalar(db.select(Lesson).filter_by(slug=lesson.slug))
        row.published_revision_id = None
        db.session.commit()
    service = app.extensions["speech"]
    section = app.extensions["lesson_cache"].render_ready(lesson.content).speech[0]
    key = service.ensure(section, service.settings.voice)  # e.g. `flask audio build` earlier
    client = app.test_client()
    urls = [f"/audio/{lesson.slug}/{section.id}/{key}.{ext}" for ext in ("mp3", "json", "vtt")]
    assert fetched(client, urls) == {"mp3": 404, "json": 404, "vtt": 404}


def test_a_key_is_served_only_under_its_own_lesson_and_section(visitor, espeak):
    client = visitor
    audio = section_urls(client)["captions"]
    assert client.get(audio).status_code == 200
    key_file = audio.rsplit("/", 1)[1]
    other_section = f"/audio/{SLUG}/last/{key_file}"
    other_lesson = f"/audio/no-such-lesson/points/{key_file}"
    assert client.get(other_section).status_code == 404
    assert client.get(other_lesson).status_code == 404


def test_audio_of_a_replaced_revision_is_no_longer_served(app, lesson, espeak):
    app.config["WTF_CSRF_ENABLED"] = False
    client, teacher = app.test_client(), signed_in_staff(app, course=COURSE)
    old = section_urls(client, "points")["captions"]
    assert client.get(old).status_code == 200
    changed = lesson.source.replace("Orders are picked first.", "Orders are picked at once.")
    edit = f"/instructor/lessons/{SLUG}/edit"
    assert teacher.post(edit, data={"source": changed, "publish": "1"}).status_code == 302
    assert section_urls(client, "points")["captions"] != old
    response = client.get(old, headers={"Accept": "application/json"})
    assert response.status_code == 404 and "out of date" in response.json["message"]
