"""``flask audio build``: synthesise lesson audio ahead of time; sections already built stay."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.core.speech.engines import EngineUnavailable
from app.core.speech.synthesis import SynthesisError
from app.learning.lesson_queries import published_contents
from app.web.audio import speech_service

audio_cli = AppGroup("audio", help="Build the audio of lessons.")


@audio_cli.command("build")
@click.option("--lesson", "slugs", multiple=True, help="Only this lesson (repeatable).")
@click.option(
    "--section", "section_ids", multiple=True, help="Only this section of the lessons (repeatable)."
)
@click.option("--all-voices", is_flag=True, help="Every voice offered, not just the default.")
@click.option(
    "--if-engine-available",
    is_flag=True,
    help="Exit successfully, with a note, when this machine has no speech engine.",
)
def build(
    slugs: tuple[str, ...],
    section_ids: tuple[str, ...],
    all_voices: bool,
    if_engine_available: bool,
) -> None:
    """Synthesise every section of the published lessons that has no audio yet."""
    service = speech_service()
    settings = service.settings
    voices = list(settings.voices) if all_voices else [settings.voice]
    lessons = [c for c in published_contents() if not slugs or c.id in slugs]
    if unknown := set(slugs) - {c.id for c in lessons}:
        raise click.UsageError(f"no published lesson called {', '.join(sorted(unknown))}")
    sections = [(lesson, s) for lesson in lessons for s in lesson.speech]
    if unknown := set(section_ids) - {s.id for _, s in sections}:
        raise click.UsageError(f"no section called {', '.join(sorted(unknown))}")
    if section_ids:
        sections = [(lesson, s) for lesson, s in sections if s.id in section_ids]
    jobs = [(lesson, s, voice) for lesson, s in sections for voice in voices]
    missing = [job for job in jobs if not service.is_ready(job[1], job[2])]
    if not missing:
        click.echo(f"Audio is up to date: {len(jobs)} section(s) of {len(lessons)} lesson(s).")
        return
    if not service.enabled:
        click.echo("Server speech is turned off (SPEECH_ENGINE = 'none'): nothing to build.")
        return
    started = time.perf_counter()
    try:
        service.engine()
        label = f"Synthesising with {settings.engine} ({settings.voice}, {settings.rate} wpm)"
        with click.progressbar(
            missing, label=label, item_show_func=lambda job: job and f"{job[0].id}#{job[1].id}"
        ) as bar:
            for _, section, voice in bar:
                service.ensure(section, voice)
    except EngineUnavailable as exc:
        if if_engine_available:
            click.echo(f"Audio not built: {exc}. Learners' browsers will read lessons instead.")
            return
        raise click.ClickException(f"No speech engine: {exc}") from None
    except SynthesisError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        service.close()
    elapsed = time.perf_counter() - started
    click.echo(
        f"Built {len(missing)} section(s) in {elapsed:.1f} s; "
        f"{len(jobs) - len(missing)} were up to date."
    )
