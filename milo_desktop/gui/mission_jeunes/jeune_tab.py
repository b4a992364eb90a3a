"""The « Mission Jeunes / FASTT » tab of the fiche jeune: FASTT referrals, delegations in
temporary work, branch actions and orientations to agencies, each with its actions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ..dialogs.messages import confirm, show_error
from . import common
from .action_dialog import ActionDialog
from .agence_dialog import OrientationDialog
from .common import RecordTable, button_row
from .delegation_dialog import DelegationDialog
from .fastt_dialog import FasttWizard, StepDialog


def _group(title: str, table: RecordTable, *buttons: QPushButton) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    layout.addLayout(button_row(*buttons))
    return box


class MissionJeunesTab(QWidget):
    changed = Signal()

    def __init__(self, services, jeune_id, parent=None):
        super().__init__(parent)
        self.services, self.jeune_id = services, jeune_id
        self.dialog = None  # the dialog or wizard currently open (kept for tests)
        layout = QVBoxLayout(self)
        layout.addWidget(self._fastt_group(), 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self._delegations_group(), 5)
        side = QVBoxLayout()
        side.addWidget(self._actions_group())
        side.addWidget(self._orientations_group())
        bottom.addLayout(side, 4)
        layout.addLayout(bottom, 3)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.reload()

    # --- building -------------------------------------------------------------------------
    def _fastt_group(self) -> QGroupBox:
        self.fastt_table = RecordTable(["Préparée le", "Statut", "Besoins", "SOS", "Dernière étape",
                                        "Relance"])
        self.prepare_button = QPushButton("&Préparer une orientation FASTT…")
        self.prepare_button.setDefault(True)
        self.step_button = QPushButton("É&tape suivante…")
        self.edit_fastt_button = QPushButton("Modifier…")
        self.pdf_button = QPushButton("Fiche PDF…")
        self.mail_button = QPushButton("Brouillon d'e-&mail…")
        self.delete_fastt_button = QPushButton("Supprimer")
        self.prepare_button.clicked.connect(self.prepare_fastt)
        self.step_button.clicked.connect(lambda: self.advance_fastt(self.fastt_table.current_id()))
        self.edit_fastt_button.clicked.connect(lambda: self.edit_fastt(self.fastt_table.current_id()))
        self.pdf_button.clicked.connect(self.fastt_pdf)
        self.mail_button.clicked.connect(self.fastt_mail)
        self.delete_fastt_button.clicked.connect(lambda: self.delete_fastt(self.fastt_table.current_id()))
        self.fastt_table.opened.connect(self.advance_fastt)
        self.fastt_table.delete_requested.connect(self.delete_fastt)
        self.fastt_table.itemSelectionChanged.connect(self._update_buttons)
        return _group("Orientations FASTT « Point Conseils Intérimaire »", self.fastt_table,
                      self.prepare_button, self.step_button, self.edit_fastt_button, self.pdf_button,
                      self.mail_button, self.delete_fastt_button)

    def _delegations_group(self) -> QGroupBox:
        self.delegation_table = RecordTable(["Début", "Fin", "Agence", "Entreprise", "Contrat", "Heures"])
        add = QPushButton("Nouvelle &délégation…")
        edit, delete = QPushButton("Modifier…"), QPushButton("Supprimer")
        add.clicked.connect(lambda: self.edit_delegation(None))
        edit.clicked.connect(lambda: self.edit_delegation(self.delegation_table.current_id()))
        delete.clicked.connect(lambda: self.delete_delegation(self.delegation_table.current_id()))
        self.delegation_table.opened.connect(self.edit_delegation)
        self.delegation_table.delete_requested.connect(self.delete_delegation)
        return _group("Délégations en mission d'intérim", self.delegation_table, add, edit, delete)

    def _actions_group(self) -> QGroupBox:
        self.action_table = RecordTable(["Action", "Début", "Fin", "Résultat"])
        add, delete = QPushButton("Nouvelle &action…"), QPushButton("Supprimer")
        add.clicked.connect(lambda: self.edit_action(None))
        delete.clicked.connect(lambda: self.delete_action(self.action_table.current_id()))
        self.action_table.opened.connect(self.edit_action)
        self.action_table.delete_requested.connect(self.delete_action)
        return _group("Actions de la branche", self.action_table, add, delete)

    def _orientations_group(self) -> QGroupBox:
        self.orientation_table = RecordTable(["Date", "Agence d'emploi"])
        add, delete = QPushButton("&Orienter vers une agence…"), QPushButton("Supprimer")
        add.clicked.connect(self.orient)
        delete.clicked.connect(lambda: self.delete_orientation(self.orientation_table.current_id()))
        self.orientation_table.delete_requested.connect(self.delete_orientation)
        return _group("Orientations vers une agence d'emploi", self.orientation_table, add, delete)

    # --- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        sv = self.services
        self.referrals = {r.id: r for r in sv.fastt.for_jeune(self.jeune_id)}
        self.fastt_table.set_rows([
            (r.id, [r.date_preparation, r.statut_label, r.besoins_label, r.urgence_sos, r.derniere_etape,
                    r.relance_label],
             common.LATE if r.en_retard else None) for r in self.referrals.values()])
        self.delegations = {d.id: d for d in sv.interim.delegations(self.jeune_id)}
        self.delegation_table.set_rows([
            (d.id, [d.date_debut, d.date_fin, d.agence_nom, d.entreprise_utilisatrice or "",
                    d.type_contrat_label, d.heures], None) for d in self.delegations.values()])
        self.actions = {a.id: a for a in sv.interim.actions(self.jeune_id)}
        self.action_table.set_rows([(a.id, [a.action_label, a.date_debut, a.date_fin, a.resultat_label], None)
                                    for a in self.actions.values()])
        self.orientation_table.set_rows([(o.id, [o.date, o.agence_nom], None)
                                         for o in sv.agences.orientations(self.jeune_id)])
        self._update_buttons()

    def _update_buttons(self) -> None:
        r = self.referrals.get(self.fastt_table.current_id())
        prepared = r is not None and r.statut == "preparee"
        self.step_button.setEnabled(bool(r and r.transitions))
        self.edit_fastt_button.setEnabled(prepared)
        self.delete_fastt_button.setEnabled(prepared)
        for b in (self.pdf_button, self.mail_button):
            b.setEnabled(bool(r and r.consent.contact_fastt))
            b.setToolTip("" if b.isEnabled() else "Possible seulement avec l'accord du jeune pour être "
                                                  "contacté par le FASTT")

    def _done(self, dialog) -> None:
        if dialog.result():
            self.reload()
            self.changed.emit()

    def _open(self, dialog) -> None:
        """Open non-modally (window-modal) and refresh once saved."""
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._done(dialog))
        dialog.open()

    def _delete(self, what: str, action) -> None:
        if not confirm(self, "Supprimer", f"Supprimer {what} ?", "Supprimer"):
            return
        try:
            action()
        except DomainError as err:
            show_error(self, err)
            return
        self.reload()
        self.changed.emit()

    # --- FASTT ----------------------------------------------------------------------------
    def prepare_fastt(self) -> None:
        self._open(FasttWizard(self.services, self.jeune_id, parent=self))

    def edit_fastt(self, referral_id) -> None:
        if referral_id in self.referrals:
            self._open(FasttWizard(self.services, self.jeune_id, self.referrals[referral_id], self))

    def advance_fastt(self, referral_id) -> None:
        r = self.referrals.get(referral_id)
        if r is None:
            return
        if not r.transitions:
            self.status.setText("Cette orientation est clôturée.")
            return
        self._open(StepDialog(self.services, r, self))

    def delete_fastt(self, referral_id) -> None:
        if referral_id in self.referrals:
            self._delete("cette orientation FASTT (encore préparée)",
                         lambda: self.services.fastt.delete(referral_id))

    def fastt_pdf(self) -> None:
        rid = self.fastt_table.current_id()
        if rid is None:
            return
        path = common.save_pdf(self, "Fiche d'orientation FASTT", self.services.fastt.pdf_name(rid),
                               lambda: self.services.fastt.sheet_pdf(rid))
        if path:
            self.status.setText(f"Fiche enregistrée : {path}")

    def fastt_mail(self) -> None:
        rid = self.fastt_table.current_id()
        draft = common.open_email_draft(self, self.services, rid) if rid else None
        if draft:
            self.status.setText(common.draft_status(draft))

    # --- delegations, actions, orientations -----------------------------------------------
    def edit_delegation(self, delegation_id) -> None:
        self._open(DelegationDialog(self.services, self.jeune_id, self.delegations.get(delegation_id), self))

    def delete_delegation(self, delegation_id) -> None:
        if delegation_id in self.delegations:
            self._delete("cette délégation (et sa ligne du journal)",
                         lambda: self.services.interim.delete_delegation(delegation_id))

    def edit_action(self, action_id) -> None:
        self._open(ActionDialog(self.services, self.jeune_id, self.actions.get(action_id), self))

    def delete_action(self, action_id) -> None:
        if action_id in self.actions:
            self._delete("cette action", lambda: self.services.interim.delete_action(action_id))

    def orient(self) -> None:
        self._open(OrientationDialog(self.services, self.jeune_id, self))

    def delete_orientation(self, orientation_id) -> None:
        if orientation_id is not None:
            self._delete("cette orientation (et sa ligne du journal)",
                         lambda: self.services.agences.delete_orientation(orientation_id))
