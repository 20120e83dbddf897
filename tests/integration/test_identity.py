"""The anonymous learner cookie: a bearer credential with a bounded lifetime, renewed while it is
in use, refused by the server once it is older than that lifetime."""

from __future__ import annotations

import time
import uuid
from http.cookies import SimpleCookie

import pytest
from itsdangerous import TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer

from app.config import Defaults
from app.web import identity
from tests.conftest import SEED_LESSON

URL = f"/lessons/{SEED_LESSON}"
DAY = 24 * 3600


def signed_cookie(app, public_id: str, age: int = 0) -> str:
    """A genuine learner cookie for ``public_id``, issued ``age`` seconds ago."""

    class IssuedThen(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=identity.SALT, signer=IssuedThen
    )
    return serializer.dumps(public_id)


def set_learner_cookie(response) -> SimpleCookie | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{identity.COOKIE}="):
            cookie = SimpleCookie()
            cookie.load(header)
            return cookie
    return None


def public_id_in(app, cookie: SimpleCookie) -> str:
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=identity.SALT).loads(
        cookie[identity.COOKIE].value
    )


def visit(app, value: str | None = None):
    client = app.test_client()
    if value is not None:
        client.set_cookie(identity.COOKIE, value)
    return client.get(URL)


def test_the_anonymous_cookie_lives_ninety_days_by_default(seeded):
    assert Defaults.LEARNER_COOKIE_MAX_AGE == 90 * DAY
    cookie = set_learner_cookie(visit(seeded))
    morsel = cookie[identity.COOKIE]
    assert morsel["max-age"] == str(90 * DAY)
    assert morsel["httponly"] and morsel["samesite"] == "Lax"


def test_the_lifetime_is_a_setting(seeded):
    seeded.config["LEARNER_COOKIE_MAX_AGE"] = 3600
    assert set_learner_cookie(visit(seeded))[identity.COOKIE]["max-age"] == "3600"


def test_the_cookie_carries_a_signed_issue_time(seeded):
    cookie = set_learner_cookie(visit(seeded))
    _, issued = URLSafeTimedSerializer(seeded.config["SECRET_KEY"], salt=identity.SALT).loads(
        cookie[identity.COOKIE].value, return_timestamp=True
    )
    assert abs(time.time() - issued.timestamp()) < 60


def test_a_fresh_cookie_is_not_sent_again(seeded):
    public_id = uuid.uuid4().hex
    assert set_learner_cookie(visit(seeded, signed_cookie(seeded, public_id, age=60))) is None


def test_a_cookie_in_use_is_renewed_with_the_same_identity(seeded):
    public_id = uuid.uuid4().hex
    renewed = set_learner_cookie(visit(seeded, signed_cookie(seeded, public_id, age=2 * DAY)))
    assert renewed is not None and public_id_in(seeded, renewed) == public_id
    assert renewed[identity.COOKIE]["max-age"] == str(90 * DAY)


def test_a_cookie_older_than_its_lifetime_is_refused_by_the_server(seeded):
    """A copy of the cookie kept past its lifetime (the browser would have dropped it) no longer
    names the learner: the visitor gets a new identity."""
    public_id = uuid.uuid4().hex
    stale = signed_cookie(seeded, public_id, age=90 * DAY + 60)
    fresh = set_learner_cookie(visit(seeded, stale))
    assert fresh is not None and public_id_in(seeded, fresh) != public_id


def test_a_cookie_refused_as_too_old_no_longer_shows_the_learners_progress(seeded):
    seeded.config["WTF_CSRF_ENABLED"] = False
    public_id = uuid.uuid4().hex
    owner = seeded.test_client()
    owner.set_cookie(identity.COOKIE, signed_cookie(seeded, public_id, age=60))
    event = {"id": str(uuid.uuid4()), "type": "section-read", "lesson": SEED_LESSON}
    event["section"] = "fulfillment-process"
    assert owner.post("/progress/events", json={"events": [event]}).json["saved"]
    assert "You have read this section." in owner.get(URL).text
    stale = signed_cookie(seeded, public_id, age=90 * DAY + 60)
    assert "You have read this section." not in visit(seeded, stale).text


@pytest.mark.parametrize(("accepted", "same"), [(True, True), (False, False)])
def test_undated_cookies_from_before_are_replaced_or_refused_as_configured(seeded, accepted, same):
    seeded.config["LEARNER_COOKIE_ACCEPT_UNDATED"] = accepted
    public_id = uuid.uuid4().hex
    undated = URLSafeSerializer(seeded.config["SECRET_KEY"], salt=identity.SALT).dumps(public_id)
    cookie = set_learner_cookie(visit(seeded, undated))
    assert cookie is not None  # either way the browser now has a dated cookie
    assert (public_id_in(seeded, cookie) == public_id) is same


def test_a_forged_cookie_is_ignored(seeded):
    public_id = uuid.uuid4().hex
    forged = URLSafeTimedSerializer("another key", salt=identity.SALT).dumps(public_id)
    cookie = set_learner_cookie(visit(seeded, forged))
    assert public_id_in(seeded, cookie) != public_id


def test_an_identity_that_now_belongs_to_an_account_shows_nothing_and_is_replaced(seeded):
    """The lesson page reads the learner as plain values; an id linked to an account is still
    treated as no longer this browser's."""
    from app.learning.db import db
    from app.learning.models.accounts import User
    from app.learning.models.learners import Learner

    seeded.config["WTF_CSRF_ENABLED"] = False
    public_id = uuid.uuid4().hex
    owner = seeded.test_client()
    owner.set_cookie(identity.COOKIE, signed_cookie(seeded, public_id, age=60))
    event = {"id": str(uuid.uuid4()), "type": "section-read", "lesson": SEED_LESSON}
    event["section"] = "fulfillment-process"
    assert owner.post("/progress/events", json={"events": [event]}).json["saved"]
    assert "You have read this section." in owner.get(URL).text
    with seeded.app_context():
        user = User(email="owner@example.org")
        user.set_password("correct horse battery")
        db.session.add(user)
        db.session.flush()
        db.session.scalar(db.select(Learner).filter_by(public_id=public_id)).user_id = user.id
        db.session.commit()
    response = owner.get(URL)
    assert "You have read this section." not in response.text
    cookie = set_learner_cookie(response)
    assert cookie is not None and public_id_in(seeded, cookie) != public_id
