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
