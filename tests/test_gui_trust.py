"""Screens an adviser can trust (issue 19): a file opens once, safe defaults, honest messages,
work lists that lead to the work, French exports. Typed and clicked as a person does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from milo_desktop.gui.jeunes.fiche import FicheJeuneDialog

from .test_gui_jeunes import make


@pytest.fixture
def page(qtbot, window):
    dashboard = window.pages.get("tableau")
    if dashboard is not None and hasattr(dashboard, "task"):
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)
    return window.show_area("jeunes")


def _open_fiches(jeune_id=None):
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, FicheJeuneDialog) and w.isVisible()
            and (jeune_id is None or w.jeune_id == jeune_id)]


# --- item 3: a file opens once ---------------------------------------------------------------

def test_a_double_click_opens_one_fiche_and_opening_again_brings_it_forward(qtbot, page, services):
    d = make(services)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    view = page.list.view
    rect = view.visualRect(page.list.model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(_open_fiches(d.id)) == 1, timeout=5000)
    first = _open_fiches(d.id)[0]
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Entrée on the same row, later
    page.open_item("jeune", d.id)  # from the dashboard or a work list
    assert _open_fiches(d.id) == [first]
    # the one window saves without a false « modifiée par quelqu'un d'autre »
    first.identite.fields["telephone"].clear()
    qtbot.keyClicks(first.identite.fields["telephone"], "0612345678")
    first.save()
    assert services.jeunes.get(d.id).telephone == "+33612345678"
    first.dirty = False
    first.reject()
    assert _open_fiches(d.id) == []
    again = page.open_fiche(d.id)
    assert again is not first and _open_fiches(d.id) == [again]
    again.reject()


# --- item 7: safe defaults -------------------------------------------------------------------

def _answer_box(qtbot, key=Qt.Key.Key_Return):
    """Press ``key`` in the next message box; returns what it showed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    seen = {}

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen["default"] = box.defaultButton().text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        qtbot.keyClick(box, key)
    QTimer.singleShot(0, press)
    return seen


def test_duplicate_warning_defaults_to_annuler(qtbot, page, services):
    from .test_gui_jeunes import choose, fill
    make(services)
    dialog = page.open_fiche(None)
    fill(qtbot, dialog, nom="DUPONT", prenom="eloise", date_naissance="01/02/2005")
    choose(dialog.identite.fields["sexe"], "F")
    seen = _answer_box(qtbot)  # Entrée pressed by habit
    assert not dialog.save()
    assert seen["default"] == "Annuler" and "Créer quand même" in seen["buttons"]
    assert services.jeunes.count() == 1
    dialog.dirty = False
    dialog.reject()


def test_error_outline_does_not_leak_into_drop_down_lists(qtbot):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout
    from milo_desktop.domain.errors import DomainError
    from milo_desktop.gui.dialogs.forms import ErrorLabel
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    combo = QComboBox()
    combo.addItems(["Un", "Deux", "Trois"])
    label = ErrorLabel()
    form.addRow("&Choix", combo)
    form.addRow(label)
    dialog.show()
    label.show_error(DomainError("Choix : choisissez une valeur.", "choix"), {"choix": combo})
    assert "b00020" in combo.styleSheet()
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    image = view.viewport().grab().toImage()
    pink = QColor("#fff3f3")
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert corner != pink, corner.name()
    combo.hidePopup()
