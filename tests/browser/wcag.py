"""Measurements for the WCAG 2.2 checks, taken in the page: tab stops, target sizes, reflow.

Each JavaScript snippet below is a function Playwright calls (the pages' policy forbids eval).
"""

from __future__ import annotations

import re

# What a pointer or the keyboard can operate.
CONTROLS = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1']), [role=button], [role=link]"
)

# A stable number for an element across calls, and a short description of it for messages.
_PRELUDE = """
const tabId = (el) => {
  const ids = (window.__tabIds ||= new WeakMap());
  if (!ids.has(el)) ids.set(el, (window.__tabNext = (window.__tabNext || 0) + 1));
  return ids.get(el);
};
const describe = (el) => {
  const name = el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '';
  const id = el.id ? '#' + el.id : el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/)[0] : '';
  return `${el.tagName.toLowerCase()}${id} “${name.replace(/\\s+/g, ' ').trim().slice(0, 40)}”`;
};
const visible = (el) => el.checkVisibility({visibilityProperty: true});
"""

FOCUSED = (
    "() => {"
    + _PRELUDE
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  let behind = el.parentElement, background = 'rgb(255, 255, 255)';
  for (; behind; behind = behind.parentElement) {
    const colour = getComputedStyle(behind).backgroundColor;
    if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') { background = colour; break; }
  }
  const style = getComputedStyle(el);
  return {
    id: tabId(el), name: describe(el),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, background,
  };
}"""
)

# Everything Tab should reach: one stop per radio group, none for disabled or hidden controls.
TABBABLE = (
    "() => {"
    + _PRELUDE
    + """
  const radios = new Set();
  return [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter((el) => el.tabIndex >= 0 && !el.matches(':disabled, [type=hidden]') && !el.closest('[inert]')
      && visible(el))
    .filter((el) => el.type !== 'radio' || (!radios.has(el.name) && radios.add(el.name)))
    .map((el) => ({id: tabId(el), name: describe(el), radio: el.type === 'radio',
      board: !!el.closest('[data-board], [data-comparison-table]'), player: !!el.closest('[data-player]')}));
}"""
)

# WCAG 2.5.8: each target is at least 24 × 24 CSS px, or an undersized target's 24 px circle
# (centred on its bounding box) meets no other target and no other undersized target's circle.
# Exempt: links inside a sentence (their size is set by the line of text around them).
SMALL_TARGETS = (
    "(selector) => {"
    + _PRELUDE
    + """
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const targets = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) || el.matches(':disabled')) continue;
    // A label that wraps its control activates it: together they are one target.
    const rect = (el.closest('label') || el).getBoundingClientRect();
    if (rect.width <= 1 && rect.height <= 1) continue; // visually hidden
    const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline'
      && blockOf(el).textContent.trim().length > el.textContent.trim().length;
    const small = rect.width < 23.99 || rect.height < 23.99;
    targets.push({el, rect, inline, small, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2});
  }
  const distanceToRect = (t, r) => Math.hypot(
    Math.max(r.left - t.x, 0, t.x - r.right), Math.max(r.top - t.y, 0, t.y - r.bottom));
  const failures = [];
  for (const t of targets.filter((t) => t.small && !t.inline)) {
    const clash = targets.find((o) => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el)
      && (o.small ? Math.hypot(o.x - t.x, o.y - t.y) < 24 : distanceToRect(t, o.rect) < 12));
    if (clash) {
      failures.push(`${describe(t.el)} ${Math.round(t.rect.width)}×${Math.round(t.rect.height)} px, `
        + `too close to ${describe(clash.el)}`);
    }
  }
  return failures;
}"""
)

# WCAG 1.4.10: no horizontal scrolling, and no control cut off at the sides. Controls inside a
# region that scrolls sideways on its own (wide data tables) are exempt: they can be scrolled to.
REFLOW = (
    "(selector) => {"
    + _PRELUDE
    + """
  const root = document.documentElement;
  const problems = [];
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
  }
  const scrolls = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && node.scrollWidth > node.clientWidth) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) || scrolls(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 1 && (r.left < -1 || r.right > root.clientWidth + 1)) {
      problems.push(`${describe(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} px`);
    }
  }
  return problems;
}"""
)

MOTION = """() => {
  const seconds = (value) => Math.max(...value.split(',').map((v) => parseFloat(v) * (v.trim().endsWith('ms') ? 0.001 : 1)));
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const longest = Math.max(seconds(s.transitionDuration), seconds(s.animationDuration));
      if (longest > 0.01) moving.push(`${el.tagName.toLowerCase()}.${el.className}${pseudo || ''}: ${longest} s`);
    }
  }
  return {moving, scrollBehavior: getComputedStyle(document.documentElement).scrollBehavior};
}"""


def tab_through(page) -> tuple[list[dict], bool]:
    """Press Tab from the top until focus leaves the last control: (the stops, whether it did).

    Gives up after twice as many presses as there are controls: a keyboard trap.
    """
    # Focusing the body moves the point sequential navigation starts from to the top.
    page.evaluate(
        "() => { const body = document.body; body.tabIndex = -1; body.focus();"
        " body.removeAttribute('tabindex'); window.scrollTo(0, 0); }"
    )
    stops: list[dict] = []
    for _ in range(2 * len(page.evaluate(TABBABLE)) + 10):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop["id"] == stops[0]["id"]):
            return stops, True
        stops.append(stop)
    return stops, False


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _rgb(colour: str) -> tuple[float, float, float]:
    red, green, blue = (float(n) for n in re.findall(r"[\d.]+", colour)[:3])
    return red, green, blue


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored)."""

    def luminance(colour: str) -> float:
        channels = [c / 255 for c in _rgb(colour)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_problem(stop: dict) -> str | None:
    """Why this focused control shows no adequate focus indicator, or None when it does."""
    if stop["outlineStyle"] == "none" or stop["outlineWidth"] < 2:
        return (
            f"{stop['name']}: no focus outline ({stop['outlineWidth']} px {stop['outlineStyle']})"
        )
    ratio = contrast(stop["outlineColor"], stop["background"])
    if ratio < 3:
        return f"{stop['name']}: focus outline contrast {ratio:.1f}:1 against {stop['background']}"
    return None
