"""Jeunes: the list of young people (search as you type, filters, columns, export) and their files."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QStackedWidget, QToolBar, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError
from ...services.jeunes_list import to_uuid
from ..dialogs.messages import confirm, info, show_error
from ..widgets.empty_state import EmptyState
from ..widgets.list_page import ListPage

SEARCH_HINT = "Rechercher un nom, un prénom, une commune ou un identifiant France Travail… (sans accents, c'est pareil)"
WELCOME = ("Ici s'affichera la liste des jeunes suivis : recherche sans se soucier des accents, filtres "
           "par référent, site, programme et cotraitance, export vers Excel. Chaque fiche réunit "
           "l'identité, le journal des entretiens et la cotraitance.\n\nPour commencer, créez la "
           "première fiche jeune, ou importez la liste reçue d'I-MILO ou de France Travail.")


class JeunesListPage(ListPage):
    """The shared list page plus the « archived files » switch (hidden by default)."""

    def __init__(self, source, parent=None):
        self.show_archived = QCheckBox("Afficher les fiches archivées")
        empty = EmptyState("Aucun jeune ne correspond",
                           "Vérifiez l'orthographe du début du nom, ou remettez les filtres sur « tous ».")
        source.suspended = True  # enabling sorting would query 100 000 ids only to throw them away
        try:
            super().__init__(source, "jeunes", empty=empty, search_placeholder=SEARCH_HINT, parent=parent)
        finally:
            source.suspended = False
        self.show_archived.toggled.connect(lambda _on: self.apply_query())
        self.search.setMinimumWidth(320)
        self.search.setToolTip("Une ou deux lettres : début du nom de famille. À partir de trois : nom, "
                               "prénom, commune ou identifiant France Travail. Des chiffres : "
                               "l'identifiant. « dupont élo » trouve Éloïse Dupont.")
        self._sort_ascending()

    def _sort_ascending(self) -> None:
        """Qt's default sort indicator is descending: show (and query) A to Z by name instead."""
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.model.query = self.model.query.with_(sort=None, descending=False)

    def current_query(self):
        query = super().current_query()
        if self.show_archived.isChecked():
            query = query.with_(filters=query.filters | {"archives": "inclus"})
        return query


UPDATE_ROWS_MAX = 50  # archived rows updated one by one up to this many, else the list is read again


class JeunesPage(QWidget):
    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        self.window_ = window
        self.fiche = None  # the FicheJeuneDialog currently open, if any
        layout = QVBoxLayout(self)
        layout.addLayout(self._top())
        self.stack = QStackedWidget()
        self.welcome = EmptyState("Aucun jeune pour l'instant", WELCOME,
                                  [("Créer une fiche jeune (Ctrl+N)", self.new_jeune),
                                   ("Importer une liste (CSV, Excel)…", lambda: window.import_data("jeunes"))])
        self.list = JeunesListPage(services.jeunes.source())
        self.list.activated.connect(lambda list_id: self.open_fiche(to_uuid(list_id)))
        self.list.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.toolbar.addSeparator()
        self.act_archived = self.toolbar.addWidget(self.list.show_archived)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        self.refresh()

    # --- layout ---------------------------------------------------------------------------
    def _top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("Jeunes")
        title.setObjectName("pageTitle")
        row.addWidget(title)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_new = self._action("&Nouveau", self.new_jeune, "Ctrl+N", "Créer une fiche jeune")
        self.act_open = self._action("&Ouvrir", self.open_selected, "Ctrl+O", "Ouvrir la fiche (ou Entrée, double-clic)")
        self.act_reassign = self._action("&Réaffecter le référent…", self.reassign_selected, "Ctrl+R",
                                         "Donner un même référent aux jeunes sélectionnés")
        self.act_archive = self._action("&Archiver", self.archive_selected, "Del", "Archiver les fiches sélectionnées")
        self.act_print = self._action("&Imprimer la fiche", self.print_selected, "Ctrl+P",
                                      "Fiche d'une page en PDF")
        row.addWidget(self.toolbar, 1)
        return row

    def _action(self, text: str, slot, shortcut: str, tip: str) -> QAction:
        act = QAction(text, self)
        act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        act.triggered.connect(slot)
        self.addAction(act)
        self.toolbar.addAction(act)
        return act

    # --- showing --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: the welcome screen while the store is empty."""
        has_data = self.services.jeunes.has_any()
        self.stack.setCurrentWidget(self.list if has_data else self.welcome)
        self.act_archived.setVisible(has_data)
        if has_data:
            self.list.reload()
        self._update_actions()

    def _update_actions(self) -> None:
        listed = self.stack.currentWidget() is self.list
        n = len(self.list.selected_ids()) if listed else 0
        self.act_open.setEnabled(n == 1)
        self.act_print.setEnabled(n == 1)
        self.act_reassign.setEnabled(n >= 1)
        self.act_archive.setEnabled(n >= 1)

    def selected(self) -> list[uuid.UUID]:
        return [to_uuid(i) for i in self.list.selected_ids() if i is not None]

    def select(self, jeune_id) -> None:
        row = self.list.model.row_of(jeune_id.hex if isinstance(jeune_id, uuid.UUID) else jeune_id)
        if row >= 0:
            self.list.view.selectRow(row)
            self.list.view.scrollTo(self.list.model.index(row, 0))

    # --- files ----------------------------------------------------------------------------
    def open_item(self, kind: str, item_id) -> None:
        """From elsewhere (dashboard, work lists): open the file of one young person."""
        if kind in ("jeune", "jeunes", "fiche"):
            self.open_fiche(to_uuid(item_id))

    def new_jeune(self) -> None:
        self.open_fiche(None)

    def open_selected(self) -> None:
        ids = self.selected()
        if ids:
            self.open_fiche(ids[0])

    def open_fiche(self, jeune_id):
        """Open the fiche (non-blocking, window-modal); returns the dialog."""
        from ..jeunes.fiche import FicheJeuneDialog
        already = FicheJeuneDialog.find_open(jeune_id)
        if already is not None:  # a file opens once: its window comes forward
            already.bring_forward()
            return already
        try:
            dialog = FicheJeuneDialog(self.services, jeune_id, self)
        except DomainError as err:
            show_error(self, err)
            self.refresh()
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: setattr(self, "fiche", None))
        self.fiche = dialog
        dialog.open()
        return dialog

    def _saved(self, detail) -> None:
        """A fiche was saved: its row only is read again (and moved if its sort key changed)."""
        if self.stack.currentWidget() is self.list:
            self.list.update_row(detail.id.hex)
            self._update_actions()
        else:
            self.refresh()  # the first file of an empty store: the list replaces the welcome
        self.select(detail.id)

    # --- actions on the selection ---------------------------------------------------------
    def reassign_selected(self) -> None:
        from ..jeunes.reassign_dialog import ReassignDialog
        ids = self.selected()
        if not ids:
            return
        dialog = ReassignDialog(self.services, ids, self)
        if dialog.exec():
            self.list.reload()
            info(self, "Référent réaffecté", f"{dialog.count} fiche(s) mise(s) à jour.")

    def archive_selected(self) -> None:
        ids = self.selected()
        if not ids or not confirm(
                self, "Archiver", f"Archiver {len(ids)} fiche(s) ? Elles n'apparaîtront plus dans la liste "
                "(cochez « Afficher les fiches archivées » pour les retrouver) ; le journal est conservé.",
                "Archiver"):
            return
        try:
            self.services.jeunes.archive_many(ids)  # one transaction
        except DomainError as err:
            show_error(self, err)
        if len(ids) <= UPDATE_ROWS_MAX:
            for jeune_id in ids:
                self.list.update_row(jeune_id.hex)
            self._update_actions()
        else:
            self.refresh()

    def print_selected(self) -> None:
        from ..jeunes.fiche import print_fiche
        ids = self.selected()
        if ids:
            try:
                print_fiche(self, self.services, self.services.jeunes.get(ids[0]))
            except DomainError as err:
                show_error(self, err)
