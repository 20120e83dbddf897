"""Static files under fingerprinted URLs with year-long caching, and compressed text responses."""

from __future__ import annotations

import gzip
import re

import pytest

from app.web.static_files import static_version
from tests.lessons import body_with, build_lesson

IMMUTABLE = "public, max-age=31536000, immutable"
PARAGRAPH = (
    "Orders are received, checked and packed before they are shipped to the customer, who is "
    "told at every step where the parcel is and when it will arrive. "
)


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_static_urls_carry_the_version_of_the_static_files(app, lesson, visitor):
    urls = static_urls(visitor.get(lesson.url).text)
    version = app.config["STATIC_VERSION"]
    assert urls and all(u.startswith(f"/static/{version}/") for u in urls)


def test_the_version_changes_when_any_static_file_changes(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    before = static_version(tmp_path)
    assert static_version(tmp_path) == before
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    assert static_version(tmp_path) != before


def test_static_files_are_cached_for_a_year_and_modules_import_under_the_same_version(
    lesson, visitor
):
    urls = static_urls(visitor.get(lesson.url).text)
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE
    listen = next(u for u in urls if u.endswith("/js/listen.js"))
    imported = listen.rsplit("/", 1)[0] + "/listen-position.js"  # `import … from "./…"`
    assert visitor.get(imported).headers["Cache-Control"] == IMMUTABLE


def test_an_older_version_still_gets_the_files_and_nothing_outside_the_folder(visitor):
    assert visitor.get("/static/0123456789ab/css/main.css").status_code == 200
    assert visitor.get("/static/0123456789ab/../app/config.py").status_code == 404


@pytest.fixture
def long_lesson(app, tmp_path):
    """A lesson as long as a real one (two dozen sections of prose), for compression ratios."""
    prose = "".join(
        f"\n## Part {n} {{#part-{n}}}\n\n" + (PARAGRAPH * 3 + "\n\n") * 3 for n in range(24)
    )
    return build_lesson(app, tmp_path / "content", body_with() + prose)


def test_pages_and_static_text_are_gzipped_when_the_browser_accepts_it(long_lesson, visitor):
    plain = visitor.get(long_lesson.url)
    packed = visitor.get(long_lesson.url, headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 3
    css = next(u for u in static_urls(plain.text) if u.endswith("main.css"))
    response = visitor.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == visitor.get(css).data


def test_byte_ranges_and_small_responses_are_sent_as_they_are(visitor):
    css = next(u for u in static_urls(visitor.get("/").text) if u.endswith("main.css"))
    partial = visitor.get(css, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert partial.status_code == 206
    assert "Content-Encoding" not in partial.headers
    assert len(partial.data) == 10


def test_a_static_file_is_answered_without_the_session_and_with_the_security_headers(visitor):
    css = next(u for u in static_urls(visitor.get("/").text) if u.endswith("main.css"))
    response = visitor.get(css)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers["Vary"]
    assert "Strict-Transport-Security" in visitor.get(css, base_url="https://localhost").headers


def test_a_static_file_the_browser_has_is_answered_not_modified(visitor):
    css = next(u for u in static_urls(visitor.get("/").text) if u.endswith("main.css"))
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        etag = visitor.get(css, headers=headers).headers["ETag"]
        again = visitor.get(css, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304
        assert again.data == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Cache-Control"] == IMMUTABLE
    plain = visitor.get(css).headers["ETag"]
    assert visitor.get(css, headers={"If-None-Match": '"another"'}).status_code == 200
    assert visitor.get(css, headers={"Accept-Encoding": "gzip"}).headers["ETag"] != plain


def test_head_gets_the_headers_of_a_static_file_and_no_body(visitor):
    css = next(u for u in static_urls(visitor.get("/").text) if u.endswith("main.css"))
    full = visitor.get(css)
    head = visitor.head(css)
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Length"] == str(len(full.data))


def test_requests_for_static_files_the_fast_path_does_not_answer_still_work(visitor):
    css = next(u for u in static_urls(visitor.get("/").text) if u.endswith("main.css"))
    assert visitor.get(css + "?v=1").data == visitor.get(css).data
    assert visitor.post(css).status_code == 405
    assert visitor.get(css.rsplit("/", 1)[0] + "/missing.css").status_code == 404


def test_behind_a_trusted_proxy_static_files_see_the_forwarded_scheme(tmp_path):
    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "TRUSTED_PROXIES": 1,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    version = app.config["STATIC_VERSION"]
    forwarded = {"X-Forwarded-Proto": "https"}
    response = app.test_client().get(f"/static/{version}/css/main.css", headers=forwarded)
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers
