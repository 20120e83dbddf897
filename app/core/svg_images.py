"""SVG images from the content folder, checked before they are served.

SVG is XML that can carry scripts, event handlers, embedded HTML and references to other sites.
Browsers run none of that in an SVG shown with ``<img>``, and the site serves SVG with a
Content-Security-Policy that forbids it even when the file is opened on its own; still, a file
with any of it is refused here, so what is served is a drawing and nothing else. Uploads through
the browser editor stay raster-only (:mod:`app.core.images`): an SVG only comes from a content
folder, through ``flask content check``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # nosec B405: DTDs are refused before parsing

from app.core.images import ImageRejected

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
REFUSED_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "image",
     "audio", "video", "animate", "set", "animateTransform", "animateMotion"}
)  # fmt: skip
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.IGNORECASE)


def check_svg(data: bytes) -> None:
    """Raise :class:`ImageRejected` unless ``data`` is an SVG drawing with nothing active in it."""
    if _DTD.search(data):
        raise ImageRejected("This SVG has a DOCTYPE or entities; remove them.")
    try:
        root = ET.fromstring(data)  # nosec B314: no DTD, so no entity expansion
    except ET.ParseError as exc:
        raise ImageRejected(f"This file is not well-formed SVG ({exc}).") from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ImageRejected(f'This is not SVG: its root is not <svg xmlns="{SVG_NAMESPACE}">.')
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        if name in REFUSED_ELEMENTS:
            raise ImageRejected(f"This SVG contains <{name}>, which the site does not serve.")
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2]
            if local.lower().startswith("on"):
                raise ImageRejected(f"This SVG has an event handler ({local}) on <{name}>.")
            if local == "href" and not value.startswith("#"):
                raise ImageRejected(f"This SVG links outside itself ({value!r} on <{name}>).")
            if _EXTERNAL_CSS.search(value):
                raise ImageRejected(f"This SVG loads a resource from its {local} attribute.")
        if name == "style" and _EXTERNAL_CSS.search(element.text or ""):
            raise ImageRejected("This SVG's stylesheet loads a resource (@import or url()).")
