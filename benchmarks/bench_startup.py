"""Cold start on demo stores: window painted, dashboard figures shown; ``--version``/``--help``.

    .venv/bin/python benchmarks/bench_startup.py [--sizes 10000,100000,300000] [--repeat 3]

Each run is a fresh Python process on a demo store from ``demo_stores``; it measures from its
first line (before importing Qt) to the main window painted, then to every part of the
dashboard shown (figures computed in the thread pool). The interpreter's own start-up is added
(measured apart). Targets (issue 20): window ≤ 1 s, dashboard figures ≤ 1.5 s at 100 000
(≤ 3 s at 300 000); ``--version`` ≤ 0.3 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_stores as ds  # noqa: E402

PROBE = r"""
import time, sys
t0 = time.perf_counter()
from pathlib import Path
data_dir = Path(sys.argv[1])
from milo_desktop.persistence.migrations import open_store
from milo_desktop.services import AppContext, CurrentUser, Services
store = open_store(data_dir)
services = Services(AppContext(store))
from milo_desktop.gui.app import make_app
from milo_desktop.gui.main_window import MainWindow
app = make_app([])
user = services.settings.utilisateurs(only_active=True)[0]
services.set_user(CurrentUser(user.id, user.nom_complet, user.role), user.site_id)
window = MainWindow(services, str(store.path))
window.show()
app.processEvents()
window.grab()
t_paint = time.perf_counter()
page = window.pages["tableau"]
while not page.loaded:
    app.processEvents()
    time.sleep(0.002)
window.grab()
t_figures = time.perf_counter()
print(f"{t_paint - t0:.4f} {t_figures - t0:.4f}")
"""


def main() -> None:
    args = ds.parse_args(__doc__)
    results = ds.Results("bench_startup.py")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               XDG_CONFIG_HOME=str(ds.bench_dir() / "config"))
    interpreter = min(ds.timings(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
                                 args.repeat))
    for flag in ("--version", "--help"):
        runs = ds.timings(lambda flag=flag: subprocess.run(
            [sys.executable, "-m", "milo_desktop", flag], cwd=ds.ROOT, capture_output=True, check=True),
            args.repeat)
        results.add(0, f"milo-desktop {flag}", runs, interpreter, target="≤ 300 ms")
    for size in args.sizes:
        folder = ds.store(size)
        paints, figures = [], []
        for _ in range(args.repeat + 1):  # the first run warms the system's file cache
            out = subprocess.run([sys.executable, "-c", PROBE, str(folder)], env=env, cwd=ds.ROOT,
                                 capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr)
            paint, shown = map(float, out.stdout.split()[-2:])
            paints.append(paint + interpreter)
            figures.append(shown + interpreter)
        results.add(size, "démarrage à froid : fenêtre affichée", paints[1:], target="≤ 1 s")
        results.add(size, "démarrage à froid : chiffres du tableau de bord affichés", figures[1:],
                    target="≤ 1,5 s (3 s à 300 000)")
    print(f"\n(démarrage de l'interpréteur : {interpreter * 1000:.0f} ms, compté ci-dessus ; "
          "brut pour --version/--help : python -c pass)")
    results.print()


if __name__ == "__main__":
    main()
