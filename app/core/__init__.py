"""The pure core: lesson content, grading, speech and the rules of learning.

Nothing here imports Flask, SQLAlchemy, Werkzeug or anything outside ``app.core``; every module
is tested directly, without an application.
"""
