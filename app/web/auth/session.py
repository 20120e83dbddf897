"""Loading the signed-in user from the session id ``user:version``."""

from __future__ import annotations

from app.learning.db import db
from app.learning.models.accounts import User
from app.web.extensions import login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None  # the password changed since this session began
    return user
