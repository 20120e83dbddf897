"""``imsmanifest.xml`` for a package of one SCO: SCORM 1.2 (ADL CP 1.1.3 with the adlcp 1.2
extension) or SCORM 2004 4th edition (IMS CP 1.1.4, adlcp_v1p3, ADL sequencing defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET  # nosec B405 (builds XML, never parses any)

VERSIONS = ("1.2", "2004")
IMSCP = {
    "1.2": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "2004": "http://www.imsglobal.org/xsd/imscp_v1p1",
}
ADLCP = {
    "1.2": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "2004": "http://www.adlnet.org/xsd/adlcp_v1p3",
}
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = {
    "1.2": (
        f"{IMSCP['1.2']} imscp_rootv1p1p2.xsd {ADLCP['1.2']} adlcp_rootv1p2.xsd"
        " http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"
    ),
    "2004": (f"{IMSCP['2004']} imscp_v1p1.xsd {ADLCP['2004']} adlcp_v1p3.xsd"),
}
SCHEMA_VERSION = {"1.2": "1.2", "2004": "2004 4th Edition"}


@dataclass(frozen=True)
class PackageInfo:
    identifier: str  # stable for a course or lesson: an LMS re-importing it updates it
    title: str
    launch_file: str
    files: tuple[str, ...]


def manifest_xml(info: PackageInfo, version: str) -> bytes:
    if version not in VERSIONS:
        raise ValueError(f"SCORM version {version!r} is not one of {', '.join(VERSIONS)}.")
    cp, adl = IMSCP[version], ADLCP[version]
    ET.register_namespace("", cp)
    ET.register_namespace("adlcp", adl)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(
        f"{{{cp}}}manifest",
        {
            "identifier": info.identifier,
            "version": "1",
            f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS[version],
        },
    )
    metadata = ET.SubElement(root, f"{{{cp}}}metadata")
    ET.SubElement(metadata, f"{{{cp}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{cp}}}schemaversion").text = SCHEMA_VERSION[version]
    organizations = ET.SubElement(root, f"{{{cp}}}organizations", {"default": "ORG-1"})
    organization = ET.SubElement(organizations, f"{{{cp}}}organization", {"identifier": "ORG-1"})
    ET.SubElement(organization, f"{{{cp}}}title").text = info.title
    item = ET.SubElement(
        organization,
        f"{{{cp}}}item",
        {"identifier": "ITEM-1", "identifierref": "RES-1", "isvisible": "true"},
    )
    ET.SubElement(item, f"{{{cp}}}title").text = info.title
    scorm_type = "scormType" if version == "2004" else "scormtype"  # 1.2 spells it in lower case
    resources = ET.SubElement(root, f"{{{cp}}}resources")
    resource = ET.SubElement(
        resources,
        f"{{{cp}}}resource",
        {
            "identifier": "RES-1",
            "type": "webcontent",
            f"{{{adl}}}{scorm_type}": "sco",
            "href": info.launch_file,
        },
    )
    for name in info.files:
        ET.SubElement(resource, f"{{{cp}}}file", {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
