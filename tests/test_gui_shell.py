"""The main window: every area reachable, menus and shortcuts, status bar, settings dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from milo_desktop.gui.pages import AREAS


@pytest.mark.parametrize("key,label", [(a[0], a[1]) for a in AREAS])
def test_each_area_is_reachable_by_navigation(window, qtbot, key, label):
    row = [a[0] for a in AREAS].index(key)
    window.nav.setCurrentRow(row)
    page = window.stack.currentWidget()
    assert page.objectName() == f"page_{key}"
    assert window.current_area() == key
    texts = " ".join(w.text() for w in page.findChildren(QLabel))
    assert texts.strip(), f"the {label} page shows nothing"


def test_area_shortcuts_are_in_the_view_menu(window):
    menu = [m for m in window.menuBar().actions() if m.text() == "&Affichage"][0].menu()
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["Jeunes"] == "Ctrl+2"
    assert shortcuts["Paramètres"] == "Ctrl+7"
    menu.actions()[1].trigger()
    assert window.current_area() == "jeunes"


def test_status_bar_shows_user_site_and_store(window):
    assert "Alice DURAND" in window.user_label.text()
    assert "Siège" in window.user_label.text()
    assert str(window.services.ctx.store.path) in window.store_label.text()


def test_window_title_has_the_mission_locale(window):
    assert window.windowTitle().startswith("Mission Locale de Test")


def test_geometry_is_remembered(qtbot, services):
    from milo_desktop.gui.main_window import MainWindow
    first = MainWindow(services, "x.db")
    qtbot.addWidget(first)
    first.resize(780, 520)
    first.show()
    first.close()
    second = MainWindow(services, "x.db")
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (780, 520)


def test_settings_dialog_shows_french_errors_and_saves(qtbot, services):
    from milo_desktop.gui.dialogs.settings_dialog import SettingsDialog
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    org = dialog.organisation
    org.fields["code_postal"].setText("ABC")
    org.fields["email"].setText("faux")
    assert org.save() is False
    assert "5 chiffres" in org.error.text() and "e-mail" in org.error.text()
    assert "b00020" in org.fields["code_postal"].styleSheet()
    org.fields["code_postal"].setText("09100")
    org.fields["email"].setText("contact@ml-test.fr")
    assert org.save() is True
    assert services.settings.organisation().fields.code_postal == "09100"


def test_settings_dialog_adds_a_user_and_refuses_a_duplicate_email(qtbot, services):
    from milo_desktop.gui.dialogs.settings_dialog import SettingsDialog
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    users = dialog.users
    users.load(None)
    users.fields["nom"].setText("Garcia")
    users.fields["prenom"].setText("Emma")
    users.fields["email"].setText("alice@ml-test.fr")
    assert users.save() is False
    assert "déjà utilisée" in users.error.text()
    users.fields["email"].setText("emma@ml-test.fr")
    assert users.save() is True
    assert any(u.email == "emma@ml-test.fr" for u in services.settings.utilisateurs())


def test_login_dialog_sets_the_current_user_and_remembers_it(qtbot, services, ref_data):
    from PySide6.QtCore import Qt
    from milo_desktop.gui.dialogs.login_dialog import LAST_USER, LoginDialog
    from tests.conftest import TEST_PASSWORD
    bruno = ref_data["users"]["conseiller2"]
    services.comptes.reinitialiser(bruno.id, TEST_PASSWORD, "bruno")
    services.comptes.login("bruno", TEST_PASSWORD)
    services.comptes.changer_mot_de_passe(TEST_PASSWORD, "Mon-nouveau-mdp-2026")
    services.comptes.fermer_session()
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ident.clear()
    qtbot.keyClicks(dialog.ident, "bruno")
    qtbot.keyClicks(dialog.password, "Mon-nouveau-mdp-2026")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.ctx.user.nom_complet == "Bruno PETIT"
    assert services.ctx.site_id == ref_data["sites"]["antenne"].id  # his usual site
    assert services.settings.get(LAST_USER) == str(bruno.id)
    assert dialog.password.text() == ""


def test_unhandled_exception_shows_french_dialog(qtbot, window, monkeypatch):
    import sys
    from milo_desktop.gui import app as gui_app
    shown = []
    monkeypatch.setattr("milo_desktop.gui.dialogs.messages.QMessageBox.critical",
                        lambda parent, title, text: shown.append((title, text)))
    old = sys.excepthook
    gui_app.install_excepthook(lambda: window)
    try:
        try:
            raise ZeroDivisionError("boum")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown and shown[0][0] == "Erreur inattendue"
    assert "journal technique" in shown[0][1]


def test_single_instance_per_data_folder(qtbot, tmp_path):
    from milo_desktop.gui.app import make_app
    from milo_desktop.gui.single_instance import SingleInstance
    make_app([])
    first = SingleInstance(tmp_path / "a")
    assert first.acquire() is True
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        second = SingleInstance(tmp_path / "a")
        assert second.acquire() is False
    other_folder = SingleInstance(tmp_path / "b")
    assert other_folder.acquire() is True
    first.release()
    other_folder.release()
    third = SingleInstance(tmp_path / "a")
    assert third.acquire() is True
    third.release()


def test_qt_dialogs_are_translated_to_french(qtbot):
    from PySide6.QtCore import QCoreApplication
    from milo_desktop.gui.app import make_app
    make_app([])
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_damaged_store_error_gets_restore_advice(qtbot, monkeypatch):
    import sqlite3
    from milo_desktop.gui.dialogs import messages
    shown = []
    monkeypatch.setattr(messages.QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    messages.show_error(None, sqlite3.DatabaseError("database disk image is malformed"))
    assert shown[0][0] == "Base endommagée" and "restaurez la dernière sauvegarde" in shown[0][1]
    messages.show_error(None, sqlite3.OperationalError("database or disk is full"))
    assert shown[1][0] == "Base endommagée"


def test_file_menu_opens_the_import_wizard_and_lists_exports(window, qtbot):
    fichier = [m for m in window.menuBar().actions() if m.text() == "&Fichier"][0].menu()
    labels = [a.text() for a in fichier.actions()]
    assert labels[0].startswith("&Importer")
    exporter = next(a.menu() for a in fichier.actions() if a.menu() is not None)
    assert {"Jeunes…", "Cotraitance…", "Offres d'emploi…", "Orientations FASTT…"} <= {a.text() for a in exporter.actions()}
    wizard = window.import_data("jeunes")
    qtbot.addWidget(wizard)
    assert wizard.isVisible()
    wizard.close()


def test_preferences_tab_saves_thresholds_and_refuses_bad_values(qtbot, services):
    from milo_desktop.gui.dialogs.settings_dialog import SettingsDialog
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    tab = dialog.preferences
    tab.fields["cotraitance.relance_jours"].setText("abc")
    assert tab.save() is False
    assert "nombre entier" in tab.error.text()
    tab.fields["cotraitance.relance_jours"].setText("5")
    assert tab.save() is True
    assert services.settings.get("cotraitance.relance_jours") == 5


def test_garbage_is_collected_in_the_gui_thread_only(qtbot, window):
    """The application switches Python's automatic collection off and collects from a timer in
    the GUI thread (a collection in a worker destroying Qt objects crashed the process)."""
    import gc

    from PySide6.QtWidgets import QApplication
    guard = QApplication.instance().gc_guard
    assert not gc.isenabled() and guard.timer.isActive()

    class Cycle:
        pass
    for _ in range(guard.thresholds[0] + 10):
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
    del a, b
    assert guard.check() > 0  # the cycles were found, here, in the GUI thread
