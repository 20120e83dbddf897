"""An LMS for the LTI tests: its own RSA key, a JWKS, a token endpoint and a line item's scores
endpoint served over real HTTP on a free port, and id_tokens made as the IMS specification's
example messages make them (resource-link and deep-linking launches)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from app.core.lti.launch import (
    AGS_ENDPOINT,
    CONTEXT,
    DEEP_LINKING_SETTINGS,
    DEPLOYMENT_ID,
    MESSAGE_TYPE,
    NRPS,
    RESOURCE_LINK,
    ROLES,
    TARGET_LINK_URI,
    VERSION,
)

CLIENT_ID = "learnwell-tool"
DEPLOYMENT = "deployment-1"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


@cache
def lms_key() -> RSAKey:
    """One key for every test LMS of the run (making a 2048-bit key takes a while)."""
    return RSAKey.generate_key(2048, parameters={"kid": "lms-1"}, private=True)


@dataclass
class FakeLms:
    base: str = ""
    key: RSAKey = field(default_factory=lms_key)
    scores: list[dict[str, Any]] = field(default_factory=list)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    fail_scores: int = 0  # answer this many score posts with 503 first
    registrations: list[dict[str, Any]] = field(default_factory=list)
    roster_requests: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"user_id": "lms-user-42", "name": "Ada Lovelace", "roles": [LEARNER]},
            {"user_id": "lms-user-43", "name": "Grace Hopper", "roles": [LEARNER]},
            {"user_id": "lms-teacher", "name": "Mary Teacher", "roles": [INSTRUCTOR]},
        ]
    )

    @property
    def issuer(self) -> str:
        return self.base

    def registration(self) -> dict[str, Any]:
        return {
            "name": "Test LMS",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "auth_login_url": f"{self.base}/auth",
            "auth_token_url": f"{self.base}/token",
            "jwks_url": f"{self.base}/jwks",
            "deployment_ids": [DEPLOYMENT],
        }

    def lineitem(self, n: int = 1) -> str:
        return f"{self.base}/lineitems/{n}?course=7"

    def claims(self, nonce: str, target: str, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "lms-user-42",
            "exp": now + 300,
            "iat": now,
            "nonce": nonce,
            "name": "Ada Lovelace",
            "email": "ada@school.example",
            MESSAGE_TYPE: "LtiResourceLinkRequest",
            VERSION: "1.3.0",
            DEPLOYMENT_ID: DEPLOYMENT,
            TARGET_LINK_URI: target,
            RESOURCE_LINK: {"id": "link-1", "title": "Lesson"},
            ROLES: [LEARNER],
            CONTEXT: {"id": "course-7", "title": "Customer Experience"},
            NRPS: {
                "context_memberships_url": f"{self.base}/memberships",
                "service_versions": ["2.0"],
            },
            AGS_ENDPOINT: {
                "scope": [SCORE_SCOPE],
                "lineitems": f"{self.base}/lineitems?course=7",
                "lineitem": self.lineitem(),
            },
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    def deep_linking_claims(self, nonce: str, target: str, **changes: Any) -> dict[str, Any]:
        base = self.claims(nonce, target, **{RESOURCE_LINK: None, AGS_ENDPOINT: None, NRPS: None})
        base.update(
            {
                MESSAGE_TYPE: "LtiDeepLinkingRequest",
                ROLES: [INSTRUCTOR],
                DEEP_LINKING_SETTINGS: {
                    "deep_link_return_url": f"{self.base}/deep-link-return",
                    "accept_types": ["ltiResourceLink"],
                    "accept_presentation_document_targets": ["iframe", "window"],
                    "accept_multiple": True,
                    "data": "opaque-csrf-data",
                },
            }
        )
        base.update(changes)
        return base

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None) -> str:
        key = key or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key)

    # -- the LMS's HTTP side ------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/jwks":
            body = KeySet([self.key]).as_dict(private=False)
            return Response(json.dumps(body), mimetype="application/json")(environ, start_response)
        if request.path == "/.well-known/openid-configuration":
            body = {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.base}/auth",
                "token_endpoint": f"{self.base}/token",
                "jwks_uri": f"{self.base}/jwks",
                "registration_endpoint": f"{self.base}/register",
                "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                    "product_family_code": "test-lms",
                    "version": "1.0",
                },
            }
            return Response(json.dumps(body), mimetype="application/json")(environ, start_response)
        if request.path == "/register":
            self.registrations.append(
                {
                    "authorization": request.headers.get("Authorization"),
                    "body": json.loads(request.get_data(as_text=True)),
                }
            )
            body = {
                "client_id": "registered-client",
                "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                    "deployment_id": "dynamic-1"
                },
            }
            return Response(json.dumps(body), mimetype="application/json")(environ, start_response)
        if request.path == "/token":
            self.token_requests.append(parse_qs(request.get_data(as_text=True)))
            body = {"access_token": "lms-access", "token_type": "Bearer", "expires_in": 3600}
            return Response(json.dumps(body), mimetype="application/json")(environ, start_response)
        if request.path == "/memberships":
            self.roster_requests.append(
                {
                    "accept": request.headers.get("Accept"),
                    "authorization": request.headers.get("Authorization"),
                }
            )
            body = {
                "id": f"{self.base}/memberships",
                "context": {"id": "course-7", "title": "Customer Experience"},
                "members": self.members,
            }
            return Response(json.dumps(body), mimetype="application/json")(environ, start_response)
        if request.path.endswith("/scores"):
            if self.fail_scores > 0:
                self.fail_scores -= 1
                return Response("busy", status=503)(environ, start_response)
            self.scores.append(
                {
                    "path": request.full_path,
                    "content_type": request.content_type,
                    "authorization": request.headers.get("Authorization"),
                    "body": json.loads(request.get_data(as_text=True)),
                }
            )
            return Response("", status=204)(environ, start_response)
        return Response("not here", status=404)(environ, start_response)


class ServedLms:
    """A FakeLms listening on 127.0.0.1 in a thread, for one test."""

    def __init__(self) -> None:
        self.lms = FakeLms()
        self.server = make_server("127.0.0.1", 0, self.lms, threaded=True)
        self.lms.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


def login_redirect_query(location: str) -> dict[str, str]:
    """The authentication request the tool sent the browser to (one value per name)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def new_subject() -> str:
    return f"lms-user-{uuid.uuid4().hex[:8]}"
