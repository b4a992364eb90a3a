"""The « Cotraitance » tab of the fiche jeune: phase, dated steps, criteria, phase-2 state and
its history, the planned end with its reason, and one button per step the agreement allows now.

Contract (``gui/jeunes/fiche_tabs.py``): ``CotraitanceTab(services, jeune_id, parent)``,
``reload()``, and ``changed`` emitted after something was saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ...domain.dates import format_date
from ..dialogs.messages import confirm, show_error
from .dialogs import ACTION_LABELS, step_dialog
from .models import EtapesModel

LATE_STYLE = "color: #b00020; font-weight: bold;"
DUE_STYLE = "color: #8a5a00; font-weight: bold;"
FIN_STYLE = "font-weight: bold;"


def _with(prefix: str, value: str) -> str:
    return f"{prefix} — {value}" if value else prefix


class CotraitanceTab(QWidget):
    changed = Signal()

    def __init__(self, services, jeune_id, parent=None):
        super().__init__(parent)
        self.services = services
        self.jeune_id = jeune_id
        self.detail = None
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self.reload()

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.phase_label = QLabel()
        self.phase_label.setObjectName("cotraPhase")
        self.phase_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.fin_label = QLabel()
        self.fin_label.setObjectName("cotraFinPrevue")
        self.fin_label.setWordWrap(True)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.fin_label)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (("affectation", "Affectation"), ("criteres", "Critères"),
                           ("acceptation", "Acceptation"), ("refus", "Refus"),
                           ("initialisation", "Initialisation du parcours"), ("etat", "État (phase 2)"),
                           ("radiation", "Radiation / cessation"), ("sortie", "Sortie")):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(f"{label} :", value)
        layout.addLayout(self.form)
        self.actions_row = QHBoxLayout()
        layout.addLayout(self.actions_row)
        self.history_title = QLabel("<b>Historique</b>")
        layout.addWidget(self.history_title)
        self.history = EtapesModel(self)
        self.history_view = self._history_view()
        layout.addWidget(self.history_view, 1)
        self.previous_label = QLabel()
        layout.addWidget(self.previous_label)

    def _history_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.history)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        view.setColumnWidth(1, 230)
        return view

    # --- content ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.detail = self.services.cotraitance.current(self.jeune_id)
        self._show_header()
        self._show_values()
        self._show_actions()
        self.history.set_rows(self.detail.etapes() if self.detail else [])
        before = self.detail.episodes_precedents if self.detail else 0
        self.previous_label.setText(
            f"{before} épisode(s) de cotraitance précédent(s) (refus ou sortie)." if before else "")
        self.previous_label.setVisible(bool(before))

    def _show_header(self) -> None:
        d = self.detail
        if d is None:
            self.phase_label.setText("Pas en cotraitance")
            self.fin_label.setText("Le jeune n'a pas été affecté en cotraitance par France Travail.")
            self.fin_label.setStyleSheet("")
            return
        self.phase_label.setText(_with(d.phase_label, d.etat_label))
        self.fin_label.setText(self._fin_text())
        e = d.echeance
        self.fin_label.setStyleSheet(LATE_STYLE if (e.sortie_en_retard or d.hors_territoire) and d.fin_prevue
                                     else DUE_STYLE if e.sortie_due_ce_mois and d.fin_prevue else FIN_STYLE)

    def _fin_text(self) -> str:
        d = self.detail
        if d.fin_prevue is None:
            return "Cotraitance close : pas de fin prévue."
        text = f"Date de fin prévue : {format_date(d.fin_prevue)} ({d.raison_fin_label})"
        if d.echeance.sortie_en_retard:
            text += " — dépassée : sortie en retard"
        elif d.echeance.sortie_due_ce_mois:
            text += " — sortie due ce mois-ci"
        if d.hors_territoire:
            text += ("\nDéménagement hors territoire : l'adresse du jeune est hors du territoire de "
                     "la Mission Locale ; demandez à France Travail la sortie « Déménagement hors "
                     "du territoire ».")
        return text

    def _show_values(self) -> None:
        d = self.detail
        st = d.state if d else None
        values = {key: "" for key in self.values}
        if st is not None:
            values.update(
                affectation=format_date(st.date_affectation),
                criteres="\n".join(f"{c}. {l}" for c, l in zip(st.criteres, d.criteres_labels)),
                acceptation=_with(format_date(st.date_acceptation), _delay(d.delai_acceptation))
                if st.date_acceptation else "",
                refus=_with(format_date(st.date_refus), st.motif_refus or "") if st.date_refus else "",
                initialisation=_with(format_date(st.date_initialisation), _delay(d.delai_initialisation))
                if st.date_initialisation else "",
                etat=_with(f"{d.etat_label} depuis le {format_date(st.date_etat)}", st.motif_etat or "")
                if d.etat_label else "",
                radiation=format_date(st.date_radiation),
                sortie=_with(format_date(st.date_sortie), d.motif_sortie_label) if st.date_sortie else "",
            )
        for key, label in self.values.items():
            label.setText(values[key] or "—")
        self.form.setRowVisible(self.values["refus"], bool(values["refus"]))

    def _show_actions(self) -> None:
        while self.actions_row.count():
            item = self.actions_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}
        actions = self.detail.actions if self.detail else ("affecter",)
        for action in actions:
            button = QPushButton(ACTION_LABELS[action])
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.actions_row.addWidget(button)
            self.buttons[action] = button
        self.actions_row.addStretch(1)

    # --- actions ------------------------------------------------------------------------------
    def run_action(self, action: str) -> bool:
        """Open the step's dialog (or confirmation); True when something was saved."""
        if action == "annuler_radiation":
            return self._cancel_radiation()
        dialog = step_dialog(self.services, action, self.jeune_id, self.detail, self)
        accepted = bool(dialog.exec())
        dialog.deleteLater()
        if not accepted:
            self.reload()  # a refusal may come from a stale copy: show what is stored now
            return False
        self._saved()
        return True

    def _cancel_radiation(self) -> bool:
        d = self.detail
        if not confirm(self, "Annuler la radiation",
                       f"Le jeune s'est réinscrit à France Travail : annuler la radiation du "
                       f"{format_date(d.state.date_radiation)} ?", "Annuler la radiation"):
            return False
        try:
            self.services.cotraitance.annuler_radiation(d.id, d.version)
        except Exception as err:  # noqa: BLE001 - shown to the user in French
            show_error(self, err)
            self.reload()
            return False
        self._saved()
        return True

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()


def _delay(days: int | None) -> str:
    return "" if days is None else f"{days} jour{'s' if abs(days) > 1 else ''} après l'étape précédente"


class CotraitanceDialog(QDialog):
    """The cotraitance tab alone in a window (used when the fiche jeune is not available)."""

    def __init__(self, services, jeune_id, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Cotraitance du jeune")
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        self.tab = CotraitanceTab(services, jeune_id, self)
        layout.addWidget(self.tab)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
