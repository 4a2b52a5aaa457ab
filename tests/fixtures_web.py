"""Fixtures of the web part (loaded by tests/conftest.py)."""
