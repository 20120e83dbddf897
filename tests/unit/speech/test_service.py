"""Section audio is built once: cached by key, and built by one of many concurrent callers."""

from __future__ import annotations

import json
import multiprocessing
import threading
from dataclasses import replace

import pytest

from app.core.speech.engines import WorkerEngine
from app.core.speech.script import Sentence, SpeechSection
from app.core.speech.service import SpeechService, SpeechSettings
from app.core.speech.store import MediaStore, cache_key

VOICES = {"gmw/en-us": "American", "gmw/en": "British"}
SECTION = SpeechSection(
    "packing",
    "Packing",
    (
        Sentence("s-packing-1", "Packing", "Packing"),
        Sentence("s-packing-2", "Wrap fragile items twice.", "Wrap fragile items twice."),
        Sentence(
            "s-packing-3", "Use the smallest box & label it.", "Use the smallest box and label it."
        ),
    ),
)


class CountingEngine(WorkerEngine):
    """The real engine, counting how often it is asked to speak."""

    calls = 0

    def synthesise(self, text, voice, rate, path):
        type(self).calls += 1
        return super().synthesise(text, voice, rate, path)


def make_service(root, **settings) -> SpeechService:
    settings = SpeechSettings(voices=VOICES, **settings)
    return SpeechService(settings, MediaStore(root), lambda s: CountingEngine(s.engine))


@pytest.fixture
def service(tmp_path):
    CountingEngine.calls = 0
    service = make_service(tmp_path)
    yield service
    service.close()


@pytest.mark.usefixtures("espeak")
def test_a_built_section_has_audio_and_a_cue_per_sentence(service):
    key = service.ensure(SECTION, "gmw/en-us")
    store = service.store
    assert store.path(key, "mp3").read_bytes()[:2] == b"\xff\xf3"  # MPEG-2 layer III frame
    track = json.loads(store.path(key, "json").read_text())
    assert [c["id"] for c in track["cues"]] == [s.id for s in SECTION.sentences]
    assert [c["text"] for c in track["cues"]] == [s.text for s in SECTION.sentences]
    assert track["cues"][-1]["end"] == pytest.approx(track["duration"], abs=0.002)
    assert store.path(key, "vtt").read_text().startswith("WEBVTT\n\ns-packing-1\n00:00:00.000")


@pytest.mark.usefixtures("espeak")
def test_a_cache_hit_does_not_synthesise(service):
    first = service.ensure(SECTION, "gmw/en-us")
    calls = CountingEngine.calls
    assert calls >= len(SECTION.sentences)
    assert service.ensure(SECTION, "gmw/en-us") == first
    assert CountingEngine.calls == calls
    assert service.built == 1


@pytest.mark.usefixtures("espeak")
def test_another_process_reuses_the_store_without_synthesising(service, tmp_path):
    service.ensure(SECTION, "gmw/en-us")
    CountingEngine.calls = 0
    other = make_service(tmp_path)
    assert other.is_ready(SECTION, "gmw/en-us")
    other.ensure(SECTION, "gmw/en-us")
    assert CountingEngine.calls == 0 and other.built == 0


@pytest.mark.usefixtures("espeak")
def test_concurrent_requests_in_one_process_synthesise_a_section_once(service):
    barrier = threading.Barrier(4)
    keys = []

    def request():
        barrier.wait()
        keys.append(service.ensure(SECTION, "gmw/en-us"))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys) == 4
    assert service.built == 1


def _build_in_another_process(root: str, start) -> int:
    start.wait()
    service = make_service(root)
    try:
        service.ensure(SECTION, "gmw/en-us")
        return service.built
    finally:
        service.close()


@pytest.mark.usefixtures("espeak")
def test_concurrent_processes_synthesise_a_section_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(3)
        with context.Pool(3) as pool:
            results = pool.starmap(_build_in_another_process, [(str(tmp_path), start)] * 3)
    assert sorted(results) == [0, 0, 1]


@pytest.mark.parametrize(
    "change",
    [
        {"engine": "piper"},
        {"voice": "gmw/en"},
        {"rate": 200},
        {"bitrate": 48},
        {"sentences": (*SECTION.sentences[:2], Sentence("s-packing-3", "Changed.", "Changed."))},
        {"sentences": (*SECTION.sentences[:2], replace(SECTION.sentences[2], spoken="Other."))},
        {"sentences": (*SECTION.sentences[:2], replace(SECTION.sentences[2], id="s-packing-9"))},
    ],
)
def test_the_cache_key_changes_with_anything_that_changes_the_audio(change):
    base = {"engine": "pyttsx3", "voice": "gmw/en-us", "rate": 175, "bitrate": 32}
    sentences = change.pop("sentences", SECTION.sentences)
    changed = replace(SECTION, sentences=sentences)
    assert cache_key(SECTION, **base) != cache_key(changed, **{**base, **change})
    assert cache_key(SECTION, **base) == cache_key(replace(SECTION, title="Renamed"), **base)


def test_the_voice_of_a_key_is_found_and_stale_keys_have_none(service):
    key = service.key(SECTION, "gmw/en")
    assert service.voice_of(SECTION, key) == "gmw/en"
    assert service.voice_of(SECTION, "0" * 32) is None


def test_voices_that_are_not_offered_are_refused(service):
    with pytest.raises(ValueError, match="not offered"):
        service.ensure(SECTION, "gmw/en-gb-scotland")


def test_the_store_names_files_by_key_and_refuses_anything_else(tmp_path):
    store = MediaStore(tmp_path)
    assert store.path("ab12", "mp3") == tmp_path / "audio" / "ab" / "ab12.mp3"
    for key, extension in (("../etc", "mp3"), ("ab12", "exe"), ("a/b", "json")):
        with pytest.raises(ValueError):
            store.path(key, extension)


def test_a_store_write_is_complete_only_when_its_record_is_there(tmp_path):
    store = MediaStore(tmp_path)
    store.write("ab12", {"json": b"{}", "mp3": b"ID3"})
    assert store.has("ab12")
    assert not store.has("cd34")
    assert sorted(p.name for p in (tmp_path / "audio" / "ab").iterdir()) == [
        "ab12.json",
        "ab12.mp3",
        "ab12.sums",
    ]
    (tmp_path / "audio" / "ab" / "ab12.sums").unlink()
    assert not MediaStore(tmp_path).has("ab12")


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[:-1]),  # truncated
        lambda p: p.write_bytes(b"X" + p.read_bytes()[1:]),  # corrupted, same size
        lambda p: p.unlink(),  # gone
    ],
)
def test_a_truncated_or_corrupted_file_no_longer_counts_as_built(tmp_path, damage):
    MediaStore(tmp_path).write("ab12", {"json": b"{}", "mp3": b"ID3 and some audio"})
    damage(tmp_path / "audio" / "ab" / "ab12.mp3")
    assert not MediaStore(tmp_path).has("ab12")


def test_settings_refuse_a_default_voice_that_is_not_offered():
    with pytest.raises(ValueError, match="SPEECH_VOICE"):
        SpeechSettings(voice="gmw/en", voices={"gmw/en-us": "American"})
