"""A SCORM package of a course or lesson, as the download and ``flask content export-scorm``
make it: the launch URL and token of this site, in the SCO's ``config.js``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

from app.core.scorm.package import PackageLaunch, build_package
from app.learning.scorm import package_scope
from app.web.scorm.tokens import launch_token


def scorm_package(kind: str, slug: str, version: str) -> tuple[str, bytes]:
    """The file name and bytes of the package (in a request context, for the site's URL)."""
    scope = package_scope(kind, slug)
    launch_url = url_for("scorm.launch", _external=True)
    parts = urlsplit(launch_url)
    launch = PackageLaunch(
        site=f"{parts.scheme}://{parts.netloc}",
        launch_url=launch_url,
        launch_token=launch_token(kind, slug),
    )
    data = build_package(scope.identifier, scope.title, launch, version)
    return f"{scope.slug}-scorm-{version}.zip", data
