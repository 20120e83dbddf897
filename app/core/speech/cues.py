"""Timing tracks: when each sentence of a section is spoken, as JSON (for the player) and
WebVTT (for captions and other players)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

CUES_VERSION = 1


@dataclass(frozen=True)
class Cue:
    id: str  # the sentence's id on the page
    start: float  # seconds
    end: float
    text: str  # the sentence as written on the page


def cues_json(section_id: str, cues: tuple[Cue, ...] | list[Cue], duration: float) -> str:
    return json.dumps(
        {
            "version": CUES_VERSION,
            "section": section_id,
            "duration": round(duration, 3),
            "cues": [asdict(cue) for cue in cues],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def cues_webvtt(cues: tuple[Cue, ...] | list[Cue]) -> str:
    """A WebVTT file whose cue identifiers are the sentence ids."""
    blocks = ["WEBVTT"]
    for cue in cues:
        text = cue.text.replace("-->", "→").replace("\n", " ")
        blocks.append(f"{cue.id}\n{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"
