"""The cmi5 moveOn statements already sent for a registration, so each is sent once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from app.learning.db import db
from app.learning.models.courses import utcnow


class Cmi5MoveOn(db.Model):
    """One moveOn verb (completed, passed, failed) claimed for one AU in one registration.

    The claim is written before the statement is sent and removed if the LMS's LRS refuses it:
    two requests of the same launch (the lesson page syncs while another request is under way)
    cannot both send it, and a later launch of the same registration does not send it again
    (cmi5 9.3: at most one completed, and one passed or failed, per registration). The session
    cookie cannot hold this: a response that was built from an older cookie overwrites it.
    ``au`` is a SHA-256 of the registration and the AU's activity id (an IRI of any length).
    """

    __tablename__ = "cmi5_move_on"

    au: Mapped[str] = mapped_column(String(64), primary_key=True)
    verb: Mapped[str] = mapped_column(String(16), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
