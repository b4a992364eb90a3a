"""Cold start to the main window painted, on a demo store (target ≤ 2 s with 100 000 young people).

Usage: .venv/bin/python benchmarks/bench_startup.py [--young 100000] [--data-dir DIR]
Creates the demo store once (reused afterwards), then starts a fresh Python process several
times; each measures from its first line (before importing Qt) to the window painted, and the
interpreter's own start-up is measured apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = r"""
import time, sys
t0 = time.perf_counter()
from pathlib import Path
data_dir = Path(sys.argv[1])
from milo_desktop.persistence.migrations import open_store
from milo_desktop.services import AppContext, CurrentUser, Services
store = open_store(data_dir)
services = Services(AppContext(store))
t_store = time.perf_counter()
from milo_desktop.gui.app import make_app
from milo_desktop.gui.main_window import MainWindow
app = make_app([])
user = services.settings.utilisateurs(only_active=True)[0]
services.set_user(CurrentUser(user.id, user.nom_complet, user.role), user.site_id)
window = MainWindow(services, str(store.path))
window.show()
app.processEvents()
window.grab()  # forces a full paint of the window as shown
t_paint = time.perf_counter()
mods = [m for m in ("reportlab", "alembic", "openpyxl", "xlsxwriter", "faker") if m in sys.modules]
print(f"{t_store - t0:.3f} {t_paint - t0:.3f} {','.join(mods) or '-'}")
"""


def ensure_store(data_dir: Path, young: int) -> None:
    if (data_dir / "milo.db").exists():
        return
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(data_dir), "demo",
                    "--young", str(young), "--seed", "1"], check=True)
    print(f"demo --young {young}: {time.perf_counter() - t:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--young", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "milo-bench-startup")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_store(args.data_dir, args.young)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    interpreter = time.perf_counter() - t
    stores, paints = [], []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PROBE, str(args.data_dir)], env=env,
                             capture_output=True, text=True, check=True).stdout.split()
        stores.append(float(out[0]))
        paints.append(float(out[1]))
        heavy = out[2]
    print(f"store: {args.data_dir} ({(args.data_dir / 'milo.db').stat().st_size / 1e6:.0f} MB)")
    print(f"interpreter start          : {interpreter * 1000:7.0f} ms")
    print(f"store open (median)        : {statistics.median(stores) * 1000:7.0f} ms")
    print(f"window painted (median)    : {statistics.median(paints) * 1000:7.0f} ms  (target ≤ 2000 ms incl. interpreter)")
    print(f"cold start total (median)  : {(statistics.median(paints) + interpreter) * 1000:7.0f} ms")
    print(f"heavy modules loaded at start: {heavy}")


if __name__ == "__main__":
    main()
