"""Cue tracks: JSON for the player, WebVTT for captions; both carry the sentence ids."""

from __future__ import annotations

import json

from app.core.speech.cues import Cue, cues_json, cues_webvtt

CUES = (Cue("s-a-1", 0.0, 1.25, "First one."), Cue("s-a-2", 1.25, 3661.5, "Then --> this."))


def test_json_track_lists_cues_with_ids_times_and_text():
    track = json.loads(cues_json("a", CUES, 3661.5))
    assert track["section"] == "a"
    assert track["duration"] == 3661.5
    assert track["cues"][0] == {"id": "s-a-1", "start": 0.0, "end": 1.25, "text": "First one."}


def test_webvtt_track_uses_sentence_ids_as_cue_identifiers():
    vtt = cues_webvtt(CUES)
    assert vtt.startswith("WEBVTT\n\ns-a-1\n00:00:00.000 --> 00:00:01.250\nFirst one.\n\n")
    assert "s-a-2\n00:00:01.250 --> 01:01:01.500\nThen → this.\n" in vtt
