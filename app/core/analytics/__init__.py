"""How learners do in one lesson: figures, charts and CSV tables for instructors, and reviews of
written answers.

Pure (plain rows in, plain values out, tested from a known history): ``rows`` (the records),
``figures`` (started, completed, times, the reading funnel; gathers the rest), ``scores`` (per
activity), ``questions`` (quiz questions), ``grouping`` (typed answers that differ only in
spelling), ``criteria`` (rubric criteria of written answers), ``written`` (answers to review,
flagged ones first), ``charts`` (SVG geometry) and ``tables`` (CSV). With Flask or the
database: ``queries`` reads the rows, ``review`` records a review, ``forms`` and ``views``
(routes on the instructor blueprint).
"""
