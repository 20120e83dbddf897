"""Bar chart geometry: bars scaled to the maximum, always visible when above zero."""

from __future__ import annotations

from app.core.analytics.charts import ROW, WIDTH, bar_chart, short_label


def test_bars_are_scaled_so_the_maximum_fills_the_track():
    chart = bar_chart([("All", 10, "10"), ("Half", 5, "5"), ("None", 0, "0")], 10)
    assert [bar.width for bar in chart.bars] == [chart.track, chart.track / 2, 0]
    assert chart.width == WIDTH and chart.height == 3 * ROW
    assert chart.value_x > chart.track


def test_a_small_value_still_shows_and_nothing_overflows():
    chart = bar_chart([("Tiny", 1, "1"), ("Too much", 150, "150")], 1000)
    assert chart.bars[0].width == 2.0
    assert bar_chart([("Over", 150, "150")], 100).bars[0].width == bar_chart([], 100).track


def test_bars_follow_each_other_down_the_chart():
    first, second = bar_chart([("A", 1, "1"), ("B", 1, "1")], 1).bars
    assert second.label_y - first.label_y == ROW and first.label_y < first.bar_y


def test_long_labels_are_shortened_for_drawing_but_kept_whole_for_the_description():
    label = "A very long question prompt " * 4
    (bar,) = bar_chart([(label, 1, "1")], 1).bars
    assert bar.label == label and bar.short.endswith("…") and len(bar.short) <= 56
    assert len(bar_chart([(label, 1, "1")], 1, width=240).bars[0].short) <= 28
    assert short_label("Short") == "Short"


def test_an_empty_chart_keeps_a_height():
    assert bar_chart([], 0).height == ROW
