"""Security headers on every response, and cookie flags that follow the site's scheme.

The templates load only same-origin scripts and styles and never use inline ``<script>`` or
``style=`` attributes, so the policy can forbid inline code outright. Scripts still set CSS custom
properties through ``element.style.setProperty``, which a policy without ``'unsafe-inline'``
allows (only markup-borne styles are blocked).

One page needs a ``<style>`` element: the lesson editor, whose CodeMirror writes its layout rules
into one. That page alone gets a policy naming a fresh nonce for styles
(:func:`policy_with_style_nonce`), which the editor hands to CodeMirror; scripts stay
``'self'`` only, everywhere.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request, session
from werkzeug.datastructures import Headers

STYLE_SRC = "style-src 'self'"
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        STYLE_SRC,
        "img-src 'self' data:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def policy_with_style_nonce(nonce: str) -> str:
    """The site's policy, but also allowing ``<style>`` elements that carry ``nonce``."""
    return CONTENT_SECURITY_POLICY.replace(STYLE_SRC, f"{STYLE_SRC} 'nonce-{nonce}'", 1)


_NAMES = frozenset(name.lower() for name in (*HEADERS, "Strict-Transport-Security"))
# Checked once here as Werkzeug checks every header it is given (no line breaks, no control
# characters), so each response can take them as they are.
_ALL = tuple(Headers(HEADERS.items()).items())
_ALL_SECURE = tuple(Headers([*_ALL, ("Strict-Transport-Security", HSTS)]).items())


def secure_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    """The constant security headers of a response not framed by an LMS (HSTS over HTTPS)."""
    return _ALL_SECURE if secure else _ALL


# A browser session launched from an LMS (app.web.lti.framing) names the origins that may frame it;
# a single response may name them in ``g.frame_ancestors`` (an LMS registering this tool).
FRAMED_BY = "lti_frame"


def framed_policy(policy: str, origins: str) -> str:
    """``policy`` letting this site and ``origins`` (space-separated) frame the page."""
    return policy.replace("frame-ancestors 'none'", f"frame-ancestors 'self' {origins}", 1)


def _framed_headers(origins: str) -> tuple[tuple[str, str], ...]:
    policy = framed_policy(CONTENT_SECURITY_POLICY, origins)
    return tuple(
        (name, policy if name == "Content-Security-Policy" else value)
        for name, value in _ALL
        if name != "X-Frame-Options"  # it can't name another origin; the policy does instead
    )


def add_headers(response: Response) -> Response:
    """Add the headers a response doesn't set itself (looked for once, not once per header)."""
    headers = response.headers
    framers = g.get("frame_ancestors") or (session.get(FRAMED_BY) if session else None)
    secure = request.is_secure  # HSTS sent over plain HTTP is ignored at best, a trap at worst
    if framers:
        wanted = _framed_headers(framers)
        if "Content-Security-Policy" in headers:
            headers["Content-Security-Policy"] = framed_policy(
                headers["Content-Security-Policy"], framers
            )
        if secure:
            wanted = (*wanted, ("Strict-Transport-Security", HSTS))
    else:
        wanted = _ALL_SECURE if secure else _ALL
    if any(name.lower() in _NAMES for name in headers.keys()):
        for name, value in wanted:
            headers.setdefault(name, value)
    elif framers:
        headers.extend(wanted)
    else:
        # The constant headers, checked when this module was loaded: Headers.extend would
        # check each one again for every response.
        headers._list.extend(wanted)
    return response


def configure_cookies(app: Flask) -> None:
    """``SECURE_COOKIES`` (behind HTTPS) marks every cookie Secure; all are HttpOnly and Lax."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    if app.config["SECURE_COOKIES"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def cookies_secure() -> bool:
    """Whether a cookie set now should be Secure: on HTTPS, or when configured so."""
    return request.is_secure or bool(current_app.config["SECURE_COOKIES"])


def init_app(app: Flask) -> None:
    configure_cookies(app)
    app.after_request(add_headers)
