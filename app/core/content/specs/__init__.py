"""Type-specific fields of activities, read into typed specs with ``file:line`` errors.

Each activity type names its reader in :mod:`app.core.activity_types`.
"""
