"""Building a lesson's audio ahead of learners (after publishing): the first listener waits less."""

from __future__ import annotations

import logging

from flask import current_app

from app.core.speech.engines import EngineUnavailable
from app.core.speech.synthesis import SynthesisError
from app.learning.lesson_queries import published_contents
from app.web.audio import speech_service

log = logging.getLogger(__name__)


def build_lesson_audio(slug: str) -> int:
    """Synthesise the sections of a published lesson that have no audio yet; returns how many."""
    service = speech_service()
    if not service.enabled:
        return 0
    built = 0
    for content in published_contents():
        if content.id != slug:
            continue
        for section in content.speech:
            if not service.is_ready(section, service.settings.voice):
                try:
                    service.ensure(section, service.settings.voice)
                except (EngineUnavailable, SynthesisError) as exc:
                    log.warning("Audio for %s#%s not built: %s", slug, section.id, exc)
                    return built
                built += 1
    return built


def audio_after_publish(slug: str) -> None:
    if current_app.config["AUDIO_ON_PUBLISH"]:
        from app.web.jobs import jobs

        jobs().enqueue(build_lesson_audio, slug)
