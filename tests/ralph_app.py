"""Ralph's LRS application as tests/lrs.py serves it, storing statements in files.

Ralph's file backend ("fs") writes each POST with the operation CREATE, which refuses a file
that exists: its statements file takes the first POST and answers 500 to every later one. Here
its writes append instead; everything else (validation, authentication, statement ids, queries)
is Ralph's own.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the backend is set to append)

__all__ = ["app"]
