"""Who is working, and where (real authentication comes later)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from ...services.context import CurrentUser

LAST_USER = "session.dernier_utilisateur"
LAST_SITE = "session.dernier_site"


class LoginDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Qui utilise l'application ?")
        self.services = services
        form = QFormLayout(self)
        form.addRow(QLabel("Choisissez votre nom et le site où vous travaillez aujourd'hui."))
        self.user_box = QComboBox()
        self.site_box = QComboBox()
        for u in services.settings.utilisateurs(only_active=True):
            self.user_box.addItem(f"{u.nom_complet} — {u.role_label}", u)
        for s in services.settings.sites(only_active=True):
            self.site_box.addItem(f"{s.nom} ({s.type_label})", s.id)
        self._select_last()
        self.user_box.currentIndexChanged.connect(self._default_site)
        form.addRow("&Utilisateur :", self.user_box)
        form.addRow("&Site :", self.site_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _select_last(self) -> None:
        last_user = self.services.settings.get(LAST_USER)
        for i in range(self.user_box.count()):
            if str(self.user_box.itemData(i).id) == last_user:
                self.user_box.setCurrentIndex(i)
        last_site = self.services.settings.get(LAST_SITE)
        idx = next((i for i in range(self.site_box.count()) if str(self.site_box.itemData(i)) == last_site), -1)
        if idx >= 0:
            self.site_box.setCurrentIndex(idx)
        else:
            self._default_site()

    def _default_site(self) -> None:
        user = self.user_box.currentData()
        if user and user.site_id:
            idx = next((i for i in range(self.site_box.count())
                        if self.site_box.itemData(i) == user.site_id), -1)
            if idx >= 0:
                self.site_box.setCurrentIndex(idx)

    def apply(self) -> None:
        user = self.user_box.currentData()
        site_id = self.site_box.currentData()
        if user is None:
            return
        self.services.set_user(CurrentUser(user.id, user.nom_complet, user.role), site_id)
        self.services.settings.set(LAST_USER, str(user.id))
        self.services.settings.set(LAST_SITE, str(site_id) if site_id else None)


def choose_user(services, parent, force: bool = False) -> bool:
    """Ask when several users exist (or when forced); pick the only one otherwise."""
    dialog = LoginDialog(services, parent)
    if dialog.user_box.count() == 0:
        return False
    if dialog.user_box.count() == 1 and not force:
        dialog.apply()
        return True
    if dialog.exec() == QDialog.DialogCode.Accepted:
        dialog.apply()
        return True
    if services.ctx.user.id is None:
        dialog.apply()  # keep the remembered (or first) user rather than working anonymously
    return False
