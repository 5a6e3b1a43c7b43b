"""Alembic migrations for the server database, run programmatically (see migrate.py)."""
