"""« Offres à saisir »: the agent dédié's queue, oldest first with its age in days, and the
read-only entry sheet in France Travail's field order with a copy button per field.

« Marquer saisie » asks the France Travail offer number (format checked by the domain); the
offer leaves the queue, which empties as the work is done.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSplitter, QStackedLayout,
    QVBoxLayout, QWidget,
)

from ...domain.dates import format_date
from ...domain.errors import DomainError
from ..dialogs.forms import date_edit, get_date, text
from ..dialogs.messages import confirm, show_error
from ..widgets.empty_state import EmptyState
from .common import RED, CopyField, FormDialog, RecordTable, button_row

EMPTY_TEXT = ("Les offres recueillies par les conseillers et transmises à l'agent dédié arrivent ici, "
              "la plus ancienne en premier. Ouvrez-en une, copiez chaque champ dans le système de "
              "France Travail, puis cliquez sur « Marquer saisie » avec le numéro d'offre obtenu.")


class SaisieDialog(FormDialog):
    """France Travail's offer number (3 digits + 4 letters or digits), date and author of the entry."""

    def __init__(self, services, offre, parent=None):
        intitule = offre.fields.intitule if hasattr(offre, "fields") else offre.intitule
        super().__init__("Marquer l'offre saisie chez France Travail", parent)
        self.services, self.offre = services, offre
        intro = QLabel(f"Offre « <b>{intitule}</b> » : indiquez le numéro attribué par France Travail.")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.fields = {"numero_offre_ft": QLineEdit(placeholderText="ex. 123ABCD"),
                       "date_saisie": date_edit(services.ctx.today(), optional=False),
                       "saisie_par": QLineEdit(services.ctx.author)}
        self.fields["numero_offre_ft"].setMaxLength(12)
        self.fields["numero_offre_ft"].textEdited.connect(self._upper)
        self.form.addRow("&Numéro d'offre France Travail *", self.fields["numero_offre_ft"])
        self.form.addRow("&Date de saisie *", self.fields["date_saisie"])
        self.form.addRow("Saisie &par *", self.fields["saisie_par"])
        self.buttons.button(self.buttons.StandardButton.Ok).setText("Marquer saisie")
        self.fields["numero_offre_ft"].setFocus()

    def _upper(self, value: str) -> None:
        edit = self.fields["numero_offre_ft"]
        pos = edit.cursorPosition()
        edit.setText(value.upper())
        edit.setCursorPosition(pos)

    def save(self, force: bool = False):
        f = self.fields
        return self.services.offres.marquer_saisie(self.offre.id, f["numero_offre_ft"].text(),
                                                   get_date(f["date_saisie"]), text(f["saisie_par"]) or "",
                                                   self.offre.version)


class QueuePage(QWidget):
    changed = Signal(int)  # number of offers still à saisir

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.items: list = []
        self.stack = QStackedLayout(self)
        self.empty = EmptyState("Aucune offre à saisir", EMPTY_TEXT)
        split = QSplitter()
        self.table = RecordTable(["Âge (jours)", "Recueillie le", "Intitulé", "Entreprise", "Commune", "Fin de validité"],
                                 [90, 95, 220, 170, 110])
        self.table.itemSelectionChanged.connect(self.show_current)
        split.addWidget(self.table)
        split.addWidget(self._sheet())
        split.setSizes([560, 640])
        page = QWidget()
        QVBoxLayout(page).addWidget(split)
        self.stack.addWidget(page)
        self.stack.addWidget(self.empty)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.mark_entered)

    def _sheet(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.sheet_title = QLabel()
        self.sheet_title.setObjectName("pageTitle")
        self.sheet_title.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setStyleSheet(f"color: {RED};")
        self.warning.setWordWrap(True)
        layout.addWidget(self.sheet_title)
        layout.addWidget(self.warning)
        self.fields_box = QWidget()
        self.fields_form = QFormLayout(self.fields_box)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.fields_box)
        layout.addWidget(scroll, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.mark_button = QPushButton("Marquer &saisie… (Ctrl+Entrée)")
        self.mark_button.setDefault(True)
        self.mark_button.clicked.connect(self.mark_entered)
        self.open_button = QPushButton("Ouvrir la fiche de l'offre…")
        self.open_button.clicked.connect(self.open_offer)
        self.cancel_button = QPushButton("Annuler l'offre…")
        self.cancel_button.clicked.connect(self.cancel_offer)
        layout.addLayout(button_row(self.mark_button, self.open_button, self.cancel_button))
        return box

    # --- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        self.items = self.services.offres.queue()
        self.table.set_rows([(q.id, [q.age_jours, q.date_recueil, q.intitule, q.entreprise, q.commune, q.date_fin],
                              RED if q.fin_depassee else None) for q in self.items])
        self.stack.setCurrentIndex(0 if self.items else 1)
        self.show_current()
        self.changed.emit(len(self.items))

    def current(self):
        current_id = self.table.current_id()
        return next((q for q in self.items if q.id == current_id), None)

    def show_current(self) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        item = self.current()
        for b in (self.mark_button, self.open_button, self.cancel_button):
            b.setEnabled(item is not None)
        if item is None:
            self.sheet_title.setText("")
            self.warning.setText("")
            return
        self.sheet_title.setText(f"{item.intitule} — {item.entreprise or ''}")
        self.warning.setText(f"Date de fin de validité dépassée ({format_date(item.date_fin)}) : vérifiez auprès "
                             "de l'employeur, ou annulez l'offre." if item.fin_depassee else "")
        for label, value in self.services.offres.fiche_saisie(item.id):
            field = CopyField(label, value)
            field.copied.connect(lambda name: self.status.setText(f"« {name} » copié dans le presse-papiers."))
            self.fields_form.addRow(label, field)
        self.status.setText(f"Offre recueillie il y a {item.age_jours} jour(s)."
                            + (" Délégation de la mise en relation à la Mission Locale." if item.delegation else ""))

    def copy_fields(self) -> list[CopyField]:
        return [self.fields_form.itemAt(r, QFormLayout.ItemRole.FieldRole).widget()
                for r in range(self.fields_form.rowCount())]

    # --- actions --------------------------------------------------------------------------
    def mark_entered(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = SaisieDialog(self.services, item, self)
        if dialog.exec():
            self.reload()
            self.status.setText(f"Offre « {item.intitule} » saisie sous le n° {dialog.saved.numero_ft}.")

    def open_offer(self) -> None:
        item = self.current()
        if item is None:
            return
        from .offre_sheet import OffreSheet
        OffreSheet(self.services, item.id, self).exec()
        self.reload()

    def cancel_offer(self) -> None:
        item = self.current()
        if item is None or not confirm(self, "Annuler l'offre", f"Annuler l'offre « {item.intitule} » ? "
                                       "Elle sortira de la file ; cette étape est définitive.", "Annuler l'offre"):
            return
        try:
            self.services.offres.annuler(item.id, item.version, "Annulée depuis la file de saisie")
        except DomainError as err:
            show_error(self, err)
        self.reload()

    def focus_first(self) -> None:
        self.table.setFocus()
        if self.table.rowCount() and self.table.currentRow() < 0:
            self.table.selectRow(0)
