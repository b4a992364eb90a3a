"""The « Offres et mises en relation » tab of the fiche jeune: the young person's mises en
relation with their results, proposing them on an open offer, and their MRS evaluations."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ..dialogs.messages import show_error
from .common import GREEN, RESULT_COLOURS, RecordTable, SearchPicker, button_row


class JeuneOffresTab(QWidget):
    changed = Signal()

    def __init__(self, services, jeune_id, parent=None):
        super().__init__(parent)
        self.services, self.jeune_id = services, jeune_id
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.mer = RecordTable(["Date", "Offre", "Entreprise", "Résultat", "Conseiller"], [90, 220, 170, 230])
        self.mer.opened.connect(self.set_result)
        layout.addWidget(self.mer, 2)
        propose, result, open_offer = (QPushButton("Proposer sur une offre…"), QPushButton("Saisir le résultat…"),
                                       QPushButton("Ouvrir l'offre…"))
        propose.clicked.connect(self.propose)
        result.clicked.connect(lambda: self.set_result(self.mer.current_id()))
        open_offer.clicked.connect(self.open_offer)
        layout.addLayout(button_row(propose, result, open_offer))
        layout.addWidget(QLabel("Évaluations par une plateforme de vocation (MRS)"))
        self.evaluations = RecordTable(["Date", "Plateforme", "Résultat", "Offre MRS"], [90, 200, 110])
        layout.addWidget(self.evaluations, 1)
        self.reload()

    def reload(self) -> None:
        mers = self.services.mises_en_relation.for_jeune(self.jeune_id)
        self.mers = {m.id: m for m in mers}
        self.mer.set_rows([(m.id, [m.date, m.intitule, m.entreprise, m.resultat_text, m.conseiller],
                            RESULT_COLOURS.get(m.resultat)) for m in mers])
        plus = sum(1 for m in mers if m.resultat == "retenu")
        self.summary.setText(f"{len(mers)} mise(s) en relation, dont {plus} positive(s) (MER+)."
                             if mers else "Aucune mise en relation pour l'instant.")
        evals = self.services.mrs.evaluations(jeune_id=self.jeune_id)
        self.evaluations.set_rows([(e.id, [e.date, e.plateforme, "Réussie" if e.reussie else "Non réussie", e.offre],
                                    GREEN if e.reussie else None) for e in evals])

    def propose(self) -> None:
        picker = SearchPicker("Proposer le jeune sur une offre", self.services.offres.choices,
                              "Intitulé, entreprise, code ROME, commune…", self)
        if not (picker.exec() and picker.chosen):
            return
        try:
            self.services.mises_en_relation.propose(picker.chosen[0], [self.jeune_id])
        except DomainError as err:
            show_error(self, err)
            return
        self.reload()
        self.changed.emit()

    def set_result(self, mer_id) -> None:
        mer = self.mers.get(mer_id)
        if mer is None:
            return
        from .mer_dialog import ResultDialog
        if ResultDialog(self.services, mer, self).exec():
            self.reload()
            self.changed.emit()

    def open_offer(self) -> None:
        mer = self.mers.get(self.mer.current_id())
        if mer is None:
            return
        from .offre_sheet import OffreSheet
        sheet = OffreSheet(self.services, mer.offre_id, self)
        sheet.exec()
        if sheet.changed_something:
            self.reload()
            self.changed.emit()
