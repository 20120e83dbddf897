"""Behind a reverse proxy, believe its X-Forwarded-* headers (and only then).

Throttling counts per client address and cookies are marked Secure over HTTPS; behind a proxy
both would otherwise see the proxy's address and plain HTTP. ``TRUSTED_PROXIES`` is how many
proxies sit in front of the app (0, the default, trusts no forwarded header: a client could
forge them).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = int(app.config["TRUSTED_PROXIES"] or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
