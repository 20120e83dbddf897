"""Registering the LMSs this tool trusts, and finding the one a login or launch names."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.learning.db import db
from app.learning.models.lti import LtiPlatform


class RegistrationError(ValueError):
    """A registration that can't be stored, and why."""


def _https_or_local(url: str, label: str) -> str:
    parts = urlsplit(url.strip())
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise RegistrationError(f"{label} must be an https:// address (got {url!r}).")
    if not parts.netloc:
        raise RegistrationError(f"{label} has no host (got {url!r}).")
    return url.strip()


def register_platform(
    *,
    name: str,
    issuer: str,
    client_id: str,
    auth_login_url: str,
    auth_token_url: str,
    jwks_url: str,
    deployment_ids: list[str],
) -> LtiPlatform:
    """Add a platform, or update the one with this issuer and client id (deployments added)."""
    if not issuer.strip() or not client_id.strip():
        raise RegistrationError("An issuer and a client id are both needed.")
    urls = {
        "auth_login_url": _https_or_local(auth_login_url, "The login (OIDC auth) URL"),
        "auth_token_url": _https_or_local(auth_token_url, "The access-token URL"),
        "jwks_url": _https_or_local(jwks_url, "The JWKS URL"),
    }
    deployments = [d.strip() for d in deployment_ids if d.strip()]
    platform = find_platform(issuer.strip(), client_id.strip())
    if platform is None:
        platform = LtiPlatform(
            issuer=issuer.strip(), client_id=client_id.strip(), deployment_ids=[]
        )
        db.session.add(platform)
    platform.name = name.strip() or urlsplit(issuer).hostname or issuer
    for key, value in urls.items():
        setattr(platform, key, value)
    platform.deployment_ids = sorted({*platform.deployment_ids, *deployments})
    db.session.flush()
    return platform


def find_platform(issuer: str, client_id: str | None = None) -> LtiPlatform | None:
    """The platform of this issuer (and client id); None if unknown or ambiguous without one."""
    query = db.select(LtiPlatform).filter_by(issuer=issuer)
    if client_id:
        query = query.filter_by(client_id=client_id)
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def all_platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(db.select(LtiPlatform).order_by(LtiPlatform.name)))


def platform_origins() -> set[str]:
    """The origins (scheme://host[:port]) of registered platforms: who may frame launched pages."""
    origins = set()
    for (url,) in db.session.execute(db.select(LtiPlatform.auth_login_url)):
        parts = urlsplit(url)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins
