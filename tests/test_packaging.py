"""The PyInstaller one-folder bundle builds and self-checks; the .deb made from it installs,
runs and uninstalls leaving the user's data; the Windows installer script compiles.

Slow (PyInstaller runs once for the module, about a minute): skip locally with
``-m "not packaging"``; CI runs it (as root: the .deb is really installed with apt-get).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.packaging


def _env(home: Path) -> dict:
    return {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(home)}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("pyinstaller")
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    if not pyinstaller.exists():
        pytest.fail("PyInstaller manque : installez l'extra « build » (scripts/setup-env.sh le fait)")
    build = subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--distpath", str(tmp / "dist"),
         "--workpath", str(tmp / "build"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    shutil.rmtree(tmp / "build", ignore_errors=True)
    return tmp / "dist" / "milo-desktop"


def test_bundle_builds_and_self_checks(bundle, tmp_path):
    exe = bundle / "milo-desktop"
    assert exe.exists()
    run = subprocess.run([str(exe), "--data-dir", str(tmp_path / "store"), "--self-check"],
                         capture_output=True, text=True, timeout=180, env=_env(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Tout est en ordre." in run.stdout
    assert "rustpy-xlsxwriter)" in run.stdout  # the fast Excel writer is in the bundle


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def test_deb_installs_self_checks_and_uninstalls_keeping_the_data(bundle, tmp_path):
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("installer un paquet demande root et apt-get (CI les a)")
    tools = _run(["bash", str(ROOT / "scripts" / "debian-tools.sh")])
    assert tools.returncode == 0, tools.stderr
    built = _run(["bash", str(ROOT / "scripts" / "build-deb.sh"), "--bundle", str(bundle),
                  "--out", str(tmp_path)], cwd=ROOT)
    assert built.returncode == 0, built.stderr[-3000:]
    deb = Path(built.stdout.strip().splitlines()[-1])
    info = _run(["dpkg-deb", "--field", str(deb), "Installed-Size", "Section", "Description"])
    size_kb = int(info.stdout.split("Installed-Size:")[1].split()[0])
    assert size_kb <= 250 * 1024, f"{size_kb} Kio installés (budget : 250 Mo)"
    assert "outil de bureau des conseillers de Mission Locale" in info.stdout
    lint = _run(["lintian", "--fail-on", "error", "--tag-display-limit", "0", str(deb)])
    assert lint.returncode == 0, lint.stdout[-3000:]

    tree = tmp_path / "contenu"
    assert _run(["dpkg-deb", "-x", str(deb), str(tree)]).returncode == 0
    desktop = tree / "usr/share/applications/milo-desktop.desktop"
    assert "Categories=Office;" in desktop.read_text(encoding="utf-8")
    assert _run(["desktop-file-validate", str(desktop)]).returncode == 0
    metainfo = next((tree / "usr/share/metainfo").glob("*.metainfo.xml"))
    check = _run(["appstreamcli", "validate", "--no-net", str(metainfo)])
    assert check.returncode == 0, check.stdout + check.stderr
    assert (tree / "usr/share/icons/hicolor/scalable/apps/milo-desktop.svg").exists()

    home = tmp_path / "home"
    data = home / ".local" / "share" / "milo-desktop"  # platformdirs' user data folder
    demo = _run([str(bundle / "milo-desktop"), "demo", "--young", "30", "--seed", "3"], env=_env(home))
    assert demo.returncode == 0, demo.stderr
    try:
        install = _run(["apt-get", "install", "-y", "-qq", f"./{deb.name}"], cwd=deb.parent,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
        assert Path("/usr/bin/milo-desktop").exists()
        run = _run(["milo-desktop", "--self-check"], env=_env(home))
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Tout est en ordre." in run.stdout
        before = _snapshot(data)
        assert "milo.db" in before
    finally:
        removed = _run(["apt-get", "remove", "--purge", "-y", "-qq", "milo-desktop"],
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    assert removed.returncode == 0, removed.stderr
    assert not Path("/usr/bin/milo-desktop").exists() and not Path("/opt/milo-desktop").exists()
    assert _snapshot(data) == before  # the user's store and backups are untouched


def test_windows_installer_script_compiles(bundle, tmp_path):
    # The Linux bundle stands in for the Windows one (PyInstaller does not cross-compile): what is
    # proven is the script — pages, French, per-user install, shortcuts, uninstaller.
    tools = _run(["bash", str(ROOT / "scripts" / "debian-tools.sh")])
    if tools.returncode != 0 and not shutil.which("makensis"):
        pytest.skip(tools.stderr)
    from milo_desktop import __version__
    out = tmp_path / "milo-desktop-installation.exe"
    made = _run(["makensis", "-V2", f"-DVERSION={__version__}", f"-DBUNDLE={bundle}",
                 f"-DOUTFILE={out}", "-DCOMPRESSOR=zlib",
                 str(ROOT / "installer" / "windows" / "milo-desktop.nsi")])
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    assert out.read_bytes()[:2] == b"MZ"
