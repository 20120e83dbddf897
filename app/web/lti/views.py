"""The LTI endpoints an LMS calls: OIDC login initiation, the launch, the tool's public keys and
its configuration (for registering the tool in an LMS by hand or by dynamic registration).

The login and the launch arrive from the LMS's pages (cross-site), so they are exempt from this
site's CSRF check; the launch is protected instead by the state and nonce of the login this tool
started, and by the LMS's signature (``app.learning.lti.launches``).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Response, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import BadRequest, NotFound

from app.core.lti.launch import DEEP_LINKING_REQUEST, LaunchRefused
from app.learning.db import db
from app.learning.lti import grades, keys
from app.learning.lti.accounts import account_for
from app.learning.lti.launches import complete_launch, start_login
from app.learning.lti.platforms import find_platform
from app.learning.lti.roster import remember_context
from app.learning.models.accounts import User
from app.learning.models.courses import Lesson, utcnow
from app.learning.models.lti import LtiLogin, LtiPlatform
from app.learning.progress import merge_learners
from app.web.auth.session import sign_in
from app.web.extensions import csrf
from app.web.identity import cookie_learner, forget_anonymous_learner, user_learner
from app.web.lti import bp, deep_linking
from app.web.lti.framing import allow_framing_by
from app.web.security.headers import cookies_secure

STATE_COOKIE = "lti_state"
CONTINUE_SALT = "lti-continue"
CONTINUE_SECONDS = 300
MAX_FIELD = 4096


def _field(name: str, required: bool = True) -> str | None:
    value = request.values.get(name, "")
    if len(value) > MAX_FIELD:
        raise BadRequest(f"The LMS sent a {name} longer than this tool accepts.")
    if required and not value:
        raise BadRequest(f"The LMS's login request has no {name}: check the tool's registration.")
    return value or None


def _local_target(target: str) -> str:
    """The path of a target link on this site; refused if it points elsewhere or at no page."""
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != request.host:
        raise BadRequest(f"The target link {target!r} is not on this site ({request.host}).")
    path = parts.path or "/"
    if not (path == "/" or path.startswith(("/lessons/", "/courses/"))):
        raise BadRequest(f"The target link {target!r} is not a lesson or course of this site.")
    return path + (f"?{parts.query}" if parts.query else "")


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt
def login():
    """Third-party initiated login: answer the LMS with an authentication request."""
    issuer = _field("iss")
    platform = find_platform(issuer, _field("client_id", required=False))
    if platform is None:
        raise BadRequest(
            f"No LMS with the issuer {issuer!r} (and this client id) is registered here: an"
            " administrator registers it with `flask lti register` or in the admin pages."
        )
    login_hint = _field("login_hint")
    target = _local_target(_field("target_link_uri"))
    record = start_login(platform, target)
    db.session.commit()
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": url_for("lti.launch", _external=True),
        "login_hint": login_hint,
        "state": record.state,
        "nonce": record.nonce,
    }
    message_hint = _field("lti_message_hint", required=False)
    if message_hint:
        query["lti_message_hint"] = message_hint
    separator = "&" if "?" in platform.auth_login_url else "?"
    response = redirect(f"{platform.auth_login_url}{separator}{urlencode(query)}", code=302)
    secure = cookies_secure()
    response.set_cookie(
        STATE_COOKIE,
        record.state,
        max_age=600,
        path=url_for("lti.launch"),
        httponly=True,
        secure=secure,
        samesite="None" if secure else "Lax",
    )
    return response


@bp.post("/launch")
@csrf.exempt
def launch():
    """The LMS posts the signed id_token here; sign the user in and show what was launched."""
    state = request.form.get("state", "")
    browser_state = request.cookies.get(STATE_COOKIE)
    try:
        if browser_state is not None and browser_state != state:
            raise LaunchRefused("This launch was started in another browser: launch again.")
        found, record, platform = complete_launch(request.form.get("id_token", ""), state)
        if found.message_type == DEEP_LINKING_REQUEST:
            target = None
        else:
            target = _local_target(found.target_link_uri)
    except LaunchRefused as exc:
        db.session.rollback()
        return render_template("lti/refused.html", reason=str(exc)), 400
    except BadRequest as exc:
        db.session.rollback()
        return render_template("lti/refused.html", reason=exc.description), 400
    account = account_for(platform, found)
    _sign_in_launched(account.user, platform)
    if target is None:
        db.session.commit()
        response = deep_linking.picker(found, record, platform)
    else:
        lesson_id = _lesson_id(target)
        activity_id = urlsplit(found.target_link_uri).fragment or None
        if found.grades and lesson_id is not None:
            grades.remember_line_item(account, lesson_id, found.grades, activity_id)
        if activity_id:
            target = f"{target}#{activity_id}"  # a single activity placed by deep linking
        remember_context(platform, found, lesson_id)
        record.user_id = account.user_id
        db.session.commit()
        response = _open(target, record)
    response = current_app.make_response(response)
    response.delete_cookie(STATE_COOKIE, path=url_for("lti.launch"))
    return response


def _open(target: str, record) -> Response:
    """Go to the launched page. In the LMS's frame, first check that this browser sends the
    session cookie there; if it doesn't (third-party cookies blocked), offer a new window that
    carries the sign-in with a single-use link (:func:`continue_in_window`)."""
    if request.headers.get("Sec-Fetch-Dest") != "iframe":
        return redirect(target, code=303)
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONTINUE_SALT)
    window_link = url_for("lti.continue_in_window", key=serializer.dumps(record.id))
    return current_app.make_response(
        render_template("lti/launched.html", target=target, window_link=window_link)
    )


@bp.get("/session")
def session_check():
    """Whether this request came with a signed-in session (the launch page's cookie check)."""
    response = jsonify(signed_in=bool(current_user.is_authenticated))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/continue/<key>")
def continue_in_window(key: str):
    """The launch, carried to a window of its own (once, within a few minutes)."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONTINUE_SALT)
    try:
        login_id = serializer.loads(key, max_age=CONTINUE_SECONDS)
    except BadSignature as exc:
        raise NotFound("This link has expired: open the activity from your LMS again.") from exc
    record = db.session.scalar(db.select(LtiLogin).filter_by(id=login_id).with_for_update())
    if record is None or record.user_id is None or record.continued_at is not None:
        raise NotFound("This link was already used: open the activity from your LMS again.")
    record.continued_at = utcnow()
    user = db.session.get(User, record.user_id)
    anonymous = cookie_learner()
    sign_in(user, remember=False)
    if anonymous is not None:
        merge_learners(anonymous, user_learner(user.id))
    forget_anonymous_learner()
    db.session.commit()
    return redirect(record.target_link_uri, code=303)


def _sign_in_launched(user, platform: LtiPlatform) -> None:
    """Sign in as a sign-up does: progress made anonymously in this browser comes along."""
    anonymous = cookie_learner()
    sign_in(user, remember=False)
    if anonymous is not None:
        merge_learners(anonymous, user_learner(user.id))
    forget_anonymous_learner()
    allow_framing_by(platform)


def _lesson_id(target: str) -> int | None:
    """The lesson a launch's target opens (None for a course or the home page)."""
    if not target.startswith("/lessons/"):
        return None
    slug = target.split("?", 1)[0].removeprefix("/lessons/").strip("/").split("/", 1)[0]
    return db.session.scalar(db.select(Lesson.id).filter_by(slug=slug))


@bp.get("/jwks.json")
def jwks():
    """The tool's public keys, which LMSs use to check what it signs (deep links, grades)."""
    found = keys.public_jwks()
    if not found["keys"]:
        keys.signing_key()
        db.session.commit()
        found = keys.public_jwks()
    response = jsonify(found)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/config.json")
def configuration():
    """The tool's registration, as an LMS's dynamic registration (or an administrator) reads it
    (IMS LTI Dynamic Registration, the tool configuration)."""
    return jsonify(tool_configuration())


def tool_configuration() -> dict:
    base = url_for("lessons.home", _external=True).rstrip("/")
    return {
        "application_type": "web",
        "client_name": current_app.config["SITE_NAME"],
        "grant_types": ["client_credentials", "implicit"],
        "response_types": ["id_token"],
        "initiate_login_uri": url_for("lti.login", _external=True),
        "redirect_uris": [url_for("lti.launch", _external=True)],
        "jwks_uri": url_for("lti.jwks", _external=True),
        "token_endpoint_auth_method": "private_key_jwt",  # nosec B105 (a method name)
        "scope": " ".join(
            [
                grades.SCORE_SCOPE,
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
            ]
        ),
        "https://purl.imsglobal.org/spec/lti-tool-configuration": {
            "domain": urlsplit(base).netloc,
            "target_link_uri": base + "/",
            "claims": ["iss", "sub", "name", "email"],
            "messages": [
                {"type": "LtiResourceLinkRequest"},
                {
                    "type": "LtiDeepLinkingRequest",
                    "target_link_uri": url_for("lti.launch", _external=True),
                    "label": "Add a lesson",
                },
            ],
        },
    }
