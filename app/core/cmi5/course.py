"""``cmi5.xml``, the course structure an LMS imports: the course and one AU per lesson, each
launched from this site (cmi5 section 13, CourseStructure.xsd)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET  # nosec B405 (builds XML, never parses any)

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class AssignableUnit:
    id: str  # an IRI: the lesson's address here
    title: str
    description: str
    url: str  # the cmi5 launch route of the lesson
    move_on: str = "CompletedOrPassed"
    mastery_score: float | None = None  # 0-1


def _langstring(parent: ET.Element, tag: str, text: str, lang: str) -> None:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    ET.SubElement(element, f"{{{NAMESPACE}}}langstring", {"lang": lang}).text = text


def course_structure(
    course_id: str, title: str, description: str, units: Sequence[AssignableUnit], lang: str = "en"
) -> bytes:
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}courseStructure")
    course = ET.SubElement(root, f"{{{NAMESPACE}}}course", {"id": course_id})
    _langstring(course, "title", title, lang)
    _langstring(course, "description", description or title, lang)
    for unit in units:
        if unit.move_on not in MOVE_ON:
            raise ValueError(f"moveOn {unit.move_on!r} is not one of {', '.join(MOVE_ON)}.")
        attributes = {"id": unit.id, "moveOn": unit.move_on, "launchMethod": "AnyWindow"}
        if unit.mastery_score is not None:
            attributes["masteryScore"] = f"{unit.mastery_score:g}"
        au = ET.SubElement(root, f"{{{NAMESPACE}}}au", attributes)
        _langstring(au, "title", unit.title, lang)
        _langstring(au, "description", unit.description or unit.title, lang)
        ET.SubElement(au, f"{{{NAMESPACE}}}url").text = unit.url
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def course_package(structure: bytes) -> bytes:
    """The zip an LMS imports: ``cmi5.xml`` alone (the AUs are hosted on this site)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("cmi5.xml", FIXED_TIME), structure, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
