"""Geometry of the horizontal bar charts drawn as SVG by ``templates/instructor/charts.html``.

Each bar has its label on the line above it and its value in a column on the right, so long
labels (section titles, question prompts) need no room beside the bar. Sizes are in SVG user
units; the SVG scales to the width of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480  # the default; small multiples use a narrower chart, so their text stays legible
VALUE_COLUMN = 112  # room on the right for the value
LABEL_SIZE = 15  # as in static/css/main.css (.chart__label)
BAR_HEIGHT = 16
ROW = 46  # one label line and one bar
MAX_LABEL = 56  # characters, so a label stays within a chart of the default width


@dataclass(frozen=True)
class Bar:
    label: str  # in full, for the description
    short: str  # as drawn
    value_text: str
    label_y: float  # baseline of the label
    bar_y: float  # top of the bar
    width: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    track: int
    bar_height: int
    value_x: int  # where the value column starts
    bars: tuple[Bar, ...]


def short_label(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    rows: Sequence[tuple[str, float, str]], maximum: float, width: int = WIDTH
) -> BarChart:
    """Bars for ``(label, value, value text)`` rows, scaled so ``maximum`` fills the track.

    A value above zero always shows as at least a sliver, so "a few" never reads as "none".
    """
    track = width - VALUE_COLUMN
    limit = MAX_LABEL * width // WIDTH
    bars = []
    for index, (label, value, text) in enumerate(rows):
        top = index * ROW
        length = track * min(value, maximum) / maximum if maximum > 0 and value > 0 else 0.0
        bars.append(
            Bar(
                label,
                short_label(label, limit),
                text,
                label_y=top + LABEL_SIZE,
                bar_y=top + LABEL_SIZE + 6,
                width=round(max(length, 2.0) if value > 0 else 0.0, 1),
            )
        )
    height = max(len(rows), 1) * ROW
    return BarChart(width, height, track, BAR_HEIGHT, track + 8, tuple(bars))
