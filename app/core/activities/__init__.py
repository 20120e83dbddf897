"""The built-in activity types, one module each; importing this package registers them.

:mod:`app.core.activity_types` loads it on the first lookup. A type's module names its spec
reader, grader, answer fields, templates, template helpers and script in one
:class:`~app.core.activity_types.ActivityType`.
"""

from app.core.activities import (  # noqa: F401  (each registers its type on import)
    checklist,
    comparison_table,
    free_text,
    process_map,
    quiz,
    reflection,
)
