"""POSTing statements to the LRS's xAPI statements resource."""

from __future__ import annotations

from typing import Any

import httpx
from flask import current_app

from app.core.rules.xapi import VERSION
from app.learning.lrs_outbox import Reply


def statements_url(base: str) -> str:
    return base.rstrip("/") + "/statements"


def post_statements(statements: list[dict[str, Any]]) -> Reply:
    """Send statements in one POST; a failure to reach the LRS is a reply without a status."""
    config = current_app.config
    auth = None
    if config["LRS_USERNAME"]:
        auth = httpx.BasicAuth(config["LRS_USERNAME"], config["LRS_PASSWORD"] or "")
    try:
        response = httpx.post(
            statements_url(config["LRS_URL"]),
            json=statements,
            auth=auth,
            headers={"X-Experience-API-Version": VERSION},
            timeout=config["LRS_TIMEOUT"],
        )
    except httpx.HTTPError as exc:
        return Reply(None, f"The LRS could not be reached: {exc.__class__.__name__}: {exc}")
    return Reply(response.status_code, response.text)
