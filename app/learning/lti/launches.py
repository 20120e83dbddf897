"""An LTI 1.3 launch from start to finish: the login the LMS initiates (this tool answers with a
``state`` and ``nonce`` of its own), then the id_token it posts back, checked and read.

The checks, in order: a login this tool started and that is neither used nor older than
``LOGIN_LIFETIME``; the token signed by a key in the platform's JWKS (RS256 only); then its claims
(``app.core.lti.launch.read_launch``: issuer, audience, expiry, the nonce of this login,
message type, version, deployment). The login is spent by the first launch that names it, so a
token replayed with the same state is refused, and one replayed with a new state fails the nonce.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta

from joserfc import jws, jwt
from joserfc.errors import JoseError

from app.core.lti.launch import Launch, LaunchRefused, read_launch
from app.learning.db import db
from app.learning.lti.remote import RemoteError, platform_keys
from app.learning.models.courses import utcnow
from app.learning.models.lti import LtiLogin, LtiPlatform

LOGIN_LIFETIME = timedelta(minutes=10)
ALGORITHMS = ["RS256"]
MAX_TOKEN_LENGTH = 64_000


def start_login(platform: LtiPlatform, target_link_uri: str) -> LtiLogin:
    login = LtiLogin(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        platform_id=platform.id,
        target_link_uri=target_link_uri,
    )
    db.session.add(login)
    db.session.flush()
    return login


def _unverified_kid(id_token: str) -> str | None:
    try:
        header = jws.extract_compact(id_token.encode("ascii", "replace")).protected
    except (JoseError, ValueError) as exc:
        raise LaunchRefused("The launch token is not a JWT.") from exc
    kid = header.get("kid")
    return kid if isinstance(kid, str) else None


def complete_launch(id_token: str, state: str) -> tuple[Launch, LtiLogin, LtiPlatform]:
    """The launch that ``id_token`` (posted with ``state``) makes, or :class:`LaunchRefused`."""
    if not state or len(state) > 200:
        raise LaunchRefused("The launch has no state: start it again from the LMS.")
    if not id_token or len(id_token) > MAX_TOKEN_LENGTH:
        raise LaunchRefused("The launch has no id_token.")
    login = db.session.scalar(db.select(LtiLogin).filter_by(state=state).with_for_update())
    if login is None:
        raise LaunchRefused("This launch was not started here (unknown state): launch again.")
    if login.used_at is not None:
        raise LaunchRefused("This launch was already used: launch again from the LMS.")
    if _aware(login.created_at) + LOGIN_LIFETIME < utcnow():
        raise LaunchRefused("The login took too long: launch again from the LMS.")
    platform = db.session.get(LtiPlatform, login.platform_id)
    kid = _unverified_kid(id_token)
    try:
        keys = platform_keys.key_set(platform.jwks_url, kid)
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    except RemoteError as exc:
        raise LaunchRefused(f"The LMS's public keys could not be read: {exc}") from exc
    except (JoseError, ValueError) as exc:
        raise LaunchRefused("The launch token's signature does not match the LMS's keys.") from exc
    launch = read_launch(
        token.claims,
        issuer=platform.issuer,
        client_id=platform.client_id,
        deployment_ids=platform.deployment_ids,
        nonce=login.nonce,
        now=time.time(),
    )
    login.used_at = utcnow()
    login.deployment_id = launch.deployment_id
    if launch.deep_linking is not None:
        login.deep_linking = launch.deep_linking
    db.session.flush()
    return launch, login, platform


def forget_old_logins() -> int:
    """Delete logins older than a day (used or not); how many."""
    cutoff = utcnow() - timedelta(days=1)
    result = db.session.execute(db.delete(LtiLogin).where(LtiLogin.created_at < cutoff))
    return result.rowcount or 0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
