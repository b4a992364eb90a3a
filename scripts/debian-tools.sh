#!/usr/bin/env bash
# Installs, when missing, the Debian tools the packaging builds and tests use:
#   dpkg-dev (dpkg-deb), patchelf (build-deb.sh), lintian, appstream (appstreamcli),
#   desktop-file-utils (desktop-file-validate), nsis (makensis: the Windows installer).
# Quiet, and only as root with apt-get (CI); otherwise it names the packages to install.
set -euo pipefail
declare -A TOOL=([dpkg-deb]=dpkg-dev [patchelf]=patchelf [lintian]=lintian [appstreamcli]=appstream
                 [desktop-file-validate]=desktop-file-utils [makensis]=nsis)
missing=()
for cmd in "${!TOOL[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${TOOL[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 \
         && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; } \
    || { echo "Impossible d'installer : ${missing[*]}" >&2; exit 1; }
else
  echo "Outils manquants pour les paquets : sudo apt install ${missing[*]}" >&2
  exit 1
fi
