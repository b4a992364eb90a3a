"""In the window: a save while another program writes says « occupée » and keeps what was
typed; once the other program is done, the same Ctrl+S saves."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from .test_named_errors import HOLDER


def test_a_save_while_another_program_writes(qtbot, window, services, monkeypatch):
    dashboard = window.pages.get("tableau")
    if dashboard is not None and hasattr(dashboard, "task"):
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)
    page = window.show_area("jeunes")
    monkeypatch.setenv("MILO_BUSY_TIMEOUT_MS", "100")
    services.ctx.store.engine.dispose()  # new connections take the short wait
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(services.ctx.store.path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "verrou pris"
        dialog = page.open_fiche(None)
        for key, value in {"nom": "Martin", "prenom": "Lea", "date_naissance": "03042006"}.items():
            qtbot.keyClicks(dialog.identite.fields[key], value)
        dialog.identite.fields["date_naissance"].editingFinished.emit()
        box = dialog.identite.fields["sexe"]
        box.setCurrentIndex(next(i for i in range(box.count()) if box.itemData(i) == "F"))
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        qtbot.keyClick(dialog.identite.fields["nom"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        summary = dialog.identite.summary.text()
        shown = {k: e.text() for k, e in dialog.identite.errors.items() if e.isVisibleTo(dialog)}
        assert not shown, shown
        assert "occupée par un autre programme" in summary and f"processus {holder.pid}" in summary
        assert "locked" not in summary
        assert dialog.identite.fields["nom"].text() == "Martin" and dialog.detail is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    qtbot.keyClick(dialog.identite.fields["nom"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.detail is not None and services.jeunes.count() == 1


def test_a_busy_store_at_start_up_offers_to_retry(qtbot, data_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from milo_desktop.gui import app as gui_app
    from milo_desktop.persistence import faults, migrations
    gui_app.make_app([])
    real, calls, seen = migrations.open_store, [], []

    def flaky(folder):
        calls.append(folder)
        if len(calls) == 1:
            raise faults.busy(folder / "milo.db")
        return real(folder)

    def click_retry(box):
        seen.append((box.windowTitle(), [b.text() for b in box.buttons()]))
        retry = next(b for b in box.buttons() if b.text() == "Réessayer")
        monkeypatch.setattr(box, "clickedButton", lambda: retry)
        return 0
    monkeypatch.setattr(migrations, "open_store", flaky)
    monkeypatch.setattr(QMessageBox, "exec", click_retry)
    store = gui_app.open_store_interactive(data_dir)
    assert store is not None and len(calls) == 2
    assert seen[0][0] == "Base occupée" and "Réessayer" in seen[0][1]
    store.close()
