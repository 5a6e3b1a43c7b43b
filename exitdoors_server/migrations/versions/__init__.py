"""Alembic revision scripts, one per schema step (a package so it ships in wheels)."""
