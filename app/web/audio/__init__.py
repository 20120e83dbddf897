"""Lesson audio on the web: the speech service from configuration, file serving, ``flask audio``.

Everything about speech itself lives in :mod:`app.core.speech`; this package only connects it to
Flask and the lesson pages.
"""

from __future__ import annotations

import atexit

from flask import Blueprint, Flask, current_app

from app.core.speech.engines import DEFAULT_VOICES
from app.core.speech.service import SpeechService, SpeechSettings
from app.core.speech.store import MediaStore

bp = Blueprint("audio", __name__, url_prefix="/audio")

DEFAULT_VOICE_LABELS = {
    "pyttsx3": {"gmw/en-us": "American English", "gmw/en": "British English"},
    "piper": {"en_US-joe-medium": "Joe, American English"},
    "none": {"browser": "Your browser's voice"},
}


def settings_from_config(config: dict) -> SpeechSettings:
    engine = config["SPEECH_ENGINE"]
    voices = config["SPEECH_VOICES"] or DEFAULT_VOICE_LABELS.get(engine, {})
    voice = config["SPEECH_VOICE"] or DEFAULT_VOICES.get(engine) or next(iter(voices), "")
    if voice not in voices:
        voices = {voice: voice, **voices}
    return SpeechSettings(
        engine=engine,
        voice=voice,
        voices=dict(voices),
        rate=int(config["SPEECH_RATE"]),
        bitrate=int(config["SPEECH_BITRATE"]),
        python=config["SPEECH_PYTHON"],
    )


def init_app(app: Flask) -> None:
    service = SpeechService(settings_from_config(app.config), MediaStore(app.config["MEDIA_DIR"]))
    app.extensions["speech"] = service
    atexit.register(service.close)  # the engine process ends with the app


def speech_service() -> SpeechService:
    return current_app.extensions["speech"]


from app.web.audio import views  # noqa: E402,F401  (routes register on import)
