"""Our QtGui hook (build_installer.spec puts packaging/hooks first): PyInstaller's own hook,
minus the Qt plugins a desktop case-notes app never loads.

Filtering here, before PyInstaller's binary dependency analysis, also keeps out the libraries
only those plugins link to (the GTK 3 theme alone pulls in GTK's whole stack: glib, pango,
cairo, atk ... and mixing those with a newer system GTK is a classic cause of crashes).
"""

import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

# Plugin folders dropped entirely: embedded-board input and EGL device integrations.
_DROP_DIRS = {"egldeviceintegrations", "generic"}
# Single plugins dropped, by file-name stem (lib prefix and suffix removed).
_DROP_PLUGINS = {
    # platforms: framebuffer, KMS, VNC and Vulkan-display back ends (kept: xcb, wayland,
    # offscreen, minimal; windows/cocoa on those systems)
    "qeglfs",
    "qlinuxfb",
    "qminimalegl",
    "qvkkhrdisplay",
    "qvnc",
    "qdirect2d",
    # platformthemes: the GTK 3 theme (the app draws with Fusion and its own palette)
    "qgtk3",
    # imageformats the app never reads (it ships SVG icons; PNG is built in)
    "qtiff",
    "qwebp",
    "qtga",
    "qwbmp",
    "qicns",
    "qpdf",
}


def _stem(path):
    name = os.path.basename(path).split(".")[0]
    return name[3:] if name.startswith("lib") else name


def _wanted(src, dest):
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True
    kind = parts[parts.index("plugins") + 1] if len(parts) > parts.index("plugins") + 1 else ""
    return kind not in _DROP_DIRS and _stem(src) not in _DROP_PLUGINS


binaries = [(src, dest) for src, dest in binaries if _wanted(src, dest)]
