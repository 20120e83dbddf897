"""Quiz questions in other tools' text formats: Moodle's GIFT and Aiken, read into the lesson's
quiz block and written back to GIFT. Pure: text in, text or data out, problems as ``file:line``.

No kept library on PyPI reads GIFT into a model this precise (``pygiftparser`` was last released
in 2017 and renders HTML; ``pygiftparserrgmf`` and ``gift-to-moodlexml`` are 0.x one-author
projects), so the formats are read here, after Moodle's documentation of them.
"""
