"""Fixtures of the server part (loaded by tests/conftest.py)."""
