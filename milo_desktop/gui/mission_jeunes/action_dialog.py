"""A branch action (AKTO / FPE.TT) a young person joins, with dates and outcome."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ...domain import interim as it
from ..dialogs.forms import date_edit, get_date
from .common import FormDialog, code_combo


class ActionDialog(FormDialog):
    def __init__(self, services, jeune_id, action=None, parent=None):
        super().__init__("Action de la branche du travail temporaire", parent)
        self.services, self.jeune_id, self.action = services, jeune_id, action
        a = action
        self.kind = self.add("action", "&Action *", code_combo(it.ACTIONS_BRANCHE, a.action if a else None))
        for i, (code, _label) in enumerate(it.ACTIONS_BRANCHE):
            self.kind.setItemData(i, it.ACTIONS_BRANCHE_DESCRIPTIONS.get(code, ""),
                                  Qt.ItemDataRole.ToolTipRole)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555555;")
        self.form.addRow("", self.description)
        self.kind.currentIndexChanged.connect(self._describe)
        start = a.date_debut if a else services.ctx.today()
        self.debut = self.add("date_debut", "&Début *", date_edit(start, False))
        self.fin = self.add("date_fin", "&Fin", date_edit(a.date_fin if a else None))
        self.resultat = self.add("resultat", "&Résultat *",
                                 code_combo(it.RESULTATS_ACTION, a.resultat if a else "prevue"))
        self._describe()
        self.resize(460, self.sizeHint().height())

    def _describe(self) -> None:
        self.description.setText(it.ACTIONS_BRANCHE_DESCRIPTIONS.get(self.kind.currentData(), ""))

    def save(self):
        data = it.ActionInput(self.kind.currentData(), get_date(self.debut), get_date(self.fin),
                              self.resultat.currentData())
        a = self.action
        return self.services.interim.save_action(self.jeune_id, data, a.id if a else None,
                                                 a.version if a else None)
