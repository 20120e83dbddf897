"""`make screenshots` photographs the pages the README shows, at both sizes, in both themes."""

from __future__ import annotations

from bench import screenshots


def test_every_page_the_readme_shows_is_photographed():
    names = [shot.name for shot in screenshots.shots("an-activity")]
    assert names == [
        "home",
        "course",
        "lesson-top",
        "lesson-answered",
        "lesson-complete",
        "dashboard",
    ]


def test_desktop_and_phone_sizes_in_light_and_dark():
    sizes = {name: size["viewport"] for name, size in screenshots.SIZES.items()}
    assert sizes == {
        "desktop": {"width": 1280, "height": 900},
        "phone": {"width": 390, "height": 844},
    }
    assert screenshots.SCHEMES == ("light", "dark")


def test_the_answered_shot_scrolls_to_the_activity_named():
    [answered] = [s for s in screenshots.shots("method-comparison") if s.name == "lesson-answered"]
    assert answered.scroll_to == '[data-activity="method-comparison"]'
    assert answered.path({"lesson": "/lessons/x"}) == "/lessons/x"


def test_the_shipped_screenshots_are_all_there():
    written = {p.name for p in screenshots.OUT.glob("*.png")}
    expected = {
        f"{shot.name}-{size}-{scheme}.png"
        for shot in screenshots.shots("x")
        for size in screenshots.SIZES
        for scheme in screenshots.SCHEMES
    }
    assert expected <= written
