"""Small images for tests, well-formed in every byte: PNGs built here chunk by chunk, a GIF, and
JPEG and WebP files written by an image library (Pillow 13: a 4×3 picture, quality 50) and kept
as bytes, so the tests need no image library."""

from __future__ import annotations

import base64
import struct
import zlib

from app.core.images import ADAM7, PNG_SIGNATURE
from app.core.images import PNG_CHANNELS as CHANNELS


def chunk(kind: bytes, body: bytes) -> bytes:
    """A PNG chunk: length, name, body and the CRC of name and body."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_rows(width: int, height: int, colour: int, depth: int, interlaced: bool) -> bytes:
    """Image data rows (filter type 0, then a simple pattern), pass by pass when interlaced."""
    bits = depth * CHANNELS[colour]

    def rows(pixels: int, count: int) -> bytes:
        size = (pixels * bits + 7) // 8
        return b"".join(
            b"\x00" + bytes((i * 37 + n) % 256 for i in range(size)) for n in range(count)
        )

    if not interlaced:
        return rows(width, height)
    data = b""
    for x0, y0, dx, dy in ADAM7:
        pass_width = (width - x0 + dx - 1) // dx if width > x0 else 0
        pass_height = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pass_width and pass_height:
            data += rows(pass_width, pass_height)
    return data


def png(
    width: int = 4,
    height: int = 3,
    *,
    colour: int = 2,
    depth: int = 8,
    interlaced: bool = False,
    extra: bytes = b"",
    raw: bytes | None = None,
) -> bytes:
    """A PNG; ``extra`` chunks go before the image data, ``raw`` replaces the image rows."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, int(interlaced))
    palette = chunk(b"PLTE", bytes(range(48))) if colour == 3 else b""
    rows = png_rows(width, height, colour, depth, interlaced) if raw is None else raw
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + palette
        + extra
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = png()
# The classic 1×1 transparent GIF: screen, colour table, graphic control, image, trailer.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAADAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDJooorE+nP/9k="
)
PROGRESSIVE_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wgARCAADAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAVAQEB"
    "AAAAAAAAAAAAAAAAAAACBf/aAAwDAQACEAMQAAABkAp//8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABBQJ//8QA"
    "FBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAwEBPwF//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAgEBPwF//8QAFBAB"
    "AAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAGPwJ//8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPyF//9oADAMBAAIA"
    "AwAAABAH/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAwEBPxB//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAgEB"
    "PxB//8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxB//9k="
)
WEBP = base64.b64decode(
    "UklGRjYAAABXRUJQVlA4ICoAAABwAQCdASoEAAMAAsBMJbACdAFAAAD+7L2IwmknR/84nNv/x//7l8wAAAA="
)
LOSSLESS_WEBP = base64.b64decode("UklGRiIAAABXRUJQVlA4TBYAAAAvA4AAAA9wLeJBvpD+/AcP3vAQ0f8o")
ALPHA_WEBP = base64.b64decode(  # VP8X header, ALPH and VP8 chunks
    "UklGRlwAAABXRUJQVlA4WAoAAAAQAAAAAwAAAgAAQUxQSA0AAAABDzD/ERHiDQ8R/Y8CAFZQOCAoAAAAcAEAnQEqBAAD"
    "AALATCWgAnQBQAAA/uy9iMJpJ0f/PTP/YH/yR8LAAA=="
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def riff(*chunks: tuple[bytes, bytes]) -> bytes:
    """A WebP file of these chunks, with its RIFF size right."""
    body = b"WEBP" + b"".join(
        kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1)
        for kind, data in chunks
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body
