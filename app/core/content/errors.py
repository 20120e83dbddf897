"""Problems in authored content, always located as ``file:line``.

A problem is an **error** (the lesson can't be published or imported) or a **warning** (the lesson
works, but something an author most likely meant is missing, such as an objective no activity
assesses). ``flask content check`` fails on errors only, unless ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterable

ERROR = "error"
WARNING = "warning"


class ContentError(Exception):
    """One problem in a content file, reported to authors as ``path:line: message`` (a warning
    as ``path:line: warning: message``)."""

    def __init__(self, path: str, line: int, message: str, severity: str = ERROR) -> None:
        prefix = "warning: " if severity == WARNING else ""
        super().__init__(f"{path}:{line}: {prefix}{message}")
        self.path = path
        self.line = line
        self.message = message
        self.severity = severity

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ContentError) and (self.path, self.line, self.message) == (
            other.path,
            other.line,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))


class ContentErrors(Exception):
    """Every problem found in one or more files; raised once checking is finished."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


class Problems:
    """Collects errors while a file is checked, so authors see all of them at once."""

    def __init__(self, path: str, line_offset: int = 0) -> None:
        self.path = path
        self.line_offset = line_offset
        self.errors: list[ContentError] = []
        self.warnings: list[ContentError] = []

    def add(self, line: int, message: str) -> None:
        """Record a problem at ``line`` (1-based, relative to this collector's offset)."""
        self.errors.append(ContentError(self.path, line + self.line_offset, message))

    def warn(self, line: int, message: str) -> None:
        """Record a warning: reported, but the lesson is still usable."""
        self.warnings.append(ContentError(self.path, line + self.line_offset, message, WARNING))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)
