#!/usr/bin/env bash
# Creates (or refreshes) the project's virtual environment in .venv with Python >= 3.12.
# PySide6 6.12 aborts on CPython 3.11 (engineering.md), so 3.11 is never used even when it
# is the machine's default python3.
# Every package comes from requirements.lock (exact versions, sha256-checked); refresh that file
# with scripts/lock.sh after changing the dependencies in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local c
  for c in "${MILO_PYTHON:-}" python3.13 python3.12; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  # pyenv installs that are not the selected version are not on PATH through the shims.
  local root
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for c in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3 /usr/bin/python3.13 /usr/bin/python3.12; do
    if [ -x "$c" ] && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

stamp=.venv/.milo-installed
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
   && [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt requirements.lock ]; then
  exit 0
fi

PY=$(find_python) || { echo "Python 3.12 ou plus récent est requis (PySide6 6.12 plante sous 3.11). Installez python3.12 puis relancez." >&2; exit 1; }
echo "Environnement Python : $PY" >&2
rm -rf .venv
"$PY" -m venv .venv
# The lock pins pip and the build backend too; the project itself is installed editable, without
# dependencies (all already there) and without build isolation (nothing unpinned downloaded).
.venv/bin/python -m pip install -q --require-hashes -r requirements.lock
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
# A dependency added to pyproject.toml but not yet locked shows here, not as an ImportError later.
.venv/bin/python -m pip check >/dev/null || {
  .venv/bin/python -m pip check >&2 || true
  echo "requirements.lock ne couvre pas pyproject.toml : lancez « bash scripts/lock.sh » puis recommencez." >&2
  exit 1
}
touch "$stamp"
