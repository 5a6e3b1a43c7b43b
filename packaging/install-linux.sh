#!/bin/sh
# Install the unpacked bundle (the folder this script is in) for one user, or system-wide:
#
#   ./install-linux.sh                 # for you:  ~/.local/lib/exitdoors, menu entry "Notes"
#   sudo PREFIX=/usr/local ./install-linux.sh          # for every account on the laptop
#   ./install-linux.sh --uninstall     # (same PREFIX) remove program, menu entry and icons
#
# The vault (the encrypted data) is never touched: it lives in the user's data folder.
set -eu
PREFIX="${PREFIX:-$HOME/.local}"
HERE="$(cd "$(dirname "$0")" && pwd)"
APP="$PREFIX/lib/exitdoors"
SHARE="$PREFIX/share"
SIZES="16 24 32 48 64 128 256 512"

remove() {
    rm -f "$PREFIX/bin/exitdoors" "$SHARE/applications/exitdoors.desktop" \
        "$SHARE/icons/hicolor/scalable/apps/exitdoors.svg"
    for s in $SIZES; do rm -f "$SHARE/icons/hicolor/${s}x${s}/apps/exitdoors.png"; done
    rm -rf "$APP"
}

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    remove
    refresh
    echo "Removed from $PREFIX."
    exit 0
fi

[ -x "$HERE/exitdoors" ] && [ -d "$HERE/_internal" ] || {
    echo "install-linux.sh: run me from the unpacked exitdoors folder" >&2
    exit 1
}
if [ "$HERE" != "$APP" ]; then
    rm -rf "$APP.new"
    mkdir -p "$PREFIX/lib"
    cp -a "$HERE" "$APP.new"
    rm -rf "$APP"
    mv "$APP.new" "$APP"
fi
mkdir -p "$PREFIX/bin" "$SHARE/applications" "$SHARE/icons/hicolor/scalable/apps"
ln -sfn "$APP/exitdoors" "$PREFIX/bin/exitdoors"
sed "s|^Exec=.*|Exec=\"$APP/exitdoors\"|" "$APP/desktop/exitdoors.desktop" \
    > "$SHARE/applications/exitdoors.desktop"
chmod 0644 "$SHARE/applications/exitdoors.desktop"
cp "$APP/desktop/icons/exitdoors.svg" "$SHARE/icons/hicolor/scalable/apps/exitdoors.svg"
for s in $SIZES; do
    mkdir -p "$SHARE/icons/hicolor/${s}x${s}/apps"
    cp "$APP/desktop/icons/exitdoors-$s.png" "$SHARE/icons/hicolor/${s}x${s}/apps/exitdoors.png"
done
refresh
echo "Installed in $APP; the menu entry is called \"Notes\"."
