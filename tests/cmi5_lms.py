"""An LMS and its LRS for the cmi5 tests, over real HTTP on a free port: a fetch URL that hands
out one auth token per launch (a second fetch is an error, cmi5 8.2.3), the LMS.LaunchData state
document, and a statements resource that records what the AU sends."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "ada"}}


@dataclass
class FakeCmi5Lms:
    base: str = ""
    registration: str = field(default_factory=lambda: str(uuid.uuid4()))
    activity_id: str = "https://lms.example.org/au/1"
    auth: str = "YWRhOnNlY3JldA=="
    fetched: int = 0
    mastery_score: float | None = None
    launch_mode: str = "Normal"
    statements: list[dict[str, Any]] = field(default_factory=list)
    state_requests: list[dict[str, list[str]]] = field(default_factory=list)
    refuse_statements: bool = False

    @property
    def endpoint(self) -> str:
        return f"{self.base}/lrs/"

    def launch_query(self, **change: str) -> str:
        query = {
            "endpoint": self.endpoint,
            "fetch": f"{self.base}/fetch",
            "registration": self.registration,
            "actor": json.dumps(ACTOR),
            "activityId": self.activity_id,
        } | change
        return urlencode(query)

    def launch_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {
                    "grouping": [{"id": "https://lms.example.org/course/1"}],
                },
                "extensions": {SESSION: "lms-session-1"},
            },
            "launchMode": self.launch_mode,
            "moveOn": "CompletedOrPassed",
            "returnURL": "https://lms.example.org/return",
        }
        if self.mastery_score is not None:
            data["masteryScore"] = self.mastery_score
        return data

    def verbs(self) -> list[str]:
        """The cmi5-defined statements' verbs, in the order they came."""
        return [s["verb"]["id"].rsplit("/", 1)[1] for s in self.statements if _cmi5_defined(s)]

    def allowed(self) -> list[dict[str, Any]]:
        """The AU's own ("allowed") statements, without the cmi5 category."""
        return [s for s in self.statements if not _cmi5_defined(s)]

    def __call__(self, environ, start_response):
        request = Request(environ)
        response = self.answer(request)
        return response(environ, start_response)

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("Authorization") == f"Basic {self.auth}" and bool(
            request.headers.get("X-Experience-API-Version")
        )

    def answer(self, request: Request) -> Response:
        if request.path == "/fetch" and request.method == "POST":
            self.fetched += 1
            if self.fetched > 1:
                return Response(json.dumps({"error-code": "1", "error-text": "Already in use"}))
            return Response(json.dumps({"auth-token": self.auth}), mimetype="application/json")
        if not self._authorised(request):
            return Response("no", status=401)
        if request.path == "/lrs/activities/state" and request.method == "GET":
            self.state_requests.append(parse_qs(request.query_string.decode()))
            return Response(json.dumps(self.launch_data()), mimetype="application/json")
        if request.path == "/lrs/statements" and request.method == "POST":
            if self.refuse_statements:
                return Response("down", status=503)
            sent = json.loads(request.get_data())
            batch = sent if isinstance(sent, list) else [sent]
            self.statements.extend(batch)
            return Response(json.dumps([s["id"] for s in batch]), mimetype="application/json")
        return Response("not found", status=404)


class ServedCmi5Lms:
    def __init__(self) -> None:
        self.lms = FakeCmi5Lms()
        self.server = make_server("127.0.0.1", 0, self.lms, threaded=True)
        self.lms.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


def _cmi5_defined(statement: dict[str, Any]) -> bool:
    categories = statement.get("context", {}).get("contextActivities", {}).get("category", [])
    return any(
        c.get("id") == "https://w3id.org/xapi/cmi5/context/categories/cmi5" for c in categories
    )
