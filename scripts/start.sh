#!/usr/bin/env bash
# Sets everything up and opens MILO Desktop on a demo store (generated data) the first time.
# Usage: scripts/start.sh [options passed to milo-desktop, e.g. --data-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
DEMO_DIR="${MILO_DEMO_DIR:-$PWD/.demo-store}"
if ! .venv/bin/milo-desktop --data-dir "$DEMO_DIR" demo --status >/dev/null 2>&1; then
  echo "Création d'une base de démonstration dans $DEMO_DIR (données générées)…"
  .venv/bin/milo-desktop --data-dir "$DEMO_DIR" demo --young 3000 --seed 2026
fi
exec .venv/bin/milo-desktop --data-dir "$DEMO_DIR" "$@"
