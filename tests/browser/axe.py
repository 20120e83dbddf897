"""axe-core in an open page: its violations of the WCAG 2.x A and AA rules, as short messages.

axe-core comes from the axe-playwright-python package. Two things keep a run cheap on a long
lesson page without changing what it finds: the half-megabyte script is injected once per
document rather than before every run (a second run, in the other colour scheme, reuses it), and
axe is asked to report violations only; with every result type it also serialises each passing
node back to the test, which on a lesson page took longer than the checks themselves. A page
checked in one colour scheme is checked in the other with the rules that look at colours
(:data:`COLOURS`) only.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}
CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
# The A/AA rules whose outcome depends on colours: all a switch of colour scheme can change (the
# themes swap colours only; the page's elements, names, roles and layout are the same).
COLOURS = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}

_SCRIPT = Axe().axe_script
_RUN = "(options) => axe.run(document, options).then((results) => results.violations)"


def axe_violations(page, options: dict = WCAG_AA) -> list[dict]:
    """axe's violations on the page as it is now (``options``: which rules; WCAG A/AA)."""
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(_SCRIPT)
    return page.evaluate(_RUN, {**options, "resultTypes": ["violations"]})


def violations(page, options: dict = WCAG_AA) -> list[str]:
    """Each violation as ``rule (impact) on N nodes: [the first three nodes' selectors]``."""
    return [
        f"{v['id']} ({v['impact']}) on {len(v['nodes'])} nodes: "
        f"{[n['target'] for n in v['nodes']][:3]}"
        for v in axe_violations(page, options)
    ]
