"""Access tokens for an LMS's services (grades, roster): OAuth 2 client credentials, the client
authenticated by a JWT this tool signs (``private_key_jwt``), as LTI Advantage requires."""

from __future__ import annotations

import time
import uuid

from joserfc import jwt

from app.learning.lti.keys import signing_key
from app.learning.lti.remote import RemoteError, post_form
from app.learning.models.lti import LtiPlatform

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def access_token(platform: LtiPlatform, scope: str) -> str:
    now = int(time.time())
    key = signing_key()
    assertion = jwt.encode(
        {"alg": "RS256", "kid": key.kid, "typ": "JWT"},
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.auth_token_url,
            "iat": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
        },
        key,
    )
    answer = post_form(
        platform.auth_token_url,
        {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion,
            "scope": scope,
        },
    )
    found = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(found, str):
        raise RemoteError(f"{platform.auth_token_url} gave no access_token")
    return found
