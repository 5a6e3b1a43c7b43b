"""Python's cyclic garbage collector held off while a burst of plain values is built: the
caseload's rows for 10,000 clients are hundreds of thousands of acyclic objects, and the
collections their allocation set off took about a second of an unlock (bench/gui_bench.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses in progress, on any thread: the collector runs again when none is left
_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reference counting still frees everything at once; only the search for reference
    cycles waits (the values built here hold none), and resumes when the last pause ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
