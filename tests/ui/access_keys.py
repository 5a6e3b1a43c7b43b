"""Access keys (Alt+letter) of the controls a window shows, and the ones two controls share:
a shared key does nothing useful (Qt cycles focus between them or activates neither)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget


def _key(text: str) -> str:
    return QKeySequence.mnemonic(text).toString()


def access_keys(top: QWidget) -> dict[str, list[str]]:
    """Alt+key → the controls on screen in ``top`` that carry it (buttons, check boxes, labels
    with a buddy, group boxes, tabs). Only controls visible within ``top`` count; a dialog
    opened over it is a window of its own and is checked alone."""
    owners: dict[str, list[str]] = defaultdict(list)

    def shown(w: QWidget) -> bool:
        return w is top or (w.window() is top.window() and w.isVisibleTo(top.window()))

    candidates = [top, *top.findChildren(QWidget)]
    for w in candidates:
        if not shown(w):
            continue
        text = ""
        if isinstance(w, QAbstractButton):
            text = w.text()
        elif isinstance(w, QLabel) and w.buddy() is not None:
            text = w.text()
        elif isinstance(w, QGroupBox):
            text = w.title()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i) and (key := _key(w.tabText(i))):
                    owners[key].append(f"tab {w.tabText(i)!r}")
            continue
        if text and (key := _key(text)):
            owners[key].append(f"{type(w).__name__}#{w.objectName()} {text!r}")
    return dict(owners)


def shared_access_keys(top: QWidget) -> dict[str, list[str]]:
    """The access keys two or more shown controls share (empty when every key is unique)."""
    return {key: who for key, who in access_keys(top).items() if len(who) > 1}


__all__ = ["access_keys", "shared_access_keys"]
