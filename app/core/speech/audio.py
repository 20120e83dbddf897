"""PCM audio as this package handles it: 16-bit mono samples at one sample rate."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

SAMPLE_WIDTH = 2  # bytes: 16-bit


class InvalidAudio(Exception):
    """A file that should hold speech does not (missing, empty, unreadable, wrong format)."""


@dataclass(frozen=True)
class Pcm:
    samples: bytes  # signed 16-bit little-endian, mono
    sample_rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // SAMPLE_WIDTH

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate


def silence(seconds: float, sample_rate: int) -> Pcm:
    return Pcm(b"\0" * (round(seconds * sample_rate) * SAMPLE_WIDTH), sample_rate)


def read_wav(path: Path) -> Pcm:
    """The samples of a mono 16-bit WAV file; :class:`InvalidAudio` if it is anything else."""
    if not path.exists():
        raise InvalidAudio("no file was written")
    if path.stat().st_size == 0:
        raise InvalidAudio("the file is empty")
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != SAMPLE_WIDTH:
                raise InvalidAudio(
                    f"expected 16-bit mono, got {wav.getsampwidth() * 8}-bit with "
                    f"{wav.getnchannels()} channel(s)"
                )
            pcm = Pcm(wav.readframes(wav.getnframes()), wav.getframerate())
    except (wave.Error, EOFError) as exc:
        raise InvalidAudio(f"not a readable WAV file ({exc})") from exc
    if pcm.frames == 0:
        raise InvalidAudio("the file holds no audio")
    return pcm


def concatenate(parts: list[Pcm]) -> Pcm:
    rates = {part.sample_rate for part in parts}
    if len(rates) != 1:
        raise InvalidAudio(f"parts have different sample rates: {sorted(rates)}")
    return Pcm(b"".join(part.samples for part in parts), rates.pop())
