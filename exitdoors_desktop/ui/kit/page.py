"""The small protocol every page of the workspace keeps (as Picard's OptionsPage does): the
shell calls it before a lock instead of probing pages for methods they might have."""

from __future__ import annotations

from typing import Protocol


class Page(Protocol):
    def save_drafts(self) -> bool:
        """Write any typed, unsaved text as a draft inside the vault now; False if it failed."""
        ...

    def stop(self) -> None:
        """Cancel background work: no answer may reach the page after a lock."""
        ...


class Stoppable(Protocol):
    def stop(self) -> None: ...


class NothingToSave:
    """The hooks of a page that holds no typed text of its own (the reports): its ``stop``."""

    def __init__(self, page: Stoppable) -> None:
        self._page = page

    def save_drafts(self) -> bool:
        return True

    def stop(self) -> None:
        self._page.stop()


class Passive:
    """The hooks of a page with neither typed text of its own nor background work."""

    def save_drafts(self) -> bool:
        return True

    def stop(self) -> None:
        """Nothing runs."""


__all__ = ["NothingToSave", "Page", "Passive", "Stoppable"]
