"""Answering a plain activity form field the way a person would, whatever kind of field it is."""

from __future__ import annotations


def fill_field(section, name: str, values: list[str]) -> None:
    """Pick from a list, type into a text field or area, or tick the radio buttons and checkboxes
    with these values; ``section`` is the activity's locator."""
    field = section.locator(f'[name="{name}"]')
    assert field.count(), f"no field {name!r} in the form"
    kind = field.first.evaluate("el => el.tagName + ':' + (el.type || '')")
    if kind.startswith("SELECT"):
        field.select_option(values)
    elif kind.startswith("TEXTAREA") or kind.endswith(":text"):
        field.fill("\n".join(values))
    else:
        for value in values:
            section.locator(f'[name="{name}"][value="{value}"]').check()
