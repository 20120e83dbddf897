"""The answer to a deep-linking request: the claims of the JWT that places content in the LMS."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from app.core.lti.launch import (
    DEEP_LINKING_SETTINGS,
    DEPLOYMENT_ID,
    LTI_VERSION,
    MESSAGE_TYPE,
    VERSION,
)

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
CONTENT_ITEMS = DL + "content_items"
DATA = DL + "data"
MESSAGE = DL + "msg"
RESPONSE_TYPE = "LtiDeepLinkingResponse"
LIFETIME_SECONDS = 600


@dataclass(frozen=True)
class Item:
    """A lesson (or one activity of it) to place in the LMS course as an LTI resource link."""

    title: str
    url: str
    text: str | None = None
    gradable: bool = True


def response_claims(
    *,
    client_id: str,
    issuer: str,
    deployment_id: str,
    settings: dict[str, Any],
    items: list[Item],
    now: int,
) -> dict[str, Any]:
    """Claims of the LtiDeepLinkingResponse: issued by the tool (its client id) to the LMS."""
    content = []
    for item in items:
        entry: dict[str, Any] = {"type": "ltiResourceLink", "title": item.title, "url": item.url}
        if item.text:
            entry["text"] = item.text
        if item.gradable:
            entry["lineItem"] = {"scoreMaximum": 100, "label": item.title}
        content.append(entry)
    claims: dict[str, Any] = {
        "iss": client_id,
        "aud": issuer,
        "iat": now,
        "exp": now + LIFETIME_SECONDS,
        "nonce": uuid.uuid4().hex,
        MESSAGE_TYPE: RESPONSE_TYPE,
        VERSION: LTI_VERSION,
        DEPLOYMENT_ID: deployment_id,
        CONTENT_ITEMS: content,
        MESSAGE: f"{len(content)} item(s) placed" if content else "Nothing placed",
    }
    if "data" in settings:
        claims[DATA] = settings["data"]
    return claims


def accepts_several(settings: dict[str, Any]) -> bool:
    return bool(settings.get("accept_multiple"))


def accepts_links(settings: dict[str, Any]) -> bool:
    types = settings.get("accept_types") or ["ltiResourceLink"]
    return "ltiResourceLink" in types


__all__ = ["DEEP_LINKING_SETTINGS", "Item", "accepts_links", "accepts_several", "response_claims"]
