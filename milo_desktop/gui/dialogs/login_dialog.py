"""Who is working: identifiant and password (the service checks them), and the site of the day."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
)

from ...domain.errors import DomainError
from .forms import ErrorLabel

LAST_USER = "session.dernier_utilisateur"
LAST_SITE = "session.dernier_site"
LAST_IDENT = "session/identifiant"  # QSettings: the identifier only, never a password


def password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class LoginDialog(QDialog):
    """``exec()`` returns Accepted once ``services.comptes.login`` opened a session."""

    def __init__(self, services, parent=None, demo: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Connexion à MILO Desktop")
        self.services = services
        self.session = None
        layout = QVBoxLayout(self)
        intro = QLabel("Identifiez-vous pour accéder aux dossiers.")
        layout.addWidget(intro)
        if demo:
            banner = QLabel("Base de démonstration : données inventées. Comptes « admin », "
                            "« direction », « conseiller », « agent » (mot de passe indiqué à la "
                            "création de la base, par défaut dans le README).")
            banner.setWordWrap(True)
            banner.setObjectName("demoBanner")
            layout.addWidget(banner)
        form = QFormLayout()
        self.ident = QLineEdit(str(QSettings().value(LAST_IDENT, "") or ""))
        self.ident.setMaxLength(60)
        self.password = password_field()
        self.site_box = QComboBox()
        self.site_box.addItem("Mon site habituel", None)
        for s in services.settings.sites(only_active=True):
            self.site_box.addItem(f"{s.nom} ({s.type_label})", s.id)
        last_site = services.settings.get(LAST_SITE)
        for i in range(self.site_box.count()):
            if str(self.site_box.itemData(i)) == last_site:
                self.site_box.setCurrentIndex(i)
        form.addRow("&Identifiant :", self.ident)
        form.addRow("&Mot de passe :", self.password)
        form.addRow("&Site du jour :", self.site_box)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Se connecter")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quitter")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if self.ident.text() else self.ident).setFocus(Qt.FocusReason.OtherFocusReason)

    def try_login(self) -> bool:
        password = self.password.text()
        self.password.clear()  # the dialog keeps no copy
        try:
            self.session = self.services.comptes.login(self.ident.text(), password, self.site_box.currentData())
            if self.session.changer_mot_de_passe:
                change = ChangePasswordDialog(self.services, self, current=password, forced=True)
                if change.exec() != QDialog.DialogCode.Accepted:
                    self.services.comptes.fermer_session()
                    self.session = None
                    self.error.show_error(DomainError("Choisissez un nouveau mot de passe pour continuer."))
                    return False
        except DomainError as err:
            self.error.show_error(err)
            self.password.setFocus()
            return False
        finally:
            password = None  # noqa: F841 - dropped
        QSettings().setValue(LAST_IDENT, self.session.user.identifiant or "")
        self.services.settings.set(LAST_USER, str(self.session.user.id))
        self.services.settings.set(LAST_SITE, str(self.session.site_id) if self.session.site_id else None)
        self.accept()
        return True


class ChangePasswordDialog(QDialog):
    """A user changes their own password (forced after a reset by the administrator)."""

    def __init__(self, services, parent=None, current: str | None = None, forced: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Changer de mot de passe")
        self.services = services
        self._current = current
        layout = QVBoxLayout(self)
        if forced:
            layout.addWidget(QLabel("Ce mot de passe est provisoire : choisissez le vôtre."))
        from ...domain.comptes import POLICY_TEXT
        policy = QLabel(POLICY_TEXT)
        policy.setWordWrap(True)
        layout.addWidget(policy)
        form = QFormLayout()
        self.old = password_field()
        if current is None:
            form.addRow("Mot de passe &actuel :", self.old)
        self.new = password_field()
        self.confirm = password_field()
        form.addRow("&Nouveau mot de passe :", self.new)
        form.addRow("&Confirmation :", self.confirm)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.new.textChanged.connect(self._check)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Enregistrer")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        from ...domain.comptes import POLICY_TEXT
        problem = self.services.comptes.policy_problem(self.new.text())
        self.hint.setText(problem.replace(POLICY_TEXT, "").strip() if problem else "Mot de passe conforme.")

    def save(self) -> bool:
        if self.new.text() != self.confirm.text():
            self.error.show_error(DomainError("La confirmation ne correspond pas au nouveau mot de passe."))
            return False
        try:
            old = self._current if self._current is not None else self.old.text()
            self.services.comptes.changer_mot_de_passe(old, self.new.text())
        except DomainError as err:
            self.error.show_error(err)
            return False
        self._current = None
        for edit in (self.old, self.new, self.confirm):
            edit.clear()
        self.accept()
        return True


def choose_user(services, parent, force: bool = False) -> bool:
    """Ask who works (identifiant and password). True once a session is open."""
    demo = services.settings.get("demo") is not None
    dialog = LoginDialog(services, parent, demo=demo)
    return dialog.exec() == QDialog.DialogCode.Accepted
