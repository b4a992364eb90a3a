"""Give several young people the same référent in one action."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ...domain.errors import DomainError
from ..dialogs.forms import ErrorLabel
from .identite_tab import select_data


class ReassignDialog(QDialog):
    """``ids`` are the young people's UUIDs; after ``accept`` ``count`` says how many changed."""

    def __init__(self, services, ids: list, parent=None):
        super().__init__(parent)
        self.services = services
        self.ids = list(ids)
        self.count = 0
        n = len(self.ids)
        self.setWindowTitle("Réaffecter le référent")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Nouveau référent pour <b>{n} jeune{'s' if n > 1 else ''}</b> sélectionné"
                       f"{'s' if n > 1 else ''} :")
        layout.addWidget(intro)
        form = QFormLayout()
        self.referent = QComboBox()
        for user in services.settings.utilisateurs(only_active=True):
            self.referent.addItem(f"{user.nom_complet} — {user.role_label}", user.id)
        form.addRow("&Référent", self.referent)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Réaffecter", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok.setEnabled(bool(self.ids) and self.referent.count() > 0)

    def select(self, user_id) -> None:
        select_data(self.referent, user_id)

    def apply(self) -> None:
        try:
            self.count = self.services.jeunes.reassign(self.ids, self.referent.currentData())
        except DomainError as err:
            self.error.show_error(err)
            return
        self.accept()
