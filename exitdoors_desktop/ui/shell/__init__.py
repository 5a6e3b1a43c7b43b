"""The window shell: main window, unlock, first run, settings, safety (idle lock, quick exit)."""
