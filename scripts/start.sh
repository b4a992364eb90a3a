#!/usr/bin/env bash
# Sets everything up and opens MILO Desktop on a demo store (generated data) the first time.
# Usage: scripts/start.sh [options passed to milo-desktop, e.g. --data-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
DEMO_DIR="${MILO_DEMO_DIR:-$PWD/.demo-store}"
# First start: a demo store a newcomer can explore (generated data; does nothing once filled).
.venv/bin/milo-desktop --data-dir "$DEMO_DIR" demo --if-empty --young 3000 --seed 2026
exec .venv/bin/milo-desktop --data-dir "$DEMO_DIR" "$@"
