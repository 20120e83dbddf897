"""E-mail to learners (password-reset links), sent through the SMTP server ``MAIL_*`` names.

Messages go out on the job queue, so a slow or unreachable mail server never holds up the page
that asked for one. Without ``MAIL_SERVER`` (a development machine) nothing is sent: the message
is written to the log, which `make run` shows in its console, so the link can still be followed.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

from app.web.jobs import jobs

log = logging.getLogger(__name__)


def send_later(to: str, subject: str, body: str) -> None:
    """Send the message from the job queue, or log it when no mail server is configured."""
    if not current_app.config["MAIL_SERVER"]:
        log.warning(
            "No MAIL_SERVER is configured, so this e-mail was not sent.\nTo: %s\nSubject: %s\n\n%s",
            to,
            subject,
            body,
        )
        return
    jobs().enqueue(send, to, subject, body)


def send(to: str, subject: str, body: str) -> None:
    """Deliver one plain-text message now (a job: it runs inside an app context)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(host, port, timeout=timeout)
    with server:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            server.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        server.send_message(message)
    log.info("Sent %r to %s", subject, to)
