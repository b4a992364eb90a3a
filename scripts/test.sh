#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (GUI tests headless), packaging test included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
# The packaging tests need dpkg-dev, lintian, appstream, nsis…: installed when missing (root).
if [ "$(id -u)" = 0 ]; then bash scripts/debian-tools.sh || true; fi
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
# A Python that crashed after pytest printed its summary exits non-zero (134): keep it.
exit $rc
