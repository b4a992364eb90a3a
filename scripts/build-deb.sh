#!/usr/bin/env bash
# Builds the Debian/Ubuntu package of MILO Desktop from the PyInstaller one-folder build:
#   /opt/milo-desktop/        the bundle (Python, Qt and every library inside)
#   /usr/bin/milo-desktop     the command (a link into the bundle)
#   desktop entry (Bureautique), icon, AppStream metainfo, French description.
# Usage: bash scripts/build-deb.sh [--bundle DIR] [--out DIR]
#   --bundle DIR  an existing one-folder build (default: build dist/milo-desktop with PyInstaller)
#   --out DIR     where the .deb goes (default: dist/)
# Prints the path of the .deb on its last line. Install it with: sudo apt install ./milo-desktop_….deb
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUNDLE=""
OUT=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) BUNDLE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "Option inconnue : $1 (possibles : --bundle DOSSIER, --out DOSSIER)" >&2; exit 2 ;;
  esac
done
bash scripts/debian-tools.sh
if [ -z "$BUNDLE" ]; then
  bash scripts/setup-env.sh
  .venv/bin/pyinstaller --noconfirm --log-level WARN build.spec
  BUNDLE=dist/milo-desktop
fi
BUNDLE=$(cd "$BUNDLE" && pwd)
[ -x "$BUNDLE/milo-desktop" ] || { echo "Pas d'exécutable milo-desktop dans $BUNDLE." >&2; exit 1; }
# The version is the bundle's own (milo_desktop.__version__), so the package cannot disagree with it.
VERSION=$(QT_QPA_PLATFORM=offscreen "$BUNDLE/milo-desktop" --version | awk '{print $NF}')
ARCH=$(dpkg --print-architecture)
MAINTAINER=${DEB_MAINTAINER:-"Équipe MILO Desktop <milo-desktop@example.org>"}
# Reproducible: every date written in the package is the last commit's (or SOURCE_DATE_EPOCH).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PKG=$WORK/milo-desktop
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/metainfo" \
  "$PKG/usr/share/doc/milo-desktop" "$PKG/usr/share/lintian/overrides"
cp -a "$BUNDLE" "$PKG/opt/milo-desktop"
ln -s /opt/milo-desktop/milo-desktop "$PKG/usr/bin/milo-desktop"
# A pyenv-built Python records its build folder (/root/.pyenv/…/lib) as RUNPATH: a library search
# path into someone's home on the installed PC. Everything it needs is beside it in the bundle.
find "$PKG/opt/milo-desktop" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 \
  | while IFS= read -r -d '' f; do
      rp=$(patchelf --print-rpath "$f" 2>/dev/null) || continue
      case "$rp" in ""|'$ORIGIN'*) ;; *) patchelf --remove-rpath "$f" ;; esac
    done
L=installer/linux
install -m 0644 "$L/milo-desktop.desktop" "$PKG/usr/share/applications/milo-desktop.desktop"
install -m 0644 resources/icons/milo.svg "$PKG/usr/share/icons/hicolor/scalable/apps/milo-desktop.svg"
RELEASE_DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$RELEASE_DATE/" "$L/fr.milo_desktop.MiloDesktop.metainfo.xml" \
  > "$PKG/usr/share/metainfo/fr.milo_desktop.MiloDesktop.metainfo.xml"
install -m 0644 "$L/copyright" "$PKG/usr/share/doc/milo-desktop/copyright"
install -m 0644 "$L/lintian-overrides" "$PKG/usr/share/lintian/overrides/milo-desktop"
{
  echo "milo-desktop ($VERSION) unstable; urgency=medium"
  echo
  echo "  * Version $VERSION : voir « Aide > Nouveautés » dans l'application."
  echo
  echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$PKG/usr/share/doc/milo-desktop/changelog.gz"

# Debian's rules for modes: files 0644, directories and programs 0755 (shared libraries need no
# execute bit to load).
find "$PKG" -type d -exec chmod 0755 {} +
find "$PKG" -type f -exec chmod 0644 {} +
chmod 0755 "$PKG/opt/milo-desktop/milo-desktop"

# What the bundle does not carry: the C library and the desktop's X11/OpenGL/font libraries,
# which PyInstaller leaves to the system (the same list scripts/start.sh installs for Qt).
DEPENDS="libc6 (>= 2.28), libfontconfig1, libfreetype6, libgl1, libegl1, libdbus-1-3, \
libglib2.0-0t64 | libglib2.0-0, libx11-6, libx11-xcb1, libxkbcommon0, libxkbcommon-x11-0, \
libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, \
libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0, libxcb-xkb1"
SIZE=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: milo-desktop
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $SIZE
Depends: $DEPENDS
Section: misc
Priority: optional
Description: outil de bureau des conseillers de Mission Locale
 MILO Desktop réunit sur le poste de l'équipe, même sans réseau, ce que les
 partenariats d'une Mission Locale demandent de suivre au quotidien : les
 jeunes en cotraitance (PPAE délégué par France Travail), les offres d'emploi
 et les mises en relation, Mission Jeunes et les orientations FASTT, et les
 bilans annuels des partenariats en PDF et en Excel.
 .
 Les données restent dans une base locale, dans le dossier de l'utilisateur
 (~/.local/share/milo-desktop) ; la désinstallation ne les efface pas.
 L'application est livrée complète dans /opt/milo-desktop.
CONTROL
chmod 0644 "$PKG/DEBIAN/control"

mkdir -p "$OUT"
DEB="$(cd "$OUT" && pwd)/milo-desktop_${VERSION}_${ARCH}.deb"
# gzip: several times faster to build than xz for a ~200 MB tree, read by every dpkg.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$PKG" "$DEB" >/dev/null
echo "$DEB"
