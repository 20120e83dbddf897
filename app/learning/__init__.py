"""Records and use cases: the models, and what learners and instructors do with them.

Uses the database (SQLAlchemy through :mod:`app.learning.db`) and the pure core; never the web
layer and never a request. Functions here do not commit: the caller (a view, a command, a job)
owns the transaction.
"""
