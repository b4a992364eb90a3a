"""First start on a store no administrator can open: the Mission Locale, its sites and the first
administrator's account (there is no default password anywhere)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
)

from ...domain import referentiel as ref
from ...domain.comptes import POLICY_TEXT
from ...domain.errors import DomainError
from .forms import ErrorLabel
from .login_dialog import password_field


class FirstRunDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Premier démarrage de MILO Desktop")
        self.setMinimumWidth(560)
        self.created_id = None
        has_org, has_sites, has_users = services.comptes.etat_initial()
        layout = QVBoxLayout(self)
        intro = QLabel("Bienvenue. Créez le compte de la personne qui administrera MILO Desktop "
                       "(comptes, paramètres, sauvegardes)." + (
                           "" if has_org else " Indiquez d'abord votre Mission Locale et ses sites."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if has_users:
            note = QLabel("Les personnes déjà enregistrées dans cette base n'ont pas encore de mot de "
                          "passe : l'administrateur leur en attribuera un (Paramètres ▸ Comptes).")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.org = {"nom": QLineEdit(), "code_postal": QLineEdit(), "commune": QLineEdit()}
        self.org["code_postal"].setMaxLength(5)
        if not has_org:
            box = QGroupBox("Mission Locale")
            form = QFormLayout(box)
            form.addRow("&Nom *", self.org["nom"])
            form.addRow("Code &postal", self.org["code_postal"])
            form.addRow("&Commune", self.org["commune"])
            layout.addWidget(box)
        self.siege = QLineEdit()
        self.others = QPlainTextEdit()
        self.others.setPlaceholderText("Antenne de …\nPoint d'accueil de …")
        self.others.setFixedHeight(70)
        if not has_sites:
            box = QGroupBox("Sites")
            form = QFormLayout(box)
            form.addRow("&Siège *", self.siege)
            form.addRow("Autres sites (un par ligne)", self.others)
            layout.addWidget(box)
        box = QGroupBox("Premier administrateur")
        form = QFormLayout(box)
        self.admin = {"nom": QLineEdit(), "prenom": QLineEdit(), "email": QLineEdit(),
                      "identifiant": QLineEdit()}
        self.password, self.confirm = password_field(), password_field()
        for key, label in (("nom", "N&om *"), ("prenom", "&Prénom *"), ("email", "&E-mail *"),
                           ("identifiant", "&Identifiant *")):
            form.addRow(label, self.admin[key])
        form.addRow("&Mot de passe *", self.password)
        form.addRow("Con&firmation *", self.confirm)
        policy = QLabel(POLICY_TEXT)
        policy.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.password.textChanged.connect(self._check)
        layout.addWidget(box)
        layout.addWidget(policy)
        layout.addWidget(self.hint)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Créer et continuer")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quitter")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self, password: str) -> None:
        problem = self.services.comptes.policy_problem(password, self.admin["identifiant"].text())
        self.hint.setText(problem.replace(POLICY_TEXT, "").strip() if problem else "Mot de passe conforme.")

    def save(self) -> bool:
        from ...services.comptes import FirstRun
        if self.password.text() != self.confirm.text():
            self.error.show_error(DomainError("La confirmation ne correspond pas au mot de passe."))
            return False
        sites = []
        if self.siege.text().strip():
            sites.append(ref.SiteInput(self.siege.text(), "siege"))
        for line in self.others.toPlainText().splitlines():
            if line.strip():
                kind = "point_accueil" if "accueil" in line.lower() else "antenne"
                sites.append(ref.SiteInput(line, kind))
        a = self.admin
        data = FirstRun(ref.OrganisationInput(self.org["nom"].text(), code_postal=self.org["code_postal"].text() or None,
                                              commune=self.org["commune"].text() or None),
                        tuple(sites), ref.UtilisateurInput(a["nom"].text(), a["prenom"].text(), a["email"].text(), "admin"),
                        a["identifiant"].text(), self.password.text())
        try:
            self.created_id = self.services.comptes.premier_demarrage(data)
        except DomainError as err:
            self.error.show_error(err)
            return False
        self.password.clear()
        self.confirm.clear()
        self.accept()
        return True
