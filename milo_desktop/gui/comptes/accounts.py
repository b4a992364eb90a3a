"""Paramètres ▸ Comptes (administrateur): create, disable, re-enable, reset a password, role,
sites and end of authorisation; and the read-only matrix of rights."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)
from PySide6.QtCore import QDate, Qt

from ...domain import referentiel as ref
from ...domain.errors import DomainError
from ..dialogs.forms import ErrorLabel
from ..dialogs.login_dialog import password_field


def matrix_table(services) -> QTableWidget:
    rows = services.comptes.matrice()
    table = QTableWidget(len(rows), 1 + len(ref.ROLES))
    table.setHorizontalHeaderLabels(["Action"] + [label for _code, label in ref.ROLES])
    for r, (_action, label, scopes) in enumerate(rows):
        table.setItem(r, 0, QTableWidgetItem(label))
        for c, scope in enumerate(scopes, start=1):
            table.setItem(r, c, QTableWidgetItem(scope))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class NewAccountDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Nouveau compte")
        form = QFormLayout(self)
        self.fields = {k: QLineEdit() for k in ("nom", "prenom", "email", "identifiant")}
        self.role = QComboBox()
        for code, label in ref.ROLES:
            self.role.addItem(label, code)
        self.site = QComboBox()
        self.site.addItem("(aucun)", None)
        for s in services.settings.sites(only_active=True):
            self.site.addItem(s.nom, s.id)
        self.password = password_field()
        for key, label in (("nom", "&Nom *"), ("prenom", "&Prénom *"), ("email", "&E-mail *"),
                           ("identifiant", "&Identifiant *")):
            form.addRow(label, self.fields[key])
        form.addRow("&Rôle", self.role)
        form.addRow("&Site", self.site)
        form.addRow("Mot de passe &provisoire *", self.password)
        self.error = ErrorLabel()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Créer le compte")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> bool:
        f = self.fields
        try:
            self.services.comptes.creer(
                ref.UtilisateurInput(f["nom"].text(), f["prenom"].text(), f["email"].text(),
                                     self.role.currentData(), self.site.currentData()),
                f["identifiant"].text(), self.password.text())
        except DomainError as err:
            self.error.show_error(err)
            return False
        self.password.clear()
        self.accept()
        return True


class AccountsDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Comptes")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.buttons = {}
        for key, label in (("new", "Nouveau compte…"), ("reset", "Réinitialiser le mot de passe…"),
                           ("toggle", "Désactiver / réactiver"), ("role", "Changer le rôle…"),
                           ("end", "Fin d'autorisation…")):
            b = QPushButton(label)
            b.clicked.connect(getattr(self, f"_{key}"))
            row.addWidget(b)
            self.buttons[key] = b
        layout.addLayout(row)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        close = QPushButton("Fermer")
        close.clicked.connect(self.accept)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for a in self.services.comptes.comptes():
            state = "" if a.actif else " — désactivé"
            state += " — verrouillé" if a.verrouille else ""
            state += "" if a.has_password else " — sans mot de passe (aucun accès)"
            end = f" — jusqu'au {a.fin_autorisation:%d/%m/%Y}" if a.fin_autorisation else ""
            item = QListWidgetItem(f"{a.identifiant or '(pas d’identifiant)'} — {a.nom_complet} — "
                                   f"{a.role_label}{end}{state}")
            item.setData(Qt.ItemDataRole.UserRole, a)
            self.list.addItem(item)

    def _current(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _run(self, action) -> None:
        try:
            action()
        except DomainError as err:
            self.error.show_error(err)
            return
        self.error.clear_error()
        self.reload()

    def _new(self) -> None:
        if NewAccountDialog(self.services, self).exec():
            self.reload()

    def _reset(self) -> None:
        a = self._current()
        if a is None:
            return
        ident = a.identifiant
        if not ident:
            ident, ok = QInputDialog.getText(self, "Identifiant", f"Identifiant de {a.nom_complet} :")
            if not ok:
                return
        password, ok = QInputDialog.getText(self, "Mot de passe provisoire",
                                            f"Mot de passe provisoire de {a.nom_complet} (à changer à la connexion) :",
                                            QLineEdit.EchoMode.Password)
        if ok:
            self._run(lambda: self.services.comptes.reinitialiser(a.id, password, ident))

    def _toggle(self) -> None:
        a = self._current()
        if a is not None:
            self._run(lambda: (self.services.comptes.desactiver if a.actif else self.services.comptes.reactiver)(a.id))

    def _role(self) -> None:
        a = self._current()
        if a is None:
            return
        labels = [label for _c, label in ref.ROLES]
        label, ok = QInputDialog.getItem(self, "Rôle", f"Rôle de {a.nom_complet} :", labels,
                                         labels.index(a.role_label) if a.role_label in labels else 0, False)
        if ok:
            code = dict((lb, c) for c, lb in ref.ROLES)[label]
            self._run(lambda: self.services.comptes.modifier(a.id, role=code))

    def _end(self) -> None:
        a = self._current()
        if a is None:
            return
        text, ok = QInputDialog.getText(self, "Fin d'autorisation", "Date (jj/mm/aaaa, vide : aucune) :")
        if ok:
            from ...domain.dates import parse_date
            self._run(lambda: self.services.comptes.modifier(a.id, fin_autorisation=parse_date(text) if text.strip() else None))
