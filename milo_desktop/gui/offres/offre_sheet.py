"""The offer's sheet: what was collected, its dated history, the mises en relation, and the steps
of its life (transmit to the agent, mark entered, filled, cancel — with confirmation)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QScrollArea, QTabWidget,
    QVBoxLayout, QWidget,
)

from ...domain import offres as dom
from ...domain.errors import DomainError
from ..dialogs.messages import confirm, show_error
from .common import RESULT_COLOURS, RecordTable, button_row


class OffreSheet(QDialog):
    def __init__(self, services, offre_id, parent=None):
        super().__init__(parent)
        self.services, self.offre_id = services, offre_id
        self.changed_something = False
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.summary = QLabel(wordWrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.details = QWidget()
        self.details_form = QFormLayout(self.details)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.details)
        self.tabs.addTab(scroll, "Offre")
        self.history = RecordTable(["Date", "Statut", "Commentaire", "Par"], [90, 170, 400])
        self.tabs.addTab(self.history, "Historique")
        self.tabs.addTab(self._mer_page(), "Mises en relation")
        layout.addLayout(self._actions())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def _mer_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.mer = RecordTable(["Date", "Jeune", "Résultat", "Conseiller"], [90, 200, 330])
        self.mer.opened.connect(self.set_result)
        layout.addWidget(self.mer, 1)
        self.propose_button = QPushButton("Proposer des jeunes…")
        self.propose_button.clicked.connect(self.propose)
        result = QPushButton("Saisir le résultat…")
        result.clicked.connect(lambda: self.set_result(self.mer.current_id()))
        delete = QPushButton("Supprimer la mise en relation")
        delete.clicked.connect(self.delete_mer)
        layout.addLayout(button_row(self.propose_button, result, delete))
        return page

    def _actions(self):
        self.edit_button = QPushButton("&Modifier…")
        self.edit_button.clicked.connect(self.edit)
        self.transmit_button = QPushButton("&Transmettre à l'agent dédié")
        self.transmit_button.clicked.connect(lambda: self._run(self.services.offres.mettre_a_saisir))
        self.saisie_button = QPushButton("Marquer &saisie chez France Travail…")
        self.saisie_button.clicked.connect(self.mark_entered)
        self.filled_button = QPushButton("Marquer &pourvue")
        self.filled_button.clicked.connect(lambda: self._run(self.services.offres.marquer_pourvue))
        self.cancel_button = QPushButton("&Annuler l'offre…")
        self.cancel_button.clicked.connect(self.cancel_offer)
        return button_row(self.edit_button, self.transmit_button, self.saisie_button,
                          self.filled_button, self.cancel_button)

    # --- display --------------------------------------------------------------------------
    def reload(self) -> None:
        o = self.services.offres.get(self.offre_id)
        self.offre = o
        self.setWindowTitle(f"Offre « {o.fields.intitule} »")
        self.title.setText(o.fields.intitule)
        ft = f" — n° France Travail <b>{o.numero_ft}</b> (saisie le {o.date_saisie_ft:%d/%m/%Y} par {o.saisie_par})" \
            if o.numero_ft else ""
        self.summary.setText(f"{o.entreprise or 'Sans entreprise'} — statut : <b>{o.statut_label}</b>{ft}<br>"
                             f"Délégation de la mise en relation : {o.delegation_text}")
        self._fill_details()
        self.history.set_rows([(i, [h.date, h.statut_label, h.commentaire, h.auteur], None)
                               for i, h in enumerate(self.services.offres.historique(self.offre_id))])
        mers = self.services.mises_en_relation.for_offre(self.offre_id)
        self.mer.set_rows([(m.id, [m.date, m.jeune, m.resultat_text, m.conseiller], RESULT_COLOURS.get(m.resultat))
                           for m in mers])
        self.tabs.setTabText(2, f"Mises en relation ({len(mers)})")
        self._enable(o)

    def _fill_details(self) -> None:
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        for label, value in self.services.offres.fiche_saisie(self.offre_id):
            shown = QLabel(value or "–", wordWrap=True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_form.addRow(label, shown)
        source = dict(dom.SOURCES).get(self.offre.fields.source or "", "–")
        self.details_form.addRow("Source", QLabel(source))
        self.details_form.addRow("Date de recueil", QLabel(f"{self.offre.fields.date_recueil:%d/%m/%Y}"))
        if self.offre.plateforme:
            self.details_form.addRow("Plateforme de vocation", QLabel(self.offre.plateforme))

    def _enable(self, o) -> None:
        nexts = o.next_statuts()
        self.edit_button.setEnabled(not o.terminal)
        self.transmit_button.setVisible(o.statut == dom.RECUEILLIE)
        self.saisie_button.setVisible(dom.SAISIE in nexts)
        self.filled_button.setEnabled(dom.POURVUE in nexts)
        self.cancel_button.setEnabled(dom.ANNULEE in nexts)
        self.propose_button.setEnabled(not o.terminal)

    # --- actions --------------------------------------------------------------------------
    def _run(self, action, *args) -> bool:
        try:
            action(self.offre_id, self.offre.version, *args)
        except DomainError as err:
            show_error(self, err)
            return False
        self.changed_something = True
        self.reload()
        return True

    def edit(self) -> None:
        from .offre_dialog import OffreDialog
        if OffreDialog(self.services, self.offre_id, parent=self).exec():
            self.changed_something = True
            self.reload()

    def mark_entered(self) -> None:
        from .queue_page import SaisieDialog
        if SaisieDialog(self.services, self.offre, self).exec():
            self.changed_something = True
            self.reload()

    def cancel_offer(self) -> None:
        if confirm(self, "Annuler l'offre", f"Annuler l'offre « {self.offre.fields.intitule} » ?\n\n"
                   "Elle sortira de la file des offres à saisir et on ne pourra plus y proposer de "
                   "jeunes. Cette étape est définitive.", "Annuler l'offre"):
            self._run(self.services.offres.annuler)

    def propose(self) -> None:
        from .mer_dialog import ProposeDialog
        if ProposeDialog(self.services, self.offre_id, self).exec():
            self.changed_something = True
            self.reload()

    def set_result(self, mer_id) -> None:
        if mer_id is None:
            return
        from .mer_dialog import ResultDialog
        if ResultDialog(self.services, self.services.mises_en_relation.get(mer_id), self).exec():
            self.changed_something = True
            self.reload()

    def delete_mer(self) -> None:
        mer_id = self.mer.current_id()
        if mer_id is None or not confirm(self, "Supprimer la mise en relation",
                                         "Supprimer cette mise en relation saisie par erreur ? Elle "
                                         "disparaîtra aussi du journal du jeune.", "Supprimer"):
            return
        self.services.mises_en_relation.delete(mer_id)
        self.changed_something = True
        self.reload()
