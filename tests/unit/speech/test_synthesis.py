"""Synthesis with the real engine (pyttsx3 over espeak-ng), checked and retried, never trusted."""

from __future__ import annotations

import os
import signal
import wave
from pathlib import Path

import pytest

from app.core.speech.audio import InvalidAudio, Pcm, read_wav
from app.core.speech.engines import EngineFailed, EngineUnavailable, WorkerEngine
from app.core.speech.script import Sentence, SpeechSection
from app.core.speech.synthesis import (
    ATTEMPTS,
    SynthesisError,
    plausible_duration,
    synthesise_section,
    synthesise_sentence,
)

pytestmark = pytest.mark.usefixtures("espeak")

VOICE, RATE = "gmw/en-us", 175
LONG = (
    "While the previous lesson covered order management fundamentals, let's explore the nuances "
    "of each fulfillment method. Consider the hidden costs beyond the headline percentages. For "
    "example, in-house fulfillment offers greater control but demands significant investment in "
    "warehousing, staffing, and technology."
)


def sentence(text: str, id: str = "s-t-1") -> Sentence:
    return Sentence(id, text, text)


@pytest.fixture
def engine():
    engine = WorkerEngine("pyttsx3")
    yield engine
    engine.close()


class UnreliableEngine:
    """The real engine, except that its first ``failures`` calls go wrong in a chosen way."""

    def __init__(self, real: WorkerEngine, how: str, failures: int) -> None:
        self.real, self.how, self.failures = real, how, failures
        self.name = "unreliable"
        self.calls = self.restarts = 0

    def voices(self):
        return self.real.voices()

    def synthesise(self, text: str, voice: str, rate: int, path: Path) -> None:
        self.calls += 1
        if self.calls > self.failures:
            return self.real.synthesise(text, voice, rate, path)
        if self.how == "no file":
            return None
        if self.how == "empty file":
            path.write_bytes(b"")
        elif self.how == "truncated":
            self.real.synthesise(text, voice, rate, path)
            pcm = read_wav(path)
            with wave.open(str(path), "wb") as out:
                out.setnchannels(1), out.setsampwidth(2), out.setframerate(pcm.sample_rate)
                out.writeframes(pcm.samples[: pcm.sample_rate // 10])
        elif self.how == "error":
            raise EngineFailed("the engine crashed")
        return None

    def restart(self) -> None:
        self.restarts += 1
        self.real.restart()

    def close(self) -> None:
        self.real.close()


def test_multi_sentence_text_in_a_fresh_engine_gives_audio_of_plausible_length(engine, tmp_path):
    pcm = synthesise_sentence(engine, sentence(LONG), VOICE, RATE, tmp_path)
    shortest, longest = plausible_duration(LONG, RATE)
    assert pcm.sample_rate == 22050
    assert shortest < pcm.duration < longest
    assert 12 < pcm.duration < 25  # about 50 words at 175 words per minute
    assert list(tmp_path.iterdir()) == []  # no WAV files left behind


def test_a_section_is_one_stretch_of_audio_with_contiguous_cues(engine):
    texts = ["Order Placement: the customer orders.", LONG, "Done."]
    section = SpeechSection("t", "T", tuple(sentence(t, f"s-t-{i}") for i, t in enumerate(texts)))
    speech = synthesise_section(engine, section, VOICE, RATE)
    assert [c.id for c in speech.cues] == ["s-t-0", "s-t-1", "s-t-2"]
    assert speech.cues[0].start == 0
    for before, after in zip(speech.cues, speech.cues[1:], strict=False):
        assert before.end == after.start and before.start < before.end
    assert speech.cues[-1].end == pytest.approx(speech.pcm.duration, abs=0.002)
    assert speech.cues[1].end - speech.cues[1].start > 5 * (
        speech.cues[2].end - speech.cues[2].start
    )


@pytest.mark.parametrize("how", ["no file", "empty file", "truncated", "error"])
def test_a_failed_call_is_detected_and_retried_on_a_fresh_engine(engine, tmp_path, how):
    # One failure made here: the real engine on a loaded machine may itself fail a call or
    # two after a restart, and the attempts left must cover that.
    unreliable = UnreliableEngine(engine, how, failures=1)
    pcm = synthesise_sentence(unreliable, sentence(LONG), VOICE, RATE, tmp_path)
    assert pcm.duration > 10
    assert 2 <= unreliable.calls <= ATTEMPTS
    assert unreliable.restarts == unreliable.calls - 1


def test_a_sentence_that_keeps_failing_is_reported_not_served_as_silence(engine, tmp_path):
    unreliable = UnreliableEngine(engine, "no file", failures=99)
    with pytest.raises(SynthesisError) as failure:
        synthesise_sentence(unreliable, sentence("Never written.", "s-x-7"), VOICE, RATE, tmp_path)
    assert failure.value.sentence_id == "s-x-7"
    assert failure.value.reasons == ["no file was written"] * ATTEMPTS
    assert "s-x-7" in str(failure.value)


def test_an_engine_process_that_dies_is_replaced(engine, tmp_path):
    engine.voices()
    first = engine.pid
    os.kill(first, signal.SIGKILL)
    pcm = synthesise_sentence(engine, sentence("Still here."), VOICE, RATE, tmp_path)
    assert pcm.duration > 0.3
    assert engine.pid != first


def test_an_unknown_voice_is_an_error_not_a_different_voice(engine, tmp_path):
    with pytest.raises(EngineFailed, match="unknown voice 'xx/nowhere'"):
        engine.synthesise("Hello.", "xx/nowhere", RATE, tmp_path / "x.wav")


def test_the_voices_of_the_engine_are_listed(engine):
    ids = {voice.id for voice in engine.voices()}
    assert {"gmw/en-us", "gmw/en"} <= ids


def test_an_engine_that_cannot_start_says_why():
    with pytest.raises(EngineUnavailable, match="cannot start /nonexistent/python"):
        WorkerEngine("pyttsx3", python="/nonexistent/python").voices()


def test_an_engine_that_never_answers_is_given_up_on(tmp_path):
    silent = tmp_path / "silent-python"
    silent.write_text("#!/bin/sh\nexec sleep 30\n")
    silent.chmod(0o755)
    engine = WorkerEngine("pyttsx3", python=str(silent), start_timeout=0.5)
    with pytest.raises(EngineUnavailable, match="did not start: no answer within 0.5 s"):
        engine.voices()


def test_unknown_engines_are_refused():
    with pytest.raises(EngineUnavailable, match="unknown speech engine 'festival'"):
        WorkerEngine("festival")


def test_read_wav_rejects_what_is_not_speech(tmp_path):
    path = tmp_path / "a.wav"
    with pytest.raises(InvalidAudio, match="no file"):
        read_wav(path)
    path.write_bytes(b"RIFF nonsense")
    with pytest.raises(InvalidAudio, match="not a readable WAV"):
        read_wav(path)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2), out.setsampwidth(2), out.setframerate(22050)
        out.writeframes(b"\0" * 400)
    with pytest.raises(InvalidAudio, match="16-bit mono"):
        read_wav(path)


def test_plausible_duration_grows_with_the_text_and_shrinks_with_the_rate():
    short, long = plausible_duration("one two", 175), plausible_duration("one two " * 20, 175)
    assert short[1] < long[0] * 10 and short[0] < long[0]
    assert plausible_duration("one two " * 20, 350)[0] < long[0]
    assert Pcm(b"\0" * 44100, 22050).duration == 1.0
