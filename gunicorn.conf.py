"""Production server settings for ``gunicorn -c gunicorn.conf.py wsgi:app`` (`make serve`).

Every setting comes from the environment so N instances behind a reverse proxy can differ only
in their environment (see docs/deployment.md).
"""

from __future__ import annotations

import os

bind = os.environ.get(
    "BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WEB_WORKERS", str(os.cpu_count() or 1)))
# Threads let a worker answer another request while one waits on the database (PostgreSQL's
# commits and round trips) and keep connections alive; WEB_THREADS=1 gives plain sync workers.
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
# The app is loaded once before forking, so workers share its memory and start instantly;
# connection pools are opened lazily, after the fork, by each worker.
preload_app = True
accesslog = (
    "-" if os.environ.get("ACCESS_LOG", "off").lower() in ("1", "on", "true", "yes") else None
)
errorlog = "-"
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))  # building a section's audio can take seconds
keepalive = 5
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """Connections opened by the preloaded app must not be shared across processes."""
    import sys

    if "wsgi" not in sys.modules:
        return  # another app was loaded (the benchmark's baseline): it has no connections
    from app.learning.db import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)
