#!/usr/bin/env bash
# Sets everything up and opens MILO Desktop on a demo store (generated data) the first time.
# Usage: scripts/start.sh [options passed to milo-desktop, e.g. --data-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
# Qt's X11 plugin needs a few xcb libraries that minimal systems lack: install them when we
# can (Debian/Ubuntu, as root), otherwise say which package to install.
XCB_PKGS="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
QXCB=$(ls .venv/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so 2>/dev/null | head -1)
if [ -n "$QXCB" ] && ldd "$QXCB" .venv/lib/python3*/site-packages/PySide6/Qt/lib/libQt6XcbQpa.so.6 2>/dev/null | grep -q "not found" \
   || ! ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq $XCB_PKGS >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $XCB_PKGS >/dev/null 2>&1; } \
      || echo "Attention : installez les paquets $XCB_PKGS (nécessaires à l'affichage Qt)." >&2
  else
    echo "Attention : si la fenêtre ne s'ouvre pas, installez : sudo apt install $XCB_PKGS" >&2
  fi
fi
DEMO_DIR="${MILO_DEMO_DIR:-$PWD/.demo-store}"
# First start: a demo store a newcomer can explore (generated data; does nothing once filled).
.venv/bin/milo-desktop --data-dir "$DEMO_DIR" demo --if-empty --young 3000 --seed 2026
exec .venv/bin/milo-desktop --data-dir "$DEMO_DIR" "$@"
