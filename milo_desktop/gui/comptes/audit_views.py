"""« Consultations et modifications » of one file (fiche tab) and the direction's audit view."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError

COLUMNS = ("Date et heure (UTC)", "Utilisateur", "Rôle", "Action", "Champs", "Détail")


def fill(table: QTableWidget, rows) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        values = (row.horodatage.strftime("%d/%m/%Y %H:%M:%S"), row.utilisateur, row.role, row.action,
                  row.champs, row.detail)
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


def make_table() -> QTableWidget:
    table = QTableWidget(0, len(COLUMNS))
    table.setHorizontalHeaderLabels(COLUMNS)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class JeuneAuditTab(QWidget):
    """Who opened and changed this file, and when (for the référent and the direction)."""

    changed = Signal()

    def __init__(self, services, jeune_id, parent=None):
        super().__init__(parent)
        self.services = services
        self.jeune_id = jeune_id
        layout = QVBoxLayout(self)
        intro = QLabel("Qui a ouvert et modifié ce dossier, et quand (champs modifiés, jamais leurs valeurs).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = make_table()
        layout.addWidget(self.table)
        self.reload()

    def reload(self) -> None:
        fill(self.table, self.services.audit.pour_jeune(self.jeune_id))


class AuditDialog(QDialog):
    """The direction's view of the whole trail: filters by person, action, period; export."""

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Journal d'audit")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user_box = QComboBox()
        self.user_box.addItem("Toutes les personnes", None)
        for u in services.settings.utilisateurs():
            self.user_box.addItem(u.nom_complet, u.id)
        self.action_box = QComboBox()
        self.action_box.addItem("Toutes les actions", None)
        for code, label in services.audit.actions():
            self.action_box.addItem(label, code)
        today = QDate.currentDate()
        self.du, self.au = QDateEdit(today.addMonths(-1)), QDateEdit(today)
        for edit in (self.du, self.au):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        for label, widget in (("Personne :", self.user_box), ("Action :", self.action_box),
                              ("Du", self.du), ("au", self.au)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        show = QPushButton("Afficher")
        show.clicked.connect(self.reload)
        filters.addWidget(show)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.table = make_table()
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.status = QLabel()
        row.addWidget(self.status, 1)
        verify = QPushButton("Vérifier l'intégrité")
        verify.clicked.connect(self.verify)
        export = QPushButton("Exporter…")
        export.clicked.connect(self.export)
        close = QPushButton("Fermer")
        close.clicked.connect(self.accept)
        for b in (verify, export, close):
            row.addWidget(b)
        layout.addLayout(row)
        self.reload()

    def _period(self):
        return self.du.date().toPython(), self.au.date().toPython()

    def reload(self) -> None:
        du, au = self._period()
        rows = self.services.audit.evenements(du, au, self.user_box.currentData(), self.action_box.currentData())
        fill(self.table, rows)
        self.status.setText(f"{len(rows)} événement(s) affiché(s) (2 000 au plus ; l'export les donne tous).")

    def verify(self) -> None:
        self.status.setText(self.services.audit.verifier().message)

    def export(self) -> None:
        from ..dialogs.messages import show_error
        path, _ = QFileDialog.getSaveFileName(self, "Exporter le journal d'audit", "journal-audit.xlsx",
                                              "Classeur Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        du, au = self._period()
        try:
            n = self.services.audit.exporter(du, au, path)
        except DomainError as err:
            show_error(self, err)
            return
        self.status.setText(f"{n} événement(s) exporté(s) dans {path}")
