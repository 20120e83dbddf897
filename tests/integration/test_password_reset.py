"""Forgotten passwords: a one-use, time-limited link sent through a real SMTP server."""

from __future__ import annotations

import email
import logging
import re
import socket
import time
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from itsdangerous import TimestampSigner

from tests.integration.test_throttling import LIMIT, a_client, close, throttled_app
from tests.users import PASSWORD, add_user

EMAIL = "ada@example.org"
NEW_PASSWORD = "purple elephant teapot"
LINK = re.compile(r"https?://\S+/password/reset/\S+")


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    """A real SMTP server on a free port, named by the app's MAIL_* settings."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_TIMEOUT=30
    )
    yield handler
    controller.stop()


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    add_user(app, EMAIL)
    return app


def ask_for_link(app, client, address=EMAIL):
    response = client.post("/password/forgot", data={"email": address})
    app.extensions["jobs"].wait()
    return response


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    found = LINK.search(body)
    assert found, body
    return urlsplit(found.group(0)).path


def main(html: str) -> str:
    """The page's own content, without the shell around it."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def sign_in(client, password):
    return client.post("/signin", data={"email": EMAIL, "password": password})


def test_the_link_arrives_by_smtp_and_sets_a_new_password(app, visitor, inbox):
    assert ask_for_link(app, visitor).status_code == 200
    [message] = inbox.messages
    assert message["To"] == EMAIL
    assert "password" in message["Subject"].lower()
    path = link_in(message)
    assert visitor.get(path).status_code == 200
    response = visitor.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/signin")
    assert sign_in(app.test_client(), PASSWORD).status_code == 400
    assert sign_in(app.test_client(), NEW_PASSWORD).status_code == 302


def test_a_used_link_is_refused(app, visitor, inbox):
    ask_for_link(app, visitor)
    path = link_in(inbox.messages[0])
    visitor.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = "another long passphrase"
    response = visitor.post(path, data={"password": again, "confirm": again})
    assert response.status_code == 400
    assert "no longer works" in response.text
    assert visitor.get(path).status_code == 400
    assert sign_in(app.test_client(), again).status_code == 400


def test_an_expired_link_is_refused(app, visitor, inbox, monkeypatch):
    ask_for_link(app, visitor)
    path = link_in(inbox.messages[0])
    later = int(time.time()) + app.config["PASSWORD_RESET_MAX_AGE"] + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = visitor.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert sign_in(app.test_client(), PASSWORD).status_code == 302


def test_a_password_changed_since_kills_the_link(app, visitor, inbox):
    ask_for_link(app, visitor)
    path = link_in(inbox.messages[0])
    signed_in = app.test_client()
    sign_in(signed_in, PASSWORD)
    signed_in.post(
        "/account",
        data={
            "password-current": PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
            "password-submit": "Change password",
        },
    )
    assert visitor.get(path).status_code == 400


@pytest.mark.parametrize("key", ["nonsense", "a" * 300, "WzEsImFiYyJd.ZZZ.xyz", "x%20y"])
def test_a_forged_link_is_refused_with_a_page(visitor, key):
    response = visitor.get(f"/password/reset/{key}")
    assert response.status_code == 400
    assert "Ask for a new link" in response.text


def test_resetting_signs_the_account_out_everywhere(app, visitor, inbox):
    elsewhere = app.test_client()
    sign_in(elsewhere, PASSWORD)
    assert elsewhere.get("/account").status_code == 200
    ask_for_link(app, visitor)
    path = link_in(inbox.messages[0])
    visitor.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert elsewhere.get("/account").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, visitor, inbox):
    known = ask_for_link(app, visitor, EMAIL)
    unknown = ask_for_link(app, visitor, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert main(known.text).replace(EMAIL, "X") == main(unknown.text).replace(
        "nobody@example.org", "X"
    )
    assert len(inbox.messages) == 1


def test_without_a_mail_server_the_link_is_logged(app, visitor, caplog):
    assert not app.config["MAIL_SERVER"]
    with caplog.at_level(logging.INFO, logger="app.web.mail"):
        ask_for_link(app, visitor)
    found = LINK.search(caplog.text)
    assert found, caplog.text
    path = urlsplit(found.group(0)).path
    assert visitor.get(path).status_code == 200


def test_a_malformed_address_is_explained(visitor):
    response = visitor.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 400
    assert "Invalid email address." in response.text


def test_the_sign_in_page_links_to_the_reset_form(visitor):
    assert "/password/forgot" in visitor.get("/signin").text
    assert visitor.get("/password/forgot").status_code == 200


@pytest.mark.parametrize("path", ["/password/forgot", "/password/reset/any-key"])
def test_reset_forms_are_throttled_per_address(tmp_path, path):
    throttled = throttled_app(tmp_path)
    try:
        client = a_client(throttled)
        data = {"email": EMAIL, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        codes = [client.post(path, data=data).status_code for _ in range(LIMIT + 1)]
        assert codes[-1] == 429 and 429 not in codes[:-1]
        assert a_client(throttled).post(path, data=data).status_code != 429  # another address
    finally:
        close(throttled)
