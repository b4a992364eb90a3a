"""The « Journal » tab of the fiche jeune: events newest first, and a form to add or edit one."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QStackedLayout, QTableView, QVBoxLayout, QWidget,
)

from ...domain.dates import format_date
from ...domain.errors import DomainError
from ...domain.jeunes import EVENEMENT_TYPES, MODALITES, STATUTS_RDV
from ...domain.journal import NOTE_MAX, EventInput
from ..dialogs.forms import ErrorLabel, text
from ..dialogs.messages import confirm
from .identite_tab import DateLine, combo, select_data

HEADERS = ("Date", "Type", "Modalité", "Statut", "Conseiller", "Note")


class JournalModel(QAbstractTableModel):
    """A few hundred events at most: held in memory, already sorted by the service."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.events: list = []

    def set_events(self, events: list) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.events):
            return None
        ev = self.events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_date(ev.date), ev.type_label, ev.modalite_label, ev.statut_label,
                    ev.conseiller_nom, (ev.note or "").replace("\n", " "))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return ev.note or None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def event_at(self, row: int):
        return self.events[row] if 0 <= row < len(self.events) else None


class JournalTab(QWidget):
    changed = Signal()

    def __init__(self, services, jeune_id, parent=None, users=None):
        super().__init__(parent)
        self.services = services
        self.users = users if users is not None else services.settings.utilisateurs(only_active=True)
        self.jeune_id = jeune_id
        self.editing = None  # EventData being edited, None when adding
        self.last_saved = None
        self.model = JournalModel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._table(), 1)
        layout.addWidget(self._form())
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        self.reload()

    # --- layout ---------------------------------------------------------------------------
    def _table(self) -> QStackedLayout:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((85, 180, 90, 80, 130)):
            self.view.setColumnWidth(col, width)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self._edit_row(cur.row()))
        self.empty = QLabel("Aucun événement dans le journal pour l'instant.\n"
                            "Ajoutez le premier entretien avec le formulaire ci-dessous.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        return self.stack

    def _form(self) -> QGroupBox:
        self.group = QGroupBox("Ajouter un événement")
        form = QFormLayout(self.group)
        self.date = DateLine()
        self.type = combo(EVENEMENT_TYPES, "— choisir —")
        self.modalite = combo(MODALITES)
        self.statut = combo(STATUTS_RDV, None)
        self.conseiller = combo(((u.id, u.nom_complet) for u in self.users), "— utilisateur actuel —")
        self.note = QLineEdit(maxLength=NOTE_MAX, placeholderText=f"Note courte ({NOTE_MAX} caractères au plus)")
        row = QHBoxLayout()
        for label, widget in (("&Date", self.date), ("T&ype", self.type), ("&Modalité", self.modalite),
                              ("S&tatut", self.statut), ("&Conseiller", self.conseiller)):
            lbl = QLabel(label)
            lbl.setBuddy(widget)
            row.addWidget(lbl)
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow(row)
        form.addRow("N&ote", self.note)
        self.error = ErrorLabel()
        form.addRow(self.error)
        form.addRow(self._buttons())
        self.fields = {"date": self.date, "type": self.type, "modalite": self.modalite,
                       "statut": self.statut, "conseiller": self.conseiller, "note": self.note}
        self._reset_form()
        return self.group

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton("Ajouter au journal")
        self.save_button.setToolTip("Ctrl+Entrée")
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton("Nouvel événement")
        self.new_button.clicked.connect(self.new_event)
        self.delete_button = QPushButton("Supprimer…")
        self.delete_button.clicked.connect(self.delete)
        row.addStretch(1)
        for btn in (self.new_button, self.delete_button, self.save_button):
            row.addWidget(btn)
        return row

    # --- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        events = self.services.journal.events(self.jeune_id) if self.jeune_id else []
        self.model.set_events(events)
        self.stack.setCurrentIndex(0 if events else 1)

    def _reset_form(self) -> None:
        self.editing = None
        self.date.set_date(self.services.ctx.today())
        select_data(self.type, "entretien_individuel")
        select_data(self.modalite, "presentiel")
        select_data(self.statut, "present")
        select_data(self.conseiller, self.services.ctx.user.id)
        self.note.clear()
        self.group.setTitle("Ajouter un événement")
        self.save_button.setText("Ajouter au journal")
        self.error.clear_error(self.fields)

    def _edit_row(self, row: int) -> None:
        ev = self.model.event_at(row)
        if ev is None:
            return
        self.editing = ev
        self.date.set_date(ev.date)
        select_data(self.type, ev.type)
        select_data(self.modalite, ev.modalite)
        select_data(self.statut, ev.statut)
        select_data(self.conseiller, ev.conseiller_id)
        self.note.setText(ev.note or "")
        self.group.setTitle(f"Modifier l'événement du {format_date(ev.date)}")
        self.save_button.setText("Enregistrer la modification")
        self.error.clear_error(self.fields)

    def form_input(self) -> EventInput:
        return EventInput(date=self.date.typed_text(), type=self.type.currentData(),
                          modalite=self.modalite.currentData(), statut=self.statut.currentData(),
                          conseiller_id=self.conseiller.currentData(), note=text(self.note))

    # --- actions --------------------------------------------------------------------------
    def new_event(self) -> None:
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self._reset_form()
        self.date.setFocus()

    def save(self) -> bool:
        try:
            if self.editing is None:
                saved = self.services.journal.add(self.jeune_id, self.form_input())
            else:
                saved = self.services.journal.update(self.editing.id, self.form_input(), self.editing.version)
        except DomainError as err:
            self.error.show_error(err, self.fields)
            return False
        self.reload()
        self.new_event()
        self.last_saved = saved
        self.changed.emit()
        from ..dialogs.messages import say_saved
        say_saved(self, "Événement enregistré dans le journal.")
        return True

    def delete(self) -> None:
        ev = self.editing
        if ev is None:
            self.error.show_error(DomainError("Choisissez d'abord dans la liste l'événement à supprimer."))
            return
        if not confirm(self, "Supprimer l'événement",
                       f"Supprimer du journal l'événement « {ev.type_label} » du {format_date(ev.date)} ?",
                       "Supprimer"):
            return
        try:
            self.services.journal.delete(ev.id, ev.version)
        except DomainError as err:
            self.error.show_error(err)
            return
        self.reload()
        self.new_event()
        self.changed.emit()
