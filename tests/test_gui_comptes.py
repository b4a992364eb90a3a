"""Login, first run and idle lock in the window, typed as a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from .conftest import TEST_PASSWORD


def test_first_run_dialog_creates_the_administrator(qtbot, bare_services):
    from milo_desktop.gui.app import make_app
    from milo_desktop.gui.dialogs.first_run import FirstRunDialog
    make_app([])
    dialog = FirstRunDialog(bare_services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.org["nom"], "Mission Locale du Test")
    qtbot.keyClicks(dialog.siege, "Foix")  # (QTest aborts on non-ASCII key clicks)
    qtbot.keyClicks(dialog.others, "Antenne de Pamiers")
    for key, value in (("nom", "Roux"), ("prenom", "Ines"), ("email", "ines@ml-test.fr"), ("identifiant", "ines")):
        qtbot.keyClicks(dialog.admin[key], value)
    qtbot.keyClicks(dialog.password, "faible")
    assert "trop faible" in dialog.hint.text()
    qtbot.keyClicks(dialog.confirm, "faible")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "trop faible" in dialog.error.text()
    for edit in (dialog.password, dialog.confirm):
        edit.clear()
        qtbot.keyClicks(edit, "Mon-mot-de-passe-2026")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert bare_services.comptes.accounts_exist()
    assert [s.nom for s in bare_services.settings.sites()] == ["Foix", "Antenne de Pamiers"]


def test_login_dialog_refuses_a_wrong_password_without_saying_which(qtbot, services, ref_data):
    from milo_desktop.gui.dialogs.login_dialog import LoginDialog
    services.comptes.reinitialiser(ref_data["users"]["conseiller"].id, TEST_PASSWORD, "alice")
    services.comptes.fermer_session()
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ident.clear()
    qtbot.keyClicks(dialog.ident, "alice")
    qtbot.keyClicks(dialog.password, "pas le bon")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Identifiant ou mot de passe incorrect" in dialog.error.text()
    assert dialog.password.text() == "" and not services.ctx.authenticated


def test_idle_lock_covers_the_window_keeps_the_edits_and_only_the_same_user_unlocks(qtbot, window, as_role):
    from PySide6.QtWidgets import QDialog
    as_role("conseiller")
    lock = window.idle_lock
    editor = QDialog()  # an open form with an unsaved edit
    qtbot.addWidget(editor)
    field = QLineEdit(editor)
    editor.show()
    lock.set_minutes(0.004)  # 240 ms
    for _ in range(6):  # typing keeps the session open
        qtbot.keyClicks(field, "ab")
        qtbot.wait(80)
        assert not lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=10000):
        pass
    assert lock.is_locked and not editor.isVisible() and lock.screen.isVisible()
    assert lock.screen.geometry() == window.rect()
    assert services_locked(window)
    qtbot.keyClicks(lock.screen.password, "pas le bon")
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert lock.is_locked and "seule la personne connectée" in lock.screen.error.text()
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        qtbot.keyClicks(lock.screen.password, TEST_PASSWORD)
        qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert editor.isVisible() and field.text() == "abababababab"
    lock.set_minutes(10)


def services_locked(window) -> bool:
    import pytest
    from milo_desktop.domain.errors import PermissionDenied
    with pytest.raises(PermissionDenied, match="verrouillée"):
        window.services.jeunes.count()
    return True


def test_ctrl_l_locks_at_once(qtbot, window, as_role):
    as_role("conseiller")
    with qtbot.waitSignal(window.idle_lock.locked, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.idle_lock.is_locked
    assert not any(a.isEnabled() for a in window.menuBar().actions() if a.menu())  or not window.menuBar().isEnabled()


def test_demo_store_says_so_in_the_window(qtbot, window, services):
    services.settings.set("demo", {"graine": 1})
    window.update_status()
    assert "démonstration" in window.user_label.text().lower()
    assert "DÉMONSTRATION" in window._title()
