"""Exit Doors Desktop: offline-first, encrypted case management for a CTI exit program."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("exitdoors-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
