"""The app's look in one place: Fusion, a calm palette, one readable font size, and the style
sheet from resources/style.qss (its ``@ICONS@`` points at resources/icons)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
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


def style_sheet() -> str:
    """The style sheet text, or "" when it cannot be read (the app still works unstyled)."""
    folder = _resource_dir()
    if folder is None:
        return ""
    try:
        text = (folder / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
    return text.replace("@ICONS@", (folder / "icons").as_posix())


def monospace_font(point_size: float = 13) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font


def palette() -> QPalette:
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
        QPalette.ColorRole.PlaceholderText: "#8a8983",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#a3a29c"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#a3a29c"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#a3a29c"))
    return p


def apply_style(app: QApplication) -> None:
    """Fusion everywhere (the same look on every laptop), then our palette, font and sheet."""
    app.setStyle("Fusion")
    app.setPalette(palette())
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(style_sheet())
    folder = _resource_dir()
    if folder is not None and (folder / "icons" / "app.svg").is_file():
        app.setWindowIcon(QIcon(str(folder / "icons" / "app.svg")))
