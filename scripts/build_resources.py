"""Compile resources/milo.qrc into milo_desktop/gui/resources_rc.py (skipped when up to date).

Usage: .venv/bin/python scripts/build_resources.py
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QRC = ROOT / "resources" / "milo.qrc"
OUT = ROOT / "milo_desktop" / "gui" / "resources_rc.py"
HEADER = "# Generated from resources/milo.qrc by scripts/build_resources.py — do not edit.\n"


def sources() -> list[Path]:
    import re
    names = re.findall(r"<file>(.*?)</file>", QRC.read_text(encoding="utf-8"))
    return [QRC, *(QRC.parent / n for n in names)]


def up_to_date() -> bool:
    return OUT.exists() and all(OUT.stat().st_mtime >= s.stat().st_mtime for s in sources())


def main() -> int:
    if up_to_date() and "--force" not in sys.argv:
        print("resources_rc.py est à jour.")
        return 0
    rcc = Path(sys.executable).parent / "pyside6-rcc"
    code = subprocess.run([str(rcc), str(QRC), "-o", str(OUT)], check=False).returncode
    if code == 0:
        OUT.write_text(HEADER + OUT.read_text(encoding="utf-8"), encoding="utf-8")
        print(f"{OUT.relative_to(ROOT)} régénéré.")
    return code


if __name__ == "__main__":
    sys.exit(main())
