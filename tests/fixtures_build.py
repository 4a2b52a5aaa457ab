"""Fixtures of the build part (loaded by tests/conftest.py)."""
