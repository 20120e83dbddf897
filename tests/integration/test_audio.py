"""Lesson audio over HTTP: the playlist, on-demand synthesis, byte ranges and caching."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from app.learning.db import db
from app.learning.models.courses import Lesson
from app.web.audio import settings_from_config
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.lessons import body_with, build_lesson
from tests.users import signed_in_client

MANIFEST = f"/audio/lessons/{SEED_LESSON}.json"


def manifest(client, **params) -> dict:
    response = client.get(MANIFEST, query_string=params)
    assert response.status_code == 200
    return response.json


def section_urls(client, section="next-steps") -> dict:
    return next(s for s in manifest(client)["sections"] if s["id"] == section)


@pytest.fixture
def mp3(client, espeak):
    """The URL and bytes of a section's MP3, synthesised on first request."""
    url = section_urls(client)["audio"]
    response = client.get(url)
    assert response.status_code == 200
    return url, response.data


def test_the_playlist_lists_every_section_in_page_order(client):
    data = manifest(client)
    ids = [s["id"] for s in data["sections"]]
    assert ids[:3] == ["page-intro", "fulfillment-process", "fulfillment-methods"]
    assert ids[-1] == "extended-resources"
    assert data["voice"] == "gmw/en-us"
    assert [v["id"] for v in data["voices"]] == ["gmw/en-us", "gmw/en"]
    assert data["engine"] == {"name": "pyttsx3", "available": True, "message": ""}
    first = data["sections"][1]
    assert first["title"] == "The Order Fulfillment Process: A Step-by-Step Guide"
    assert re.fullmatch(
        r"/audio/order-management-fulfillment-basics/fulfillment-process/[0-9a-f]{32}\.mp3",
        first["audio"],
    )
    assert first["cues"] == first["audio"][:-3] + "json"
    assert first["ready"] is False


def test_a_voice_gives_other_files_and_unknown_voices_are_not_found(client):
    american = section_urls(client)["audio"]
    british = next(
        s for s in manifest(client, voice="gmw/en")["sections"] if s["id"] == "next-steps"
    )
    assert british["audio"] != american
    assert client.get(MANIFEST, query_string={"voice": "klingon"}).status_code == 404


def test_the_playlist_is_revalidated_with_an_etag(client):
    response = client.get(MANIFEST)
    assert "no-cache" in response.headers["Cache-Control"]
    again = client.get(MANIFEST, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


PLAYLIST = f"/audio/lessons/{SEED_LESSON}.m3u"


def playlist_entries(response) -> list[str]:
    return response.text.splitlines()[3::2]


def test_an_m3u_playlist_serves_players_without_javascript(client):
    response = client.get(PLAYLIST)
    assert response.mimetype == "audio/x-mpegurl"
    lines = response.text.splitlines()
    assert lines[0] == "#EXTM3U"
    assert "#EXTINF:-1,Key Takeaways" in lines
    audio = [s["audio"] for s in manifest(client)["sections"]]
    base = f"http://localhost{PLAYLIST}"
    assert [urljoin(base, entry) for entry in playlist_entries(response)] == [
        f"http://localhost{url}" for url in audio
    ]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8443", "localhost@evil.example"])
def test_a_forged_host_header_never_reaches_the_playlist(client, host):
    response = client.get(PLAYLIST, headers={"Host": host})
    assert response.status_code == 200
    assert "evil" not in response.text
    assert all(entry.startswith(f"../{SEED_LESSON}/") for entry in playlist_entries(response))


def test_the_playlist_is_absolute_under_the_configured_public_url(seeded):
    seeded.config["PUBLIC_URL"] = "https://learn.example.org/"
    client = seeded.test_client()
    response = client.get(PLAYLIST, headers={"Host": "evil.example"})
    audio = [s["audio"] for s in manifest(client)["sections"]]
    assert playlist_entries(response) == [f"https://learn.example.org{url}" for url in audio]


def test_playlist_entries_follow_the_prefix_the_app_is_mounted_under(client):
    response = client.get(PLAYLIST, environ_base={"SCRIPT_NAME": "/learn"})
    base = f"http://localhost/learn{PLAYLIST}"
    assert all(
        urljoin(base, entry).startswith(f"http://localhost/learn/audio/{SEED_LESSON}/")
        for entry in playlist_entries(response)
    )


def test_a_section_without_audio_is_synthesised_on_first_request(client, espeak):
    section = section_urls(client)
    cues = client.get(section["cues"])
    assert cues.status_code == 200 and cues.mimetype == "application/json"
    track = cues.json
    assert [c["id"] for c in track["cues"]] == [
        "s-next-steps-1",
        "s-next-steps-2",
        "s-next-steps-3",
    ]
    assert section_urls(client)["ready"] is True
    audio = client.get(section["audio"])
    assert audio.mimetype == "audio/mpeg" and audio.data[:2] == b"\xff\xf3"
    captions = client.get(section["captions"])
    assert captions.mimetype == "text/vtt" and captions.text.startswith("WEBVTT")


def test_audio_files_are_cached_immutably_with_an_etag(client, mp3):
    url, _ = mp3
    response = client.get(url)
    assert response.headers["Accept-Ranges"] == "bytes"
    cache = response.headers["Cache-Control"]
    assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=1000-1999", 1000, 1999), ("bytes=-500", None, None)],
    ids=["first bytes", "middle", "suffix"],
)
def test_byte_ranges_are_served_as_partial_content(client, mp3, header, start, end):
    url, whole = mp3
    if start is None:
        start, end = len(whole) - 500, len(whole) - 1
    response = client.get(url, headers={"Range": header})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {start}-{end}/{len(whole)}"
    assert response.data == whole[start : end + 1]


def test_a_range_beyond_the_file_is_not_satisfiable(client, mp3):
    url, whole = mp3
    response = client.get(url, headers={"Range": f"bytes={len(whole) + 10}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(whole)}"


def test_out_of_date_and_malformed_keys_are_not_found(client):
    stale = section_urls(client)["audio"].rsplit("/", 1)[0] + "/" + "0" * 32 + ".mp3"
    response = client.get(stale, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "out of date" in response.json["message"]
    assert client.get(f"/audio/{SEED_LESSON}/next-steps/..%2Fx.mp3").status_code == 404
    assert client.get(f"/audio/{SEED_LESSON}/nowhere/{'0' * 32}.mp3").status_code == 404
    assert client.get(f"/audio/no-such-lesson/next-steps/{'0' * 32}.json").status_code == 404


@pytest.fixture
def no_engine_client(seeded):
    seeded.config["SPEECH_ENGINE"] = "none"
    from app.web.audio import init_app

    init_app(seeded)
    return seeded.test_client()


def test_without_an_engine_the_player_is_told_to_use_the_browser_voice(no_engine_client):
    data = manifest(no_engine_client)
    assert data["engine"]["available"] is False
    assert data["engine"]["message"] == "Server speech is turned off."
    cues = data["sections"][0]["cues"]
    response = no_engine_client.get(cues, headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert "can't be generated on this server" in response.json["message"]


def test_an_engine_that_cannot_start_is_reported_as_unavailable(seeded):
    seeded.config["SPEECH_PYTHON"] = "/nonexistent/python"
    from app.web.audio import init_app

    init_app(seeded)
    client = seeded.test_client()
    cues = manifest(client)["sections"][0]["cues"]
    assert client.get(cues, headers={"Accept": "application/json"}).status_code == 503
    engine = manifest(client)["engine"]
    assert engine["available"] is False and "/nonexistent/python" in engine["message"]


def test_audio_build_synthesises_missing_sections_and_then_nothing(seeded, espeak):
    runner = seeded.test_cli_runner()
    sections = len(manifest(seeded.test_client())["sections"])
    first = runner.invoke(args=["audio", "build", "--lesson", SEED_LESSON])
    assert first.exit_code == 0, first.output
    assert re.search(
        rf"Built {sections} section\(s\) in [\d.]+ s; 0 were up to date\.", first.output
    )
    second = runner.invoke(args=["audio", "build"])
    assert second.exit_code == 0
    assert f"Audio is up to date: {sections} section(s) of 1 lesson(s)." in second.output
    assert all(s["ready"] for s in manifest(seeded.test_client())["sections"])


def test_audio_build_refuses_unknown_lessons(seeded):
    result = seeded.test_cli_runner().invoke(args=["audio", "build", "--lesson", "nope"])
    assert result.exit_code == 2 and "no published lesson called nope" in result.output


def test_audio_build_can_be_limited_to_some_sections(seeded, espeak):
    result = seeded.test_cli_runner().invoke(
        args=["audio", "build", "--lesson", SEED_LESSON, "--section", "next-steps"]
    )
    assert result.exit_code == 0, result.output
    assert "Built 1 section(s)" in result.output
    ready = {s["id"] for s in manifest(seeded.test_client())["sections"] if s["ready"]}
    assert ready == {"next-steps"}


def test_audio_build_refuses_unknown_sections(seeded):
    result = seeded.test_cli_runner().invoke(args=["audio", "build", "--section", "nope"])
    assert result.exit_code == 2 and "no section called nope" in result.output


def test_audio_build_without_an_engine_fails_unless_told_it_may(seeded):
    seeded.config["SPEECH_PYTHON"] = "/nonexistent/python"
    from app.web.audio import init_app

    init_app(seeded)
    runner = seeded.test_cli_runner()
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


def test_cue_tracks_carry_the_sentences_of_the_page(client, espeak):
    html = client.get(f"/lessons/{SEED_LESSON}").text
    track = json.loads(client.get(section_urls(client, "key-takeaways")["cues"]).data)
    for cue in track["cues"]:
        assert f'id="{cue["id"]}"' in html


def test_a_damaged_cached_section_is_detected_and_rebuilt(seeded, espeak):
    client = seeded.test_client()
    section = manifest(client)["sections"][1]
    first = client.get(section["audio"])
    assert first.status_code == 200
    path = seeded.extensions["speech"].store.path(section["audio"].rsplit("/", 1)[1][:-4], "mp3")
    path.write_bytes(path.read_bytes()[: len(first.data) // 2])  # truncated on disk
    built = seeded.extensions["speech"].built
    again = client.get(section["audio"])
    assert again.status_code == 200
    assert abs(len(again.data) - len(first.data)) < len(first.data) / 10  # whole audio again
    assert seeded.extensions["speech"].built == built + 1


def fetched(client, urls) -> dict[str, int]:
    return {url.rsplit(".", 1)[1]: client.get(url).status_code for url in urls}


def section_files(client, section="next-steps") -> list[str]:
    urls = section_urls(client, section)
    return [urls["audio"], urls["cues"], urls["captions"]]


def test_an_unpublished_lessons_audio_and_captions_are_no_longer_served(seeded, espeak):
    """Its files stay in the store (publishing again needs no new synthesis), but no key of
    the lesson is served while it is not published: the captions are its whole text."""
    seeded.config["WTF_CSRF_ENABLED"] = False
    client, teacher = seeded.test_client(), signed_in_client(seeded)
    files = section_files(client)
    assert fetched(client, files) == {"mp3": 200, "json": 200, "vtt": 200}
    response = teacher.post(f"/instructor/lessons/{SEED_LESSON}/unpublish")
    assert response.status_code == 302
    assert client.get(MANIFEST).status_code == 404
    key = files[0].rsplit("/", 1)[1][:-4]
    assert seeded.extensions["speech"].store.has(key)  # still cached, not served
    assert fetched(client, files) == {"mp3": 404, "json": 404, "vtt": 404}
    assert fetched(teacher, files) == {"mp3": 404, "json": 404, "vtt": 404}


def test_a_lesson_that_was_never_published_serves_no_audio_even_when_built(
    seeded, tmp_path, espeak
):
    lesson = build_lesson(seeded, tmp_path, body_with(intro="A draft nobody may hear yet."))
    with seeded.app_context():
        row = db.session.scalar(db.select(Lesson).filter_by(slug=lesson.slug))
        row.published_revision_id = None
        db.session.commit()
    service = seeded.extensions["speech"]
    section = seeded.extensions["lesson_cache"].render_ready(lesson.content).speech[0]
    key = service.ensure(section, service.settings.voice)  # e.g. `flask audio build` earlier
    client = seeded.test_client()
    urls = [f"/audio/{lesson.slug}/{section.id}/{key}.{ext}" for ext in ("mp3", "json", "vtt")]
    assert fetched(client, urls) == {"mp3": 404, "json": 404, "vtt": 404}


def test_a_key_is_served_only_under_its_own_lesson_and_section(client, espeak):
    audio = section_urls(client)["captions"]
    assert client.get(audio).status_code == 200
    key_file = audio.rsplit("/", 1)[1]
    other_section = f"/audio/{SEED_LESSON}/key-takeaways/{key_file}"
    other_lesson = f"/audio/shipping-strategies-and-costs/next-steps/{key_file}"
    assert client.get(other_section).status_code == 404
    assert client.get(other_lesson).status_code == 404


def test_audio_of_a_replaced_revision_is_no_longer_served(seeded, espeak):
    seeded.config["WTF_CSRF_ENABLED"] = False
    client, teacher = seeded.test_client(), signed_in_client(seeded)
    old = section_urls(client, "key-takeaways")["captions"]
    assert client.get(old).status_code == 200
    source = next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md")).read_text()
    takeaways = source.index("Key Takeaways")
    changed = source[:takeaways] + source[takeaways:].replace(" the ", " every ", 1)
    edit = f"/instructor/lessons/{SEED_LESSON}/edit"
    assert teacher.post(edit, data={"source": changed, "publish": "1"}).status_code == 302
    assert section_urls(client, "key-takeaways")["captions"] != old
    response = client.get(old, headers={"Accept": "application/json"})
    assert response.status_code == 404 and "out of date" in response.json["message"]
