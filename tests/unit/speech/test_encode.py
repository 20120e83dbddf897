"""MP3 encoding: small files (at most 48 kbit/s, 360 KB a minute) that keep their length."""

from __future__ import annotations

import math
import struct

import pytest

from app.core.speech.audio import Pcm
from app.core.speech.encode import encode_mp3


def tone(seconds: float, rate: int = 22050) -> Pcm:
    samples = (
        int(8000 * math.sin(2 * math.pi * 220 * n / rate)) for n in range(int(seconds * rate))
    )
    return Pcm(struct.pack(f"<{int(seconds * rate)}h", *samples), rate)


@pytest.mark.parametrize("bitrate", [24, 32, 48])
def test_mp3_bytes_per_minute_follow_the_bit_rate(bitrate):
    mp3 = encode_mp3(tone(20.0), bitrate)
    per_minute = len(mp3) * 60 / 20.0
    assert per_minute == pytest.approx(bitrate * 1000 / 8 * 60, rel=0.05)
    assert per_minute <= 360_000 * 1.01


def test_mp3_is_mono_mpeg2_layer3_at_the_source_rate():
    mp3 = encode_mp3(tone(1.0), 32)
    start = mp3.find(b"\xff")
    header = int.from_bytes(mp3[start : start + 4], "big")
    assert header >> 21 == 0x7FF  # frame sync
    assert (header >> 19) & 0b11 == 0b10  # MPEG-2: 22,050 Hz
    assert (header >> 17) & 0b11 == 0b01  # layer III
    assert (header >> 6) & 0b11 == 0b11  # mono


@pytest.mark.parametrize("bitrate", [4, 64, 128])
def test_bit_rates_beyond_speech_needs_are_refused(bitrate):
    with pytest.raises(ValueError, match="bit rate"):
        encode_mp3(tone(0.1), bitrate)
