"""The PyInstaller one-folder bundle builds and its executable passes --self-check.

Slow (about a minute): skip locally with ``-m "not packaging"``; CI runs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.packaging
def test_bundle_builds_and_self_checks(tmp_path):
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    if not pyinstaller.exists():
        pytest.fail("PyInstaller manque : installez l'extra « build » (scripts/setup-env.sh le fait)")
    build = subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "build"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    exe = tmp_path / "dist" / "milo-desktop" / "milo-desktop"
    assert exe.exists()
    run = subprocess.run([str(exe), "--data-dir", str(tmp_path / "store"), "--self-check"],
                         capture_output=True, text=True, timeout=180,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                              "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Tout est en ordre." in run.stdout
    assert "rustpy-xlsxwriter)" in run.stdout  # the fast Excel writer is in the bundle
    shutil.rmtree(tmp_path / "build", ignore_errors=True)
