#!/usr/bin/env bash
# Refreshes requirements.lock: every package (runtime, `test` and `build` extras, and the build
# backend) pinned to one version with the sha256 of each of its files on PyPI, for every platform
# (one universal resolution: Linux and Windows, CPython 3.12 and 3.13).
# Run it after any change to the dependencies in pyproject.toml, then commit requirements.lock.
#   bash scripts/lock.sh                        # add what is new, keep every other pin
#   bash scripts/lock.sh --upgrade              # move everything to the newest allowed versions
#   bash scripts/lock.sh --upgrade-package NAME # move one package
# scripts/setup-env.sh and the packaged builds install from the lock (pip --require-hashes).
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
TOOL=build/lock-tool
if ! [ -x "$TOOL/bin/uv" ] || [ "$("$TOOL/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  # uv is a compiled program: any Python 3 can install it (pyenv shims may name versions
  # that are not selected, hence the check that each one runs).
  PY=
  for c in "${MILO_PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$c" ] && "$c" -c pass >/dev/null 2>&1 && { PY=$c; break; }
  done
  [ -n "$PY" ] || { echo "Python 3 introuvable." >&2; exit 1; }
  rm -rf "$TOOL"
  "$PY" -m venv "$TOOL"
  "$TOOL/bin/python" -m pip install -q "uv==$UV_VERSION"
fi
# The build backend (setuptools, wheel) and pip itself are locked too: setup-env.sh installs the
# project with --no-build-isolation, so nothing unpinned is fetched.
BUILD_IN=$(mktemp --suffix=.in)
trap 'rm -f "$BUILD_IN"' EXIT
"$TOOL/bin/python" - "$BUILD_IN" <<'PY'
import sys, tomllib
with open("pyproject.toml", "rb") as f:
    requires = tomllib.load(f)["build-system"]["requires"]
with open(sys.argv[1], "w") as out:
    out.write("\n".join(requires + ["pip"]) + "\n")
PY
"$TOOL/bin/uv" pip compile pyproject.toml "$BUILD_IN" --extra test --extra build \
  --universal --python-version 3.12 --generate-hashes --no-strip-extras \
  --custom-compile-command "bash scripts/lock.sh" --index-url https://pypi.org/simple \
  -o requirements.lock -q "$@"
# uv writes the temporary input's path into the comments: name what it stands for instead.
sed -i "s|$BUILD_IN|pyproject.toml [build-system] + pip|g" requirements.lock
echo "requirements.lock à jour ($(grep -c '^[a-z0-9]' requirements.lock) paquets)." >&2
