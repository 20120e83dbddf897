"""Synthesis that never trusts the engine: one sentence per call, every result checked.

pyttsx3 with espeak-ng can silently write no file, an empty file, or leave the engine in a state
where the next call goes wrong. So each sentence is synthesised on its own; its file must exist,
hold 16-bit mono audio, and last about as long as its words take to say at the chosen rate.
A failed check restarts the engine (a fresh process) and tries again; after the last attempt the
failure is raised with the sentence it concerns, so silence or truncated audio is never served.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.core.speech.audio import InvalidAudio, Pcm, concatenate, read_wav, silence
from app.core.speech.cues import Cue
from app.core.speech.engines import Engine, EngineFailed
from app.core.speech.script import Sentence, SpeechSection

log = logging.getLogger(__name__)

PAUSE_BETWEEN_SENTENCES = 0.25  # seconds
ATTEMPTS = 4


class SynthesisError(Exception):
    """A sentence could not be turned into plausible audio, even after retries."""

    def __init__(self, sentence_id: str, text: str, reasons: list[str]) -> None:
        super().__init__(
            f"could not synthesise {sentence_id} ({text[:60]!r}) after {len(reasons)} "
            f"attempt(s): {'; '.join(reasons)}"
        )
        self.sentence_id = sentence_id
        self.reasons = reasons


def plausible_duration(text: str, rate: int) -> tuple[float, float]:
    """The shortest and longest believable speech for ``text`` at ``rate`` words per minute.

    Generous on purpose (numbers and acronyms take longer than their word count suggests): the
    check is there to catch missing and cut-off audio, which is far outside these bounds.
    """
    words = max(1, len(text.split()))
    expected = words * 60 / rate
    return 0.3 * expected, 3.0 * expected + 2.0


def check_duration(pcm: Pcm, text: str, rate: int) -> None:
    shortest, longest = plausible_duration(text, rate)
    if not shortest <= pcm.duration <= longest:
        raise InvalidAudio(
            f"{pcm.duration:.2f} s of audio for {len(text.split())} word(s) "
            f"(expected {shortest:.2f}–{longest:.2f} s)"
        )


def synthesise_sentence(
    engine: Engine, sentence: Sentence, voice: str, rate: int, workdir: Path
) -> Pcm:
    """Audio for one sentence, checked; retried on a fresh engine when a check fails."""
    reasons: list[str] = []
    for attempt in range(1, ATTEMPTS + 1):
        path = workdir / f"{sentence.id}-{attempt}.wav"
        try:
            engine.synthesise(sentence.spoken, voice, rate, path)
            pcm = read_wav(path)
            check_duration(pcm, sentence.spoken, rate)
            return pcm
        except (EngineFailed, InvalidAudio) as exc:
            reasons.append(str(exc))
            log.info("%s attempt %d for %s failed: %s", engine.name, attempt, sentence.id, exc)
            if attempt < ATTEMPTS:
                engine.restart()
        finally:
            path.unlink(missing_ok=True)
    raise SynthesisError(sentence.id, sentence.text, reasons)


@dataclass(frozen=True)
class SectionSpeech:
    pcm: Pcm
    cues: tuple[Cue, ...]


def synthesise_section(engine: Engine, section: SpeechSection, voice: str, rate: int):
    """One section as one stretch of audio, with a cue per sentence and no gaps between cues."""
    parts: list[Pcm] = []
    cues: list[Cue] = []
    position = 0.0
    with tempfile.TemporaryDirectory(prefix="learnwell-speech-") as folder:
        for sentence in section.sentences:
            pcm = synthesise_sentence(engine, sentence, voice, rate, Path(folder))
            pause = silence(PAUSE_BETWEEN_SENTENCES, pcm.sample_rate)
            parts += [pcm, pause]
            end = position + pcm.duration + pause.duration
            cues.append(Cue(sentence.id, round(position, 3), round(end, 3), sentence.text))
            position = end
    return SectionSpeech(concatenate(parts), tuple(cues))
