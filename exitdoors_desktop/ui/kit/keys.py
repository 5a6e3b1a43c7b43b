"""Keyboard helpers shared by the screens: where focus lands first, and tables that let Tab go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget


def first_tab_stop(container: QWidget) -> QWidget | None:
    """The first shown, enabled widget inside ``container`` that Tab would reach."""
    proxy = container.focusProxy()
    if proxy is not None and proxy.isVisible() and proxy.isEnabled():
        return proxy
    w = container.nextInFocusChain()
    while w is not None and w is not container:
        if (
            container.isAncestorOf(w)
            and w.isVisible()
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None
        ):
            return w
        w = w.nextInFocusChain()
    return None


def focus_first(container: QWidget | None) -> None:
    """Focus lands in the first useful field, never on nothing."""
    if container is None:
        return
    target = first_tab_stop(container)
    if target is not None:
        target.setFocus(Qt.FocusReason.TabFocusReason)


def release_tab(container: QWidget) -> None:
    """Tables and lists inside ``container`` let Tab move on (arrows move within them)."""
    for view in container.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


__all__ = ["first_tab_stop", "focus_first", "release_tab"]
