"""How long the instructor analytics take: ``python -m bench.analytics [--database URL]``.

Times the analytics page and every CSV table in-process (the Flask test client, signed in as
an admin) against a database that ``bench.seed`` filled, and prints the time to the first byte
and to the last, and the size. Run it once per database size for the report.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from app import create_app
from app.core.analytics.tables import TABLES
from bench.web import LESSON
from tests.users import signed_in_client


def measure(database: str, repeat: int = 3) -> list[tuple[str, float, float, int]]:
    folder = Path(tempfile.mkdtemp(prefix="learnwell-analytics-"))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": None,
            "AUDIO_ON_PUBLISH": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    client = signed_in_client(app, "analytics-bench@example.org", "admin")
    base = f"/instructor/lessons/{LESSON}/analytics"
    urls = [("page", base), ("page 2 of answers", base + "?page=2")]
    urls += [(f"{name}.csv", f"{base}/{name}.csv") for name in TABLES]
    results = []
    for name, url in urls:
        best = None
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url, buffered=False)
            chunks = iter(response.response)
            first = next(chunks, b"")
            first_at = time.perf_counter() - started
            size = len(first) + sum(len(chunk) for chunk in chunks)
            response.close()
            total = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if best is None or total < best[2]:
                best = (name, first_at, total, size)
        results.append(best)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite:///learnwell-learners.db")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'request':<22} {'first byte':>11} {'total':>10} {'size':>12}")
    for name, first, total, size in measure(args.database, args.repeat):
        print(f"{name:<22} {first * 1000:>9.0f}ms {total * 1000:>8.0f}ms {size:>12,}")


if __name__ == "__main__":
    main()
