"""French everywhere (issue 19, item 4): file dialogs with French labels, starting in Documents
and remembering the folder per kind of file; no stray « & » on screen; accents and elisions in
generated texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QFileDialog, QHeaderView, QLabel, QLineEdit, QTabWidget,
    QToolButton,
)

from milo_desktop.domain.text import de
from milo_desktop.gui.dialogs import files

from .test_gui_dates import world  # noqa: F401 - fixture


def _answer_file_dialog(qtbot, typed: str | None, seen: dict):
    """Read the next file dialog's labels, then type ``typed`` in its name field and Entrée."""
    def run():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, run)
            return
        seen["labels"] = {label: dialog.labelText(label) for label in QFileDialog.DialogLabel}
        seen["shown"] = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        seen["tips"] = [b.toolTip() for b in dialog.findChildren(QToolButton)]
        seen["buttons"] = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.text()]
        header = dialog.findChild(QHeaderView)
        seen["columns"] = [header.model().headerData(i, Qt.Orientation.Horizontal) for i in range(header.count())]
        seen["directory"] = dialog.directory().absolutePath()
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        if typed is None:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
            return
        folder, name = Path(typed).parent, Path(typed).name
        dialog.setDirectory(str(folder))  # where the adviser browses to
        edit.clear()
        qtbot.keyClicks(edit, name)
        if edit.completer() is not None:
            edit.completer().popup().hide()  # the path completer would take Entrée
        from PySide6.QtWidgets import QDialogButtonBox
        box = dialog.findChild(QDialogButtonBox)
        accept = next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, run)


def test_file_dialogs_are_in_french_and_remember_the_folder_per_kind(qtbot, tmp_path, monkeypatch):
    from milo_desktop.gui.app import make_app
    make_app([])
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: str(documents))
    monkeypatch.setattr(files, "last_folder", lambda kind, _orig=files.last_folder: _orig(kind))
    from PySide6.QtCore import QSettings
    QSettings().remove("dossiers")
    seen = {}
    _answer_file_dialog(qtbot, None, seen)
    assert files.getSaveFileName(None, "Enregistrer le bilan", "bilan.pdf", "PDF (*.pdf)") == ("", "")
    labels = seen["labels"]
    assert labels[QFileDialog.DialogLabel.LookIn] == "Regarder dans :"
    assert labels[QFileDialog.DialogLabel.FileType] == "Type de fichier :"
    assert labels[QFileDialog.DialogLabel.FileName] == "Nom du fichier :"
    assert "Enregistrer" in seen["buttons"] and "Annuler" in seen["buttons"]
    assert "Regarder dans :" in seen["shown"] and "Type de fichier :" in seen["shown"]
    assert "Dossier parent" in seen["tips"] and "Créer un nouveau dossier" in seen["tips"]
    assert seen["columns"][:2] == ["Nom", "Taille"] and "Dernière modification" in seen["columns"]
    assert Path(seen["directory"]) == documents  # Documents to start with
    english = re.compile(r"\b(Look in|Files of type|File name|Save|Cancel|Open|Name|Size|Date Modified)\b")
    assert not [t for t in seen["shown"] + seen["buttons"] + seen["tips"] if english.search(t)]
    # a PDF saved elsewhere: the next PDF starts there, a spreadsheet still in Documents
    reports = tmp_path / "bilans"
    reports.mkdir()
    _answer_file_dialog(qtbot, str(reports / "bilan 2026"), seen)
    path, _ = files.getSaveFileName(None, "Enregistrer le bilan", "bilan.pdf", "PDF (*.pdf)")
    assert path == str(reports / "bilan 2026.pdf")  # the suffix added
    _answer_file_dialog(qtbot, None, seen)
    files.getSaveFileName(None, "Imprimer l'annexe", "annexe.pdf", "PDF (*.pdf)")
    assert Path(seen["directory"]) == reports
    _answer_file_dialog(qtbot, None, seen)
    files.getSaveFileName(None, "Exporter la liste", "liste.xlsx", "Classeur Excel (*.xlsx)")
    assert Path(seen["directory"]) == documents
    _answer_file_dialog(qtbot, None, seen)
    files.getOpenFileName(None, "Choisir un logo", "", "Images (*.png *.jpg)")
    assert seen["labels"][QFileDialog.DialogLabel.Accept] == "Ouvrir"


def test_qt_own_texts_are_french(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox
    from milo_desktop.gui.app import make_app
    make_app([])
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    assert box.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "") == "Fermer"


# --- no stray « & » ----------------------------------------------------------------------------

_LONE_AMP = re.compile(r"(?<!&)&(?!&)")


def stray_ampersands(root) -> list[str]:
    """Texts that would show an « & » or an underlined space: a label with « & » but no buddy,
    a menu action, tab or button whose « & » is followed by a space."""
    found = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if (label.isVisibleTo(root) and _LONE_AMP.search(text) and label.buddy() is None
                and label.textFormat() != Qt.TextFormat.RichText and not re.search(r"<[a-zA-Z/]", text)):
            found.append(f"label « {text} »")
    for button in root.findChildren(QAbstractButton):
        if re.search(r"(?<!&)&[\s]", button.text()):
            found.append(f"bouton « {button.text()} »")
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            if re.search(r"(?<!&)&[\s]", tabs.tabText(i)):
                found.append(f"onglet « {tabs.tabText(i)} »")
    return found


def _menu_texts(window) -> list[str]:
    texts = []
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            texts.append(action.text())
            if action.menu() is not None:
                texts += [a.text() for a in action.menu().actions()]
    return texts


def test_no_stray_ampersand_in_the_areas_menus_and_dialogs(qtbot, window, services):
    from milo_desktop.gui.dialogs.settings_dialog import SettingsDialog
    from milo_desktop.gui.pages import AREAS
    found = [f"menu « {t} »" for t in _menu_texts(window) if re.search(r"(?<!&)&\s", t)]
    for key, *_rest in AREAS:
        page = window.show_area(key)
        found += [f"{key}: {x}" for x in stray_ampersands(page)]
    dialog = SettingsDialog(services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        found += [f"Paramètres: {x}" for x in stray_ampersands(dialog)]
    assert not found, found
    dashboard = window.pages.get("tableau")
    if dashboard is not None and hasattr(dashboard, "task"):
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)


def test_no_stray_ampersand_in_the_dialogs_with_dates(qtbot, services, world):
    from .test_gui_dates import _factories
    found = []
    for name, (factory, _count) in _factories().items():
        widget = factory(services, world)
        qtbot.addWidget(widget)
        widget.show()
        found += [f"{name}: {x}" for x in stray_ampersands(widget)]
        widget.close()
    assert not found, found


# --- accents and elisions in generated texts ------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Océane MARTIN", "d'Océane MARTIN"), ("Éloïse DUPONT", "d'Éloïse DUPONT"), ("Yanis", "d'Yanis"),
    ("Léa DUPONT", "de Léa DUPONT"), ("Hugo", "de Hugo"), ("", "de "),
])
def test_de_elides_before_a_vowel(name, expected):
    assert de(name) == expected


def test_generated_texts_elide_and_keep_accents(services):
    from milo_desktop.domain import cotraitance as cot
    from milo_desktop.domain import fastt as ft
    from .conftest import TODAY
    from .test_fastt_service import make_agence, make_jeune
    make_agence(services)
    jid = make_jeune(services, nom="MARTIN", prenom="Océane")
    r = services.fastt.prepare(jid, ft.ReferralInput((("budget", None),), preference_contact="telephone"),
                               ft.Consent(True, TODAY, "Alice DURAND", True, True))
    fiche = services.fastt.fiche(r.id)
    message = ft.email_draft(fiche, b"%PDF-", "fiche.pdf", "pci@fastt.example.org", "alice@ml-test.fr")
    from email import message_from_bytes, policy
    body = message_from_bytes(message, policy=policy.default).get_body(("plain",)).get_content()
    assert "d'Océane MARTIN" in body and "de Océane" not in body
    assert dict(cot.FIN_RAISONS)[cot.FIN_ANNIVERSAIRE] == "26ᵉ anniversaire"
