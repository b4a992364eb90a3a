"""Mises en relation: proposing young people on an offer (search by name, ROME, commune,
programme, availability) and recording the result (MER+, non retenu with a reason, abandon)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from ...domain import offres as dom
from ...domain.dates import age_on
from ...domain.errors import DomainError
from ...domain.jeunes import PROGRAMMES
from ...services.mises_en_relation import CandidateFilters
from ..dialogs.forms import ErrorLabel, date_edit, get_date
from .common import FormDialog, code_combo, set_combo

HEADERS = ["Jeune", "Âge", "Commune", "Programmes", "Déjà proposé(e) sur (ROME)", "Situation"]


def _buddy(text: str, widget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class ProposeDialog(QDialog):
    """Tick one or several young people, then « Proposer »; all are recorded or none."""

    def __init__(self, services, offre_id, parent=None):
        super().__init__(parent)
        self.services, self.offre_id = services, offre_id
        self.offre = services.offres.get(offre_id)
        self.created: list = []
        self.setWindowTitle(f"Proposer des jeunes sur « {self.offre.fields.intitule} »")
        self.resize(960, 560)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, w in enumerate((220, 50, 130, 110, 200)):
            self.table.setColumnWidth(i, w)
        self.table.itemChanged.connect(lambda _i: self._update_button())
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        self.refresh()
        self.search.setFocus()

    def _filters(self) -> QFormLayout:
        code = self.offre.fields.code_rome or ""
        self.search = QLineEdit(placeholderText="Nom ou prénom…", clearButtonEnabled=True)
        self.same_rome = QCheckBox(f"Déjà proposés sur ce métier (ROME {code})")
        self.commune = QLineEdit(placeholderText="Début du nom de la commune…", clearButtonEnabled=True)
        self.same_commune = QCheckBox(f"Commune de l'offre ({self.offre.fields.commune})")
        self.same_commune.setVisible(bool(self.offre.fields.commune))
        self.same_commune.toggled.connect(
            lambda on: self.commune.setText(self.offre.fields.commune if on else ""))
        self.programme = code_combo(PROGRAMMES, "Tous les programmes")
        self.disponibles = QCheckBox("Seulement les jeunes disponibles (sans MER+ sur un contrat en cours)")
        self.disponibles.setChecked(True)
        self.when = date_edit(self.services.ctx.today(), optional=False)
        for w in (self.search, self.commune):
            w.textChanged.connect(lambda _t: self._timer.start())
        for w in (self.same_rome, self.disponibles):
            w.toggled.connect(lambda _c: self.refresh())
        self.programme.currentIndexChanged.connect(lambda _i: self.refresh())
        form = QFormLayout()
        form.addRow("&Rechercher", self.search)
        row = QHBoxLayout()
        row.addWidget(self.commune, 1)
        row.addWidget(self.same_commune)
        form.addRow(_buddy("&Commune", self.commune), row)
        row2 = QHBoxLayout()
        row2.addWidget(self.programme)
        row2.addWidget(self.same_rome)
        row2.addStretch(1)
        form.addRow(_buddy("&Programme", self.programme), row2)
        form.addRow("", self.disponibles)
        form.addRow("&Date de la mise en relation", self.when)
        return form

    def filters(self) -> CandidateFilters:
        return CandidateFilters(
            search=self.search.text(), commune=self.commune.text() or None,
            programme=self.programme.currentData(), disponibles=self.disponibles.isChecked(),
            rome=self.offre.fields.code_rome if self.same_rome.isChecked() else None)

    def refresh(self) -> None:
        today = self.services.ctx.today()
        found = self.services.mises_en_relation.candidates(self.offre_id, self.filters())
        self.table.blockSignals(True)
        self.table.setRowCount(len(found))
        for r, c in enumerate(found):
            situation = "Déjà proposé(e) sur cette offre" if c.deja_propose else (
                "En emploi (MER+ en cours)" if c.en_emploi else "")
            values = [c.nom_complet, str(age_on(c.date_naissance, today)), c.commune or "",
                      ", ".join(c.programmes), ", ".join(c.romes), situation]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, c.jeune_id)
                    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    if not c.deja_propose:
                        flags |= Qt.ItemFlag.ItemIsUserCheckable
                        item.setCheckState(Qt.CheckState.Unchecked)
                    item.setFlags(flags)
                if c.deja_propose:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, col, item)
        self.table.blockSignals(False)
        self.count.setText(f"{len(found)} jeune(s) trouvé(s)" + (" (200 au plus : précisez la recherche)"
                                                                 if len(found) >= 200 else ""))
        self._update_button()

    def checked_ids(self) -> list:
        ids = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def check(self, jeune_id) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item.data(Qt.ItemDataRole.UserRole) == jeune_id:
                item.setCheckState(Qt.CheckState.Checked)

    def _update_button(self) -> None:
        n = len(self.checked_ids())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Proposer ({n})" if n else "Proposer")
        ok.setEnabled(bool(n))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Espace ticks the current row
        if event.key() == Qt.Key.Key_Space and self.table.hasFocus() and self.table.currentRow() >= 0:
            item = self.table.item(self.table.currentRow(), 0)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        try:
            self.created = self.services.mises_en_relation.propose(self.offre_id, self.checked_ids(),
                                                                   get_date(self.when))
        except DomainError as err:
            self.error.show_error(err)
            return
        from ..dialogs.messages import say_saved
        say_saved(self.parentWidget(), f"{len(self.created)} mise(s) en relation enregistrée(s).")
        super().accept()


class ResultDialog(FormDialog):
    """The result of one mise en relation, dated; a reason from the list when not retained."""

    def __init__(self, services, mer, parent=None):
        super().__init__("Résultat de la mise en relation", parent)
        self.services, self.mer = services, mer
        intro = QLabel(f"<b>{mer.jeune}</b> proposé(e) le {mer.date:%d/%m/%Y} sur « {mer.intitule} »"
                       + (f" — {mer.entreprise}" if mer.entreprise else ""))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.fields = {"resultat": code_combo(dom.RESULTATS_MER),
                       "motif": code_combo(dom.MOTIFS_NON_RETENU, "— choisir le motif —"),
                       "date_resultat": date_edit(mer.date_resultat or services.ctx.today(), optional=False)}
        set_combo(self.fields["resultat"], mer.resultat)
        set_combo(self.fields["motif"], mer.motif)
        self.form.addRow("&Résultat", self.fields["resultat"])
        self.form.addRow("&Motif (non retenu)", self.fields["motif"])
        self.form.addRow("&Date du résultat", self.fields["date_resultat"])
        self.fields["resultat"].currentIndexChanged.connect(lambda _i: self._update())
        self._update()
        self.fields["resultat"].setFocus()

    def _update(self) -> None:
        res = self.fields["resultat"].currentData()
        self.fields["motif"].setEnabled(res == "non_retenu")
        if res != "non_retenu":
            self.fields["motif"].setCurrentIndex(0)
        self.fields["date_resultat"].setEnabled(res != "en_attente")

    def save(self, force: bool = False):
        return self.services.mises_en_relation.set_result(
            self.mer.id, self.fields["resultat"].currentData(), self.fields["motif"].currentData(),
            get_date(self.fields["date_resultat"]), self.mer.version)
