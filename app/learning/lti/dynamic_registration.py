"""LTI Dynamic Registration (IMS): the LMS opens this tool's registration address with its
OpenID configuration; the tool reads it, registers itself at the LMS's registration endpoint and
stores what the LMS answers (client id, deployment) as a platform.

Registration links are made by an administrator and signed with the site's secret (they expire),
so nobody else can make this site trust a platform.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.learning.lti.platforms import RegistrationError, register_platform
from app.learning.lti.remote import RemoteError, get_json, post
from app.learning.models.lti import LtiPlatform

SALT = "lti-dynamic-registration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"


def registration_key(secret: str | bytes) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps("register")


def key_is_valid(key: str, secret: str | bytes, max_age: int) -> bool:
    try:
        return URLSafeTimedSerializer(secret, salt=SALT).loads(key, max_age=max_age) == "register"
    except BadSignature:
        return False


def _text(offered: dict[str, Any], name: str) -> str:
    value = offered.get(name)
    if not isinstance(value, str) or not value:
        raise RegistrationError(f"The LMS's OpenID configuration has no {name}.")
    return value


def register_dynamically(
    configuration_url: str, registration_token: str | None, tool_configuration: dict[str, Any]
) -> LtiPlatform:
    """Read the LMS's configuration, register the tool with it, store the platform."""
    try:
        offered = get_json(configuration_url)
    except RemoteError as exc:
        raise RegistrationError(f"The LMS's configuration could not be read: {exc}") from exc
    if not isinstance(offered, dict):
        raise RegistrationError("The LMS's OpenID configuration is not a JSON object.")
    issuer = _text(offered, "issuer")
    # The configuration must come from the issuer's own site (the specification's rule).
    if urlsplit(issuer).netloc != urlsplit(configuration_url).netloc:
        raise RegistrationError(
            f"The configuration at {configuration_url} names another issuer ({issuer})."
        )
    endpoint = _text(offered, "registration_endpoint")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    try:
        _status, body = post(endpoint, json.dumps(tool_configuration).encode(), headers)
        answer = json.loads(body)
    except (RemoteError, ValueError) as exc:
        raise RegistrationError(f"The LMS refused the registration: {exc}") from exc
    client_id = answer.get("client_id") if isinstance(answer, dict) else None
    if not isinstance(client_id, str) or not client_id:
        raise RegistrationError("The LMS's answer to the registration has no client_id.")
    deployment = (answer.get(TOOL_CONFIGURATION) or {}).get("deployment_id")
    platform_config = offered.get(PLATFORM_CONFIGURATION) or {}
    return register_platform(
        name=str(platform_config.get("product_family_code") or urlsplit(issuer).netloc),
        issuer=issuer,
        client_id=client_id,
        auth_login_url=_text(offered, "authorization_endpoint"),
        auth_token_url=_text(offered, "token_endpoint"),
        jwks_url=_text(offered, "jwks_uri"),
        deployment_ids=[deployment] if isinstance(deployment, str) and deployment else [],
    )
