"""The real office server and team of vaults from the sync tests, for the sync screen's tests."""

from tests.sync.conftest import office, team

__all__ = ["office", "team"]
