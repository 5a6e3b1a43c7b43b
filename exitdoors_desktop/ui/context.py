"""What every screen of an unlocked window needs, built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.storage.vault import Session


@dataclass
class AppContext:
    """Passed down explicitly (no global main window, no service locator).

    ``today`` is injected so timing, flags and tests never read the clock themselves.
    ``language`` is "en" or "fr" for definition labels; Qt strings go through tr().
    """

    session: Session
    definitions: Definitions
    today: Callable[[], dt.date] = dt.date.today
    language: str = "en"
    # Called with a short, data-free message to show in the status bar.
    notify: Callable[[str], None] = field(default=lambda _message: None)
    # The window's ClipboardGuard (copy(text) wipes it after 30 s); None in bare tests.
    clipboard: Any = None
