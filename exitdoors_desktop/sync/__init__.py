"""Opportunistic end-to-end encrypted sync with the office server. No Qt."""
