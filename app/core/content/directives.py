"""Prose blocks an author writes as ``::: name [title]`` … ``:::`` containers.

Each directive renders to a ``<div>`` with a class the stylesheet knows; some carry a default
title. ``::: figure Caption {#id}`` renders to a ``<figure>`` with that id, its content (an image)
and the caption under it, so feedback and links can point at it. Names not listed here are
reported by the parser as unknown block types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Directive:
    name: str
    css_class: str
    default_title: str | None = None
    role: str | None = None
    description: str = ""


DIRECTIVES: dict[str, Directive] = {
    d.name: d
    for d in (
        Directive("note", "callout callout-note", None, "note", "a highlighted remark"),
        Directive("tip", "callout callout-tip", "Tip", "note", "practical advice"),
        Directive("warning", "callout callout-warning", "Watch out", "note", "a pitfall"),
        Directive("example", "callout callout-example", "Example", "note", "a worked example"),
        Directive("takeaways", "takeaways", None, None, "the key takeaways of a lesson"),
        Directive("next-steps", "next-steps", None, None, "what to do after the lesson"),
        Directive(
            "further-learning",
            "further-learning",
            None,
            None,
            "a list of resources, each `**Title** — what it offers`",
        ),
        Directive(
            "figure", "figure", None, None, "an image with a caption: `::: figure Caption {#id}`"
        ),
    )
}


FIGURE = "figure"
_ID = re.compile(r"\s*\{#([^{}\s]+)\}\s*\Z")


def figure_params(title: str) -> tuple[str, str | None]:
    """``"Stages of fulfillment {#stages}"`` → ``("Stages of fulfillment", "stages")``."""
    match = _ID.search(title)
    if not match:
        return title.strip(), None
    return title[: match.start()].strip(), match.group(1)


def split_params(info: str) -> tuple[str, str]:
    """``"tip Packing fragile items"`` → ``("tip", "Packing fragile items")``."""
    name, _, title = info.strip().partition(" ")
    return name, title.strip()
