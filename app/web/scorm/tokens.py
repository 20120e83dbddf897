"""The signed launch token a package carries, and the learner a launch of it signs in.

The token names a course or lesson and nothing else, signed with SECRET_KEY (HMAC, itsdangerous;
readable, not encrypted) and never expiring: a package imported into an LMS keeps working. Whoever
holds a package can open its lessons, as anyone can open a published lesson here; what the token
scopes is the learner: the LMS's learner id, which the SCO reads at run time and which can't be
signed in advance, picks a learner that exists only for this package (its public id an HMAC of the
package and the LMS learner id), so a forged learner id reaches at most another learner of the
same package, never an account of this site. Rotating SECRET_KEY ends every package's tokens
and starts its learners afresh.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

SALT = "scorm-package"


class TokenRefused(Exception):
    pass


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def launch_token(kind: str, slug: str) -> str:
    return _serializer().dumps([kind, slug])


def read_launch_token(value: str) -> tuple[str, str]:
    """The (kind, slug) a token names, or :class:`TokenRefused`."""
    if not value or len(value) > 500:
        raise TokenRefused("The package's launch token is missing: import the package again.")
    try:
        found = _serializer().loads(value)
    except BadData as exc:
        raise TokenRefused(
            "The package's launch token was not signed by this site (or its key has changed):"
            " export the package again and import it into the LMS."
        ) from exc
    if not (isinstance(found, list) and len(found) == 2 and all(isinstance(v, str) for v in found)):
        raise TokenRefused("The package's launch token is not one this site makes.")
    return found[0], found[1]


def package_learner_id(kind: str, slug: str, lms_learner: str) -> str:
    """The public id of the learner an LMS learner is in this package (32 hex digits)."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    message = f"{SALT}\n{kind}\n{slug}\n{lms_learner}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
