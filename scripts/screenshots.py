"""Developer tool: render the main window's areas on a store to PNG files (offscreen).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py DATA_DIR OUT_DIR [area ...]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    data_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    from milo_desktop.gui.app import make_app
    from milo_desktop.gui.main_window import MainWindow
    from milo_desktop.gui.pages import AREAS
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, CurrentUser, Services
    store = open_store(data_dir)
    services = Services(AppContext(store))
    app = make_app([])
    user = next(u for u in services.settings.utilisateurs(only_active=True) if u.role == "conseiller")
    services.set_user(CurrentUser(user.id, user.nom_complet, user.role), user.site_id)
    window = MainWindow(services, str(store.path))
    window.resize(1366, 800)
    window.show()
    for key in sys.argv[3:] or [a[0] for a in AREAS]:
        window.show_area(key)
        from PySide6.QtCore import QThreadPool
        for _ in range(3):
            app.processEvents()
            QThreadPool.globalInstance().waitForDone(30000)
            app.processEvents()
        window.grab().save(str(out / f"{key}.png"))
        print(out / f"{key}.png")


if __name__ == "__main__":
    main()
