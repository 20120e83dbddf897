"""Signing out ends the session on the server: a copied cookie is worth nothing afterwards.

Each browser that signs in gets a session record (``user_session``) whose secret token is what
the session and remember-me cookies carry. Signing out, signing out everywhere and changing the
password end records on the server, so a copy of a cookie taken before (by malware, a shared
computer, a leaked backup of a browser profile) no longer opens the account.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest

from app.learning.db import db
from app.learning.models.courses import utcnow
from app.learning.models.sessions import UserSession
from tests.users import PASSWORD, add_user

EMAIL = "ada@example.org"
SESSION = "session"
REMEMBER = "remember_token"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    add_user(app, EMAIL)
    return app


def signed_in(app, remember: bool = False, user_agent: str | None = None):
    client = app.test_client()
    data = {"email": EMAIL, "password": PASSWORD} | ({"remember": "y"} if remember else {})
    headers = {"User-Agent": user_agent} if user_agent else {}
    response = client.post("/signin", data=data, headers=headers)
    assert response.status_code == 302, response.text
    return client


def cookie(client, name: str) -> str:
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def client_with(app, name: str, value: str):
    """A new browser holding nothing but this one cookie (a copy someone took)."""
    client = app.test_client()
    client.set_cookie(name, value)
    return client


def opens_account(client) -> bool:
    response = client.get("/account")
    if response.status_code == 302:
        assert "/signin" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def live_sessions(app) -> int:
    with app.app_context():
        query = db.select(db.func.count()).where(UserSession.revoked_at.is_(None))
        return db.session.scalar(query.select_from(UserSession))


def test_a_copy_of_the_session_cookie_is_refused_after_signing_out(app):
    browser = signed_in(app)
    copy = cookie(browser, SESSION)
    assert opens_account(client_with(app, SESSION, copy))  # the copy works while signed in
    assert browser.post("/signout").status_code == 302
    assert not opens_account(client_with(app, SESSION, copy))
    assert not opens_account(browser)


def test_a_copy_of_the_remember_cookie_is_refused_after_signing_out(app):
    browser = signed_in(app, remember=True)
    copy = cookie(browser, REMEMBER)
    browser.post("/signout")
    assert browser.get_cookie(REMEMBER) is None  # the browser's own copy is deleted too
    assert not opens_account(client_with(app, REMEMBER, copy))


def test_a_remember_cookie_is_replaced_when_it_is_used_and_the_old_one_stops_working(app):
    first = cookie(signed_in(app, remember=True), REMEMBER)
    returning = client_with(app, REMEMBER, first)  # the browser was closed: no session cookie
    assert opens_account(returning)
    second = cookie(returning, REMEMBER)
    assert second != first
    assert not opens_account(client_with(app, REMEMBER, first))  # a copy of the old one
    assert opens_account(client_with(app, REMEMBER, second))
    assert live_sessions(app) == 1  # the same device, not a new session each time


def test_a_rotated_remember_cookie_also_ends_the_session_cookie_copied_with_it(app):
    browser = signed_in(app, remember=True)
    stolen_session = cookie(browser, SESSION)
    returning = client_with(app, REMEMBER, cookie(browser, REMEMBER))
    assert opens_account(returning)
    assert not opens_account(client_with(app, SESSION, stolen_session))


def test_signing_out_everywhere_ends_every_session_of_the_account(app):
    laptop, phone = signed_in(app), signed_in(app, remember=True)
    phone_remember = cookie(phone, REMEMBER)
    assert opens_account(laptop) and opens_account(phone)
    response = laptop.post("/signout/everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not opens_account(laptop)
    assert not opens_account(phone)
    assert not opens_account(client_with(app, REMEMBER, phone_remember))
    assert live_sessions(app) == 0


def test_signing_out_everywhere_needs_a_post_and_a_signed_in_user(app):
    browser = signed_in(app)
    assert browser.get("/signout/everywhere").status_code == 405
    anonymous = app.test_client().post("/signout/everywhere")
    assert anonymous.status_code == 302 and "/signin" in anonymous.headers["Location"]
    assert opens_account(browser)


def test_the_account_page_offers_signing_out_everywhere_with_a_csrf_token(app):
    browser = signed_in(app)
    app.config["WTF_CSRF_ENABLED"] = True
    page = browser.get("/account").text
    form = page.split('action="/signout/everywhere"')[1].split("</form>")[0]
    assert 'name="csrf_token"' in form and "Sign out everywhere" in form


def test_the_account_page_lists_the_signed_in_devices(app):
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    laptop = signed_in(app, user_agent=firefox)
    signed_in(app, user_agent=iphone)
    page = laptop.get("/account").text
    assert "Firefox on Linux" in page and "Safari on iOS" in page
    assert "2 browsers" in page


def change_password(client, new: str = "a brand new password"):
    return client.post(
        "/account",
        data={
            "password-current": PASSWORD,
            "password-password": new,
            "password-confirm": new,
            "password-submit": "1",
        },
    )


def test_changing_the_password_ends_other_sessions_and_every_old_remember_cookie(app):
    laptop, phone = signed_in(app, remember=True), signed_in(app, remember=True)
    laptop_remember, phone_remember = cookie(laptop, REMEMBER), cookie(phone, REMEMBER)
    laptop_session = cookie(laptop, SESSION)
    assert change_password(laptop).status_code == 302
    assert opens_account(laptop)  # this session goes on
    assert not opens_account(phone)
    assert not opens_account(client_with(app, REMEMBER, phone_remember))
    # Copies of this browser's own cookies from before the change are refused as well...
    assert not opens_account(client_with(app, REMEMBER, laptop_remember))
    assert not opens_account(client_with(app, SESSION, laptop_session))
    # ...while the browser's new remember cookie keeps it signed in.
    assert opens_account(client_with(app, REMEMBER, cookie(laptop, REMEMBER)))


def test_deleting_the_account_deletes_its_session_records(app):
    browser = signed_in(app, remember=True)
    copy = cookie(browser, REMEMBER)
    response = browser.post("/account", data={"delete-password": PASSWORD, "delete-submit": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(UserSession)) == 0
    assert not opens_account(client_with(app, REMEMBER, copy))


def test_the_database_keeps_only_a_hash_of_the_session_token(app):
    browser = signed_in(app)
    with browser.session_transaction() as session:
        token = session["_user_id"]
    with app.app_context():
        record = db.session.scalar(db.select(UserSession))
        columns = [getattr(record, c.key) for c in UserSession.__table__.columns]
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for value in columns)


def move_back(app, minutes: int, **columns_to_move) -> None:
    """Pretend the session records were last seen (or ended) ``minutes`` ago."""
    with app.app_context():
        earlier = utcnow() - timedelta(minutes=minutes)
        db.session.execute(db.update(UserSession).values(dict.fromkeys(columns_to_move, earlier)))
        db.session.commit()


def last_seen(app) -> datetime:
    with app.app_context():
        return db.session.scalar(db.select(UserSession.last_seen_at))


def test_last_seen_follows_use_but_a_refused_request_changes_nothing(app):
    browser = signed_in(app)
    move_back(app, 10, last_seen_at=True)
    before = last_seen(app)
    assert browser.get("/no/such/page").status_code == 404
    assert last_seen(app) == before  # a refused request writes nothing
    assert opens_account(browser)
    assert last_seen(app) > before
    moved = last_seen(app)
    assert opens_account(browser)
    assert last_seen(app) == moved  # written at most every few minutes, not on every request


def test_ended_sessions_are_deleted_a_month_later_when_the_user_signs_in_again(app):
    signed_in(app).post("/signout")
    move_back(app, 31 * 24 * 60, revoked_at=True)
    signed_in(app)
    with app.app_context():
        records = db.session.scalars(db.select(UserSession)).all()
        assert [r.live for r in records] == [True]
