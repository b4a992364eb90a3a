"""The « Objectifs » tab: the regional distribution table (typed or imported), the keys and whole
objectives computed live, this Mission Locale's line, the printed annex and the monthly
follow-up of entries with alerts in colour."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDoubleSpinBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError
from ..dialogs.forms import ErrorLabel
from ..dialogs.messages import confirm
from .models import ObjectifsModel, SuiviModel, fr_dec, fr_int
from ..dialogs import files

RULE = ("Clé de répartition = (part DEFM + clé activité/résultat) / 2 ; objectifs entiers dont la "
        "somme vaut exactement l'objectif régional (méthode des plus forts restes).")
ENTRIES = ("Entrées comptées : affectations datées du mois et non refusées ; alerte quand le cumul "
           "est en retard de plus que le seuil sur l'objectif proratisé (objectif × mois / 12).")


def _table_view(model, editable: bool) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ObjectifsWidget(QWidget):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.version: int | None = None
        self.loaded_year = 0
        self.dirty = False
        self.model = ObjectifsModel(self)
        self.suivi_model = SuiviModel(parent=self)
        self._build()
        self.model.computed.connect(self._computed)
        self.model.edited.connect(self._mark_dirty)
        self.load(self.year.value())

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._settings_row())
        layout.addLayout(self._buttons_row())
        self.view = _table_view(self.model, editable=True)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 80)
        for col in range(2, 7):
            self.view.setColumnWidth(col, 125)
        layout.addWidget(self.view, 1)
        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        self.error = ErrorLabel()
        self.status = QLabel()
        rule = QLabel(RULE)
        rule.setWordWrap(True)
        rule.setObjectName("aide")
        for widget in (self.total_label, rule, self.error, self.status):
            layout.addWidget(widget)
        layout.addWidget(self._suivi_box(), 1)

    def _settings_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.year = QSpinBox(minimum=2000, maximum=2100, value=self.services.ctx.today().year)
        self.year.setAccelerated(True)
        self.year.valueChanged.connect(self._year_changed)
        self.total = QSpinBox(minimum=0, maximum=10_000_000, singleStep=10)
        self.total.setGroupSeparatorShown(True)
        self.total.valueChanged.connect(self._total_changed)
        self.seuil = QDoubleSpinBox(minimum=0, maximum=100, decimals=1, suffix=" %", value=10)
        self.seuil.valueChanged.connect(lambda _v: self._mark_dirty())
        for label, widget in (("&Année :", self.year), ("Objectif &régional (entrées) :", self.total),
                              ("&Seuil d'alerte :", self.seuil)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _buttons_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_button = QPushButton("&Importer un fichier…")
        self.import_button.setToolTip("CSV « ; » ou .xlsx : mission_locale;defm;cle_activite")
        self.add_button = QPushButton("A&jouter une ligne")
        self.remove_button = QPushButton("Su&pprimer la ligne")
        self.save_button = QPushButton("&Enregistrer")
        self.print_button = QPushButton("Imprimer l'&annexe (PDF)…")
        for button, slot in ((self.import_button, self.import_dialog), (self.add_button, self.add_row),
                             (self.remove_button, self.remove_row), (self.save_button, self.save),
                             (self.print_button, self.print_dialog)):
            button.clicked.connect(slot)
            row.addWidget(button)
            if button is self.remove_button:
                row.addStretch(1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        return row

    def _suivi_box(self) -> QGroupBox:
        self.suivi_box = QGroupBox("Suivi mensuel des entrées")
        inner = QVBoxLayout(self.suivi_box)
        self.suivi_label = QLabel()
        self.suivi_label.setWordWrap(True)
        note = QLabel(ENTRIES)
        note.setWordWrap(True)
        self.suivi_view = _table_view(self.suivi_model, editable=False)
        for col, width in enumerate((130, 120, 130, 120, 90)):
            self.suivi_view.setColumnWidth(col, width)
        for widget in (self.suivi_label, note, self.suivi_view):
            inner.addWidget(widget)
        return self.suivi_box

    # --- loading ------------------------------------------------------------------------------
    def load(self, year: int) -> None:
        table = self.services.objectifs.table(year)
        self.loaded_year = year
        self.version = table.version if table else None
        for spin, value in ((self.total, table.total if table else 0),
                            (self.seuil, float(table.seuil) if table else 10.0)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.model.set_table(table.lignes if table else [], table.est_nous_index if table else None,
                             table.total if table else 0)
        self.dirty = False
        self.status.setText("" if table else f"Aucun tableau pour {year} : saisissez-le ou importez-le.")
        self.refresh_suivi()

    def refresh_suivi(self) -> None:
        year = self.year.value()
        self.suivi_box.setTitle(f"Suivi mensuel des entrées {year}")
        suivi = self.services.objectifs.suivi(year)
        if suivi is None:
            self.suivi_label.setText("Cochez la ligne « C'est nous » de votre Mission Locale et "
                                     "enregistrez pour suivre les entrées mois par mois.")
            self.suivi_model.set_suivi(year, [])
            return
        text = (f"{suivi.mission_locale} : objectif {year} de {fr_int(suivi.objectif)} entrées, "
                f"seuil d'alerte {fr_dec(suivi.seuil, 1)} %.")
        if suivi.mois:
            last = suivi.mois[-1]
            text += f" Entrées cumulées : {last.entrees_cumulees}."
            if suivi.alerte:
                text += " <b style='color:#b00020'>Alerte : entrées en retard sur l'objectif.</b>"
        self.suivi_label.setText(text)
        self.suivi_model.set_suivi(year, suivi.mois)

    def _year_changed(self, year: int) -> None:
        if self.dirty and not confirm(self, "Modifications non enregistrées",
                                      "Le tableau affiché a été modifié sans être enregistré. "
                                      "Abandonner ces modifications ?", "Abandonner"):
            self.year.blockSignals(True)
            self.year.setValue(self.loaded_year)
            self.year.blockSignals(False)
            return
        self.load(year)

    def _total_changed(self, value: int) -> None:
        self.model.set_total(value)
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        self.dirty = True
        self.status.setText("Modifications non enregistrées.")

    def _computed(self) -> None:
        rep = self.model.repartition
        if rep is None:
            self.total_label.setText("")
            if self.model.error is not None and self.model.rowCount():
                self.error.show_error(self.model.error)
            else:
                self.error.clear_error()
            return
        self.error.clear_error()
        total_obj = sum(l.objectif for l in rep.lignes)
        self.total_label.setText(
            f"<b>Total</b> : {len(rep.lignes)} Missions Locales — DEFM {fr_int(rep.total_defm)} — "
            f"clés activité/résultat {fr_dec(rep.somme_cle_activite)} % — objectifs "
            f"{fr_int(total_obj)} / {fr_int(rep.total)}")

    # --- editing ------------------------------------------------------------------------------
    def add_row(self) -> None:
        row = self.model.add_row()
        self._mark_dirty()
        index = self.model.index(row, 1)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_row(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
            self._mark_dirty()

    def import_dialog(self) -> None:
        path, _ = files.getOpenFileName(self, "Importer le tableau régional", "",
                                              "Tableaux (*.csv *.xlsx);;Tous les fichiers (*)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        try:
            rows = self.services.objectifs.import_csv(path)
        except DomainError as err:
            self.error.show_error(err)
            return False
        self.model.set_table(rows, None, self.total.value())
        self._mark_dirty()
        self.status.setText(f"{len(rows)} ligne(s) importée(s) : cochez « C'est nous », vérifiez "
                            "l'objectif régional puis enregistrez.")
        return True

    def save(self) -> bool:
        try:
            table = self.services.objectifs.save_table(
                self.year.value(), self.total.value(), self.model.lignes(), self.model.nous,
                Decimal(str(self.seuil.value())), self.version)
        except DomainError as err:
            self.error.show_error(err)
            return False
        self.load(table.annee)
        self.status.setText(f"Tableau {table.annee} enregistré.")
        return True

    def print_dialog(self) -> None:
        if not self._saved_for_print():
            return
        path, _ = files.getSaveFileName(self, "Imprimer l'annexe",
                                              f"repartition-cotraitance-{self.year.value()}.pdf",
                                              "PDF (*.pdf)")
        if path:
            self.print_to(path)

    def _saved_for_print(self) -> bool:
        if self.dirty or self.version is None:
            self.error.show_error(DomainError("Enregistrez d'abord le tableau : l'annexe imprimée "
                                              "reprend le tableau enregistré."))
            return False
        return True

    def print_to(self, path: str) -> bool:
        if not self._saved_for_print():
            return False
        try:
            written = self.services.objectifs.write_pdf(self.year.value(), path)
        except DomainError as err:
            self.error.show_error(err)
            return False
        self.status.setText(f"Annexe enregistrée dans {written}")
        return True
