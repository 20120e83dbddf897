"""Images in a lesson: where they may come from, and the alternative text each must have.

A lesson file shows an image from its course's ``images/`` folder, beside the lesson files:
``![What the image shows](images/name.svg)``. Importing stores each file by the hash of its
bytes and points the lesson at ``/media/images/<hash>/name.svg`` (:func:`resolve_images`);
exporting puts ``images/name.svg`` back (:func:`stored_images`). The browser editor's uploads
are ``/media/images/<hash>.<ext>``. These forms are accepted here, nothing else: a lesson page
requests nothing from other sites.

Alternative text is what a screen reader says instead of the image, so it is required, and text
that only stands in for it ("image", "Describe the image", "TODO", the file's name) is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

IMAGE_FOLDER = "images"
# file name extension → the kind the file must be
IMAGE_TYPES = {
    "png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg": "svg",
}  # fmt: skip
_LOCAL = re.compile(r"images/([A-Za-z0-9][A-Za-z0-9._-]*)\Z")
_STORED = re.compile(r"/media/images/[0-9a-f]{32}\.(?:png|jpg|gif|webp|svg)\Z")
# An imported image keeps the name it had in images/, so exporting can put it back there.
_NAMED = re.compile(r"/media/images/([0-9a-f]{32})/([A-Za-z0-9][A-Za-z0-9._-]*)")

# Words that say "an image goes here" without saying what it shows.
_FILLER = frozenset(
    """a an the this that here of for my your to be goes
    image images img picture pic pics photo photograph screenshot screen shot graphic icon
    figure fig illustration diagram chart drawing
    alt alternative text description describe caption title label insert add enter write
    todo tbd fixme xxx placeholder untitled none null undefined blank empty""".split()
)
_BEFORE_SOURCE = r"(\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:\s*<?)"  # "](" or "[ref]: "
_WORD = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True)
class ImageRef:
    """One image in a lesson's Markdown: where it comes from, its alternative text, its line."""

    src: str
    alt: str
    line: int


def local_image(src: str) -> str | None:
    """The file name of an ``images/<name>`` source (a plain name, no folders), else None."""
    match = _LOCAL.match(src)
    return match.group(1) if match else None


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def source_problem(src: str) -> str | None:
    """Why the lesson can't show an image from ``src``, or None."""
    named = _NAMED.fullmatch(src)
    if _STORED.match(src) or (named and _extension(named.group(2)) in IMAGE_TYPES):
        return None
    name = local_image(src)
    if name is None:
        return (
            f"image '{src}': put the file in the course's {IMAGE_FOLDER}/ folder and write "
            f"({IMAGE_FOLDER}/name.svg); lesson pages load nothing from other places"
        )
    if _extension(name) not in IMAGE_TYPES:
        known = ", ".join(sorted({f".{e}" for e in IMAGE_TYPES}))
        return f"image '{src}': unsupported type (use {known})"
    return None


def alt_problem(alt: str, src: str) -> str | None:
    """Why ``alt`` is not a text alternative for the image at ``src``, or None."""
    text = alt.strip()
    if not text:
        return f"image '{src}' has no alternative text: write what it shows in ![…]"
    name = PurePosixPath(src).name.lower()
    stem = PurePosixPath(name).stem
    words = _WORD.findall(text.lower())
    if (
        text.lower() in (name, stem)
        or words == _WORD.findall(stem)
        or not any(w not in _FILLER and not w.isdigit() for w in words)
    ):
        return (
            f"image '{src}': '{text}' is a placeholder, not alternative text: "
            "write what the image shows"
        )
    return None


def resolve_images(source: str, urls: dict[str, str]) -> str:
    """``source`` with each image source in ``urls`` replaced by its URL, in inline images
    (``![alt](src "title")``) and reference definitions (``[ref]: src``)."""
    for src, url in urls.items():
        pattern = re.compile(_BEFORE_SOURCE + re.escape(src) + r"(?=[>\s)])", re.MULTILINE)
        source = pattern.sub(lambda m, url=url: m.group(1) + url, source)
    return source


def stored_images(source: str) -> tuple[str, dict[str, str]]:
    """``source`` with imported images pointed back at ``images/<name>``, and
    ``{name: hash}`` of those images."""
    found: dict[str, str] = {}

    def back(match: re.Match[str]) -> str:
        found[match.group(3)] = match.group(2)
        return match.group(1) + f"{IMAGE_FOLDER}/{match.group(3)}"

    pattern = re.compile(_BEFORE_SOURCE + _NAMED.pattern + r"(?=[>\s)])", re.MULTILINE)
    return pattern.sub(back, source), found
