"""Lesson audio over HTTP: the lesson's playlist, and each section's MP3, cue track and captions.

File URLs contain the cache key, so a file never changes under its URL and is served with a
one-year, immutable cache lifetime; byte ranges (HTTP 206) let players seek and stream. A file
that does not exist yet is synthesised on this request (once, however many ask at the same time).
A file is served only while its key is the audio of that section of the lesson's published
revision: an unpublished lesson's audio, cues and captions (its whole text) stay cached on disk
but are answered with a 404, as are those of sections since changed.

The M3U playlist never builds a URL from the request's Host header, which whoever sends the
request chooses: its entries are relative to the playlist's own address, or absolute under the
configured ``PUBLIC_URL``.
"""

from __future__ import annotations

import posixpath

from flask import Response, abort, current_app, jsonify, request, send_file, url_for

from app.core.speech.engines import EngineUnavailable
from app.core.speech.script import SpeechSection
from app.core.speech.synthesis import SynthesisError
from app.learning.lesson_queries import require_published_content
from app.web.audio import bp, speech_service

MIMETYPES = {"mp3": "audio/mpeg", "json": "application/json", "vtt": "text/vtt"}
ONE_YEAR = 365 * 24 * 3600


def _voice() -> str:
    settings = speech_service().settings
    voice = request.args.get("voice", settings.voice)
    if voice not in settings.voices:
        abort(404, description=f"There is no voice called “{voice}”.")
    return voice


def _file_urls(slug: str, section: SpeechSection, key: str) -> dict[str, str]:
    return {
        name: url_for("audio.section_file", slug=slug, section=section.id, key=key, ext=ext)
        for name, ext in (("audio", "mp3"), ("cues", "json"), ("captions", "vtt"))
    }


@bp.get("/lessons/<slug>.json")
def manifest(slug: str) -> Response:
    """The whole lesson as a playlist for the player: sections in order, with their files."""
    content = require_published_content(slug)
    service, voice = speech_service(), _voice()
    available, message = service.availability()
    sections = []
    for section in content.speech:
        key = service.key(section, voice)
        sections.append(
            {
                "id": section.id,
                "title": section.title,
                "sentences": len(section.sentences),
                "ready": service.store.has(key),
                **_file_urls(slug, section, key),
            }
        )
    response = jsonify(
        lesson=slug,
        title=content.title,
        engine={"name": service.settings.engine, "available": available, "message": message},
        voice=voice,
        voices=[{"id": v, "label": label} for v, label in service.settings.voices.items()],
        sections=sections,
    )
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/lessons/<slug>.m3u")
def playlist(slug: str) -> Response:
    """The lesson's section MP3s as an M3U playlist, for any audio player."""
    content = require_published_content(slug)
    service, voice = speech_service(), _voice()
    lines = ["#EXTM3U", f"#PLAYLIST:{content.title}"]
    for section in content.speech:
        url = _file_urls(slug, section, service.key(section, voice))["audio"]
        lines += [f"#EXTINF:-1,{section.title}", _playlist_entry(url)]
    response = Response("\n".join(lines) + "\n", mimetype="audio/x-mpegurl")
    response.headers["Content-Disposition"] = f'inline; filename="{slug}.m3u"'
    response.cache_control.no_cache = True
    return response


def _playlist_entry(url: str) -> str:
    """``url`` (a path from url_for) as a playlist entry: absolute under PUBLIC_URL when that is
    set, else relative to the playlist's own address (players resolve it against the address
    they fetched the playlist from). Never from the Host header."""
    public = current_app.config["PUBLIC_URL"]
    if public:
        return public.rstrip("/") + url
    here = posixpath.dirname(request.script_root + request.path)
    return posixpath.relpath(url, here)


@bp.get("/<slug>/<section>/<key>.<any(mp3, json, vtt):ext>")
def section_file(slug: str, section: str, key: str, ext: str) -> Response:
    """A section's file, only while its key is the audio of that section of the lesson's
    published revision: once a lesson is unpublished, or the section changed, its files (the
    whole text, in the captions and cues) are no longer served, even though they stay cached."""
    service = speech_service()
    try:
        path = service.store.path(key, ext)
    except ValueError:
        abort(404)
    current, voice = _published_section(slug, section, key)
    if not service.store.has(key):
        _build(slug, current, voice)
    response = send_file(
        path, mimetype=MIMETYPES[ext], conditional=True, etag=f"{key}.{ext}", max_age=ONE_YEAR
    )
    response.cache_control.immutable = True
    return response


def _published_section(slug: str, section_id: str, key: str) -> tuple[SpeechSection, str]:
    """The published section whose audio has this key, and its voice; 404 for any other key."""
    content = require_published_content(slug)  # 404 when the lesson is not published
    service = speech_service()
    section = next((s for s in content.speech if s.id == section_id), None)
    voice = service.voice_of(section, key) if section is not None else None
    if section is None or voice is None:
        abort(404, description="This audio is out of date: reload the lesson to get the new one.")
    return section, voice


def _build(slug: str, section: SpeechSection, voice: str) -> None:
    """Synthesise a section's files for this voice, or explain why that is not possible."""
    service = speech_service()
    try:
        service.ensure(section, voice)
    except EngineUnavailable as exc:
        abort(503, description=f"Audio can't be generated on this server: {exc}")
    except SynthesisError as exc:
        current_app.logger.error("Audio for %s/%s failed: %s", slug, section.id, exc)
        abort(500, description="The audio for this section could not be generated.")
