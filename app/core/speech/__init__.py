"""Text-to-speech for lessons: what is read, how it is synthesised, encoded, cached and timed.

Every module here is pure Python with no Flask and no database, so each can be tested directly;
``app/web/audio`` is the thin web and command-line layer on top.
"""
