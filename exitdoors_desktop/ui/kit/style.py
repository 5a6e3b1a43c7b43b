"""The app's look in one place: Fusion, a calm palette, one readable font size, and the style
sheet from resources/style.qss (its ``@ICONS@`` points at resources/icons)."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f5d62"
TEXT = "#1f1f1c"
MUTED = "#5f5e58"
WINDOW = "#f7f7f5"
WARN = "#9a3412"
BASE_POINT_SIZE = 10.5


def _resource_dir() -> Path | None:
    try:
        root = resources.files("resources")
    except ModuleNotFoundError:  # pragma: no cover - a broken install
        return None
    path = Path(str(root))
    return path if path.is_dir() else None


# The high-contrast look: the same sheet with its colours swapped — text and borders black,
# surfaces white, the accent darker, the selection yellow. Chosen when the system asks for
# high contrast (and followed when that changes), or with EXITDOORS_HIGH_CONTRAST=1.
HIGH_CONTRAST = {
    "#2f5d62": "#00363b", "#3a6f75": "#00363b",
    "#1f1f1c": "#000000", "#33322e": "#000000", "#3d3c38": "#000000", "#4a4944": "#000000",
    "#5f5e58": "#000000", "#7d7c76": "#000000", "#b9b8b2": "#000000", "#c9c8c2": "#000000",
    "#d5d4ce": "#000000", "#dddcd6": "#000000",
    "#f7f7f5": "#ffffff", "#ecebe7": "#ffffff", "#fbfbf9": "#ffffff", "#f1f0ec": "#ffffff",
    "#f4f4f1": "#ffffff", "#f7f7f4": "#ffffff", "#e1e0da": "#ffffff", "#f0efea": "#ffffff",
    "#e4e3dd": "#ffffff", "#fdf1ec": "#ffffff", "#f1cdbd": "#000000",
    "#cfe3e0": "#ffe14d", "#d7e8e5": "#ffe14d", "#a3a29c": "#595959", "#9fb6b8": "#595959",
    "#8a5a00": "#5c3c00", "#2f6b3a": "#1d4d26", "#9a3412": "#7c2d12",
}  # fmt: skip


def high_contrast_wanted() -> bool:
    if os.environ.get("EXITDOORS_HIGH_CONTRAST") == "1":
        return True
    hints = QGuiApplication.styleHints() if QGuiApplication.instance() else None
    return bool(
        hints is not None
        and hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    )


def _swap(text: str) -> str:
    return re.sub(
        r"#[0-9a-fA-F]{6}\b", lambda m: HIGH_CONTRAST.get(m.group(0).lower(), m.group(0)), text
    )


def style_sheet(*, high_contrast: bool = False) -> str:
    """The style sheet text, or "" when it cannot be read (the app still works unstyled)."""
    folder = _resource_dir()
    if folder is None:
        return ""
    try:
        text = (folder / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
    text = text.replace("@ICONS@", (folder / "icons").as_posix())
    return _swap(text) if high_contrast else text


def set_text_size(percent: int) -> None:
    """The app's text at ``percent`` of the base size (every widget follows the app font)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = app.font()
        font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
        app.setFont(font)


def _apply_colours(app: QApplication) -> None:
    high = high_contrast_wanted()
    app.setPalette(palette(high_contrast=high))
    app.setStyleSheet(style_sheet(high_contrast=high))


def monospace_font(point_size: float = 13) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font


def palette(*, high_contrast: bool = False) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f4f4f1",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: "#cfe3e0",
        QPalette.ColorRole.HighlightedText: TEXT,
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: "#6b6a64",
        QPalette.ColorRole.Link: ACCENT,
    }
    disabled = "#a3a29c"
    if high_contrast:
        roles = {role: _swap(colour) for role, colour in roles.items()}
        roles[QPalette.ColorRole.PlaceholderText] = "#3b3b3b"
        disabled = _swap(disabled)
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(disabled))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(disabled))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(disabled))
    return p


def apply_style(app: QApplication) -> None:
    """Fusion everywhere (the same look on every laptop), then our palette, font and sheet;
    the high-contrast ones when the system asks (and again whenever it changes its mind)."""
    app.setStyle("Fusion")
    _apply_colours(app)
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    if not app.property("exitdoorsFollowsContrast"):
        app.setProperty("exitdoorsFollowsContrast", True)
        app.styleHints().accessibility().contrastPreferenceChanged.connect(
            lambda _pref: _apply_colours(app)
        )
    folder = _resource_dir()
    if folder is not None and (folder / "icons" / "app.svg").is_file():
        app.setWindowIcon(QIcon(str(folder / "icons" / "app.svg")))
