"""This tool's signing keys: made on first use, kept in the database (so every worker and
instance signs with the same key), the newest used to sign, all of them published as JWKS."""

from __future__ import annotations

import uuid
from typing import Any

from joserfc.jwk import KeySet, RSAKey

from app.learning.db import db
from app.learning.models.lti import LtiToolKey

KEY_BITS = 2048


def _load(row: LtiToolKey) -> RSAKey:
    return RSAKey.import_key(
        row.private_pem, parameters={"kid": row.kid, "use": "sig", "alg": "RS256"}
    )


def signing_key() -> RSAKey:
    """The newest key pair, made (and committed by the caller) if there is none yet."""
    row = db.session.scalar(db.select(LtiToolKey).order_by(LtiToolKey.id.desc()).limit(1))
    if row is None:
        row = rotate()
    return _load(row)


def rotate() -> LtiToolKey:
    """A new key pair that signs from now on; older ones stay published."""
    kid = uuid.uuid4().hex
    key = RSAKey.generate_key(KEY_BITS, parameters={"kid": kid}, private=True)
    row = LtiToolKey(kid=kid, private_pem=key.as_pem(private=True).decode("ascii"))
    db.session.add(row)
    db.session.flush()
    return row


def public_jwks() -> dict[str, Any]:
    """The public halves of every key, as the JWKS an LMS fetches."""
    rows = db.session.scalars(db.select(LtiToolKey).order_by(LtiToolKey.id)).all()
    return KeySet([_load(row) for row in rows]).as_dict(private=False)
