"""Where a lesson page request spends its time: ``python -m bench.profile`` prints a
pyinstrument profile of repeated requests by a learner with saved progress (in-process, SQLite)."""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path

from pyinstrument import Profiler

from app import create_app
from app.content import load_catalog
from app.extensions import db
from app.lessons.importer import import_catalog
from bench.web import CONTENT, LESSON

REQUESTS = 200


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="learnwell-profile-"))
    app = create_app(
        {
            "SECRET_KEY": "profile",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'p.db'}",
            "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False,
        }
    )
    catalog = load_catalog(CONTENT)
    with app.app_context():
        db.create_all()
        import_catalog(catalog)
        db.session.commit()
    client = app.test_client()
    section = catalog.lessons[LESSON].sections[0].id
    event = {"id": str(uuid.uuid4()), "type": "section-read", "lesson": LESSON, "section": section}
    client.post("/progress/events", json={"events": [event]})
    url = f"/lessons/{LESSON}"
    client.get(url)  # parse and cache the lesson first
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(REQUESTS):
            client.get(url, headers={"Accept-Encoding": "gzip"})
    print(profiler.output_text(unicode=False, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
