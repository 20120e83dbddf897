"""What an LTI 1.3 launch says, once its signature is checked: the claims the IMS specification
requires, checked against what this tool expects, and read into a :class:`Launch`.

Every refusal is a :class:`LaunchRefused` with a sentence an LMS administrator can act on. The
signature, the state and the nonce's single use are checked by the caller
(``app.learning.lti.launches``); here only the token's contents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
RESOURCE_LINK = LTI + "resource_link"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
MESSAGE_TYPES = (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST)
LTI_VERSION = "1.3.0"

# Roles that may author or pick content: the LIS context and institution roles of teaching staff.
STAFF_ROLES = ("Instructor", "Administrator", "ContentDeveloper", "TeachingAssistant", "Mentor")
# How far a clock may differ from the LMS's before a fresh token looks expired or not yet valid.
LEEWAY_SECONDS = 60


class LaunchRefused(Exception):
    """A launch this tool does not accept, and why (shown to the person launching)."""


@dataclass(frozen=True)
class Launch:
    message_type: str
    subject: str
    deployment_id: str
    target_link_uri: str
    name: str | None = None
    email: str | None = None
    roles: tuple[str, ...] = ()
    context_id: str | None = None
    context_title: str | None = None
    resource_link_id: str | None = None
    deep_linking: dict[str, Any] | None = None
    grades: dict[str, Any] | None = None  # the AGS endpoint claim, when the LMS offers it
    roster_url: str | None = None  # Names and Role Provisioning, when offered
    claims: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_staff(self) -> bool:
        return is_staff(self.roles)


def is_staff(roles: Iterable[str]) -> bool:
    """Teaching staff by the LIS role vocabulary (full URIs or the short names LMSs also send)."""
    for role in roles:
        name = role.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if name in STAFF_ROLES:
            return True
    return False


def _audiences(claims: Mapping[str, Any]) -> list[str]:
    aud = claims.get("aud")
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list) and all(isinstance(a, str) for a in aud):
        return aud
    return []


def _text(claims: Mapping[str, Any], name: str, label: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value.strip():
        raise LaunchRefused(f"The launch has no {label} ({name}).")
    return value


def check_times(claims: Mapping[str, Any], now: float) -> None:
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or isinstance(exp, bool):
        raise LaunchRefused("The launch token has no expiry time (exp).")
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise LaunchRefused("The launch token has no issue time (iat).")
    if exp + LEEWAY_SECONDS < now:
        raise LaunchRefused("The launch token has expired: launch again from the course.")
    if iat - LEEWAY_SECONDS > now:
        raise LaunchRefused("The launch token was issued in the future: check the LMS's clock.")


def read_launch(
    claims: Mapping[str, Any],
    *,
    issuer: str,
    client_id: str,
    deployment_ids: Iterable[str],
    nonce: str,
    now: float,
) -> Launch:
    """Check a verified id_token's claims and read them; :class:`LaunchRefused` if wrong."""
    if claims.get("iss") != issuer:
        raise LaunchRefused("The launch comes from another issuer than the one that started it.")
    audiences = _audiences(claims)
    if client_id not in audiences:
        raise LaunchRefused("The launch token is meant for another tool (audience).")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise LaunchRefused("The launch token names several audiences but not this tool as azp.")
    check_times(claims, now)
    if claims.get("nonce") != nonce:
        raise LaunchRefused("The launch token's nonce is not the one this login sent.")
    message_type = claims.get(MESSAGE_TYPE)
    if message_type not in MESSAGE_TYPES:
        raise LaunchRefused(f"This tool does not handle LTI messages of type {message_type!r}.")
    if claims.get(VERSION) != LTI_VERSION:
        raise LaunchRefused(f"This tool speaks LTI {LTI_VERSION} only.")
    deployment_id = _text(claims, DEPLOYMENT_ID, "deployment id")
    if deployment_id not in set(deployment_ids):
        raise LaunchRefused(
            f"The deployment {deployment_id!r} is not registered with this tool: an administrator"
            " adds it with `flask lti register` or in the admin pages."
        )
    subject = _text(claims, "sub", "user (sub)")
    roles = claims.get(ROLES, [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise LaunchRefused("The launch's roles are not a list of role names.")
    context = claims.get(CONTEXT) if isinstance(claims.get(CONTEXT), dict) else {}
    launch = Launch(
        message_type=message_type,
        subject=subject,
        deployment_id=deployment_id,
        target_link_uri=_text(claims, TARGET_LINK_URI, "target link"),
        name=_optional_text(claims.get("name")),
        email=_optional_text(claims.get("email")),
        roles=tuple(roles),
        context_id=_optional_text(context.get("id")),
        context_title=_optional_text(context.get("title")),
        claims=dict(claims),
    )
    if message_type == RESOURCE_LINK_REQUEST:
        link = claims.get(RESOURCE_LINK)
        if not isinstance(link, dict) or not _optional_text(link.get("id")):
            raise LaunchRefused("A resource-link launch must name its resource link (id).")
        return _with(launch, resource_link_id=link["id"], **_services(claims))
    settings = claims.get(DEEP_LINKING_SETTINGS)
    if not isinstance(settings, dict) or not _optional_text(settings.get("deep_link_return_url")):
        raise LaunchRefused(
            "A deep-linking launch must say where to return (deep_link_return_url)."
        )
    return _with(launch, deep_linking=settings)


def _services(claims: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    ags = claims.get(AGS_ENDPOINT)
    if isinstance(ags, dict) and (ags.get("lineitem") or ags.get("lineitems")):
        found["grades"] = ags
    nrps = claims.get(NRPS)
    if isinstance(nrps, dict) and _optional_text(nrps.get("context_memberships_url")):
        found["roster_url"] = nrps["context_memberships_url"]
    return found


def _with(launch: Launch, **changes: Any) -> Launch:
    return replace(launch, **changes)


def _optional_text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
