"""The sync screen parts: status line, background sync controller, conflicts dialog."""
