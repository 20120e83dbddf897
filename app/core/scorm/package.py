"""The package's zip: the manifest, the SCO page and its script, and ``config.js`` naming the site
and the package's signed launch token. Nothing of the lesson itself is in it (no answer keys)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.core.scorm.manifest import PackageInfo, manifest_xml

SCO_FILES = ("index.html", "sco.js", "sco.css")
SCO_DIR = Path(__file__).with_name("sco")
# Every entry gets this time, so the same package exported twice is the same bytes.
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackageLaunch:
    site: str  # the site's origin, which the SCO accepts messages from
    launch_url: str  # the hosted launch route
    launch_token: str  # signed: which course or lesson this package opens


def config_js(launch: PackageLaunch, version: str) -> str:
    config = {
        "version": version,
        "site": launch.site,
        "launch": launch.launch_url,
        "token": launch.launch_token,
    }
    return f"window.LEARNWELL_PACKAGE = {json.dumps(config, indent=2)};\n"


def build_package(identifier: str, title: str, launch: PackageLaunch, version: str) -> bytes:
    """The zip an LMS imports as one SCO (``version`` "1.2" or "2004")."""
    files = {name: (SCO_DIR / name).read_bytes() for name in SCO_FILES}
    files["config.js"] = config_js(launch, version).encode()
    info = PackageInfo(identifier, title, "index.html", tuple(sorted(files)))
    files = {"imsmanifest.xml": manifest_xml(info, version), **files}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
