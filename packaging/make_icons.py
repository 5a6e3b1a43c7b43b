"""Regenerate the desktop icon files in packaging/icons/ from the app's window icon.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The launcher icon and the window icon are one picture (a plain notebook), so the menu entry,
the task bar and the window agree. The source is resources/icons/app.svg; this script copies it
to packaging/icons/exitdoors.svg and renders the PNG sizes desktop environments ask for. The
results are committed; the build does not run this script.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "app.svg"
OUT = ROOT / "packaging" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, OUT / "exitdoors.svg")
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = OUT / f"exitdoors-{size}.png"
        if not image.save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
    print(f"wrote {OUT / 'exitdoors.svg'} and {len(SIZES)} PNG sizes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
