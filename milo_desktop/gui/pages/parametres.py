"""Paramètres: a summary of the reference data, and the button that edits it."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget


class ParametresPage(QWidget):
    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        title = QLabel("Paramètres")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.identity = QLabel()
        self.identity.setWordWrap(True)
        box = QGroupBox("Mission Locale")
        QVBoxLayout(box).addWidget(self.identity)
        layout.addWidget(box)
        self.sites = QLabel()
        self.sites.setWordWrap(True)
        box2 = QGroupBox("Sites")
        QVBoxLayout(box2).addWidget(self.sites)
        layout.addWidget(box2)
        self.users = QLabel()
        self.users.setWordWrap(True)
        box3 = QGroupBox("Utilisateurs")
        QVBoxLayout(box3).addWidget(self.users)
        layout.addWidget(box3)
        edit = QPushButton("Modifier les paramètres… (Ctrl+,)")
        edit.clicked.connect(window.open_settings)
        layout.addWidget(edit)
        box4 = QGroupBox("Données personnelles")
        privacy = QVBoxLayout(box4)
        self.echus = QLabel()
        self.echus.setWordWrap(True)
        privacy.addWidget(self.echus)
        self.anonymise_button = QPushButton("Anonymiser les dossiers échus…")
        self.anonymise_button.clicked.connect(lambda: self.open_item("anonymiser", None))
        privacy.addWidget(self.anonymise_button)
        layout.addWidget(box4)
        box5 = QGroupBox("Territoire")
        territory = QVBoxLayout(box5)
        self.territoire = QLabel()
        self.territoire.setWordWrap(True)
        territory.addWidget(self.territoire)
        self.territoire_button = QPushButton("Choisir les communes du territoire…")
        self.territoire_button.clicked.connect(self.edit_territoire)
        territory.addWidget(self.territoire_button)
        layout.addWidget(box5)
        layout.addStretch(1)
        self.window_ = window

    def open_item(self, kind: str, _value) -> None:
        """``("anonymiser", None)``: the anonymisation of the files past their keeping time."""
        if kind == "anonymiser":
            self.window_.anonymise_due_files()

    def edit_territoire(self) -> None:
        from ..dialogs.territoire_dialog import TerritoireDialog
        dialog = TerritoireDialog(self.services, self)
        if dialog.exec():
            self.refresh()

    def refresh(self) -> None:
        self.territoire.setText(self.services.territoire.get().summary())
        from ...domain import retention
        n = self.services.maintenance.count_echus()
        rule = retention.rule(self.services.settings.durees())
        self.echus.setText(f"{rule} " + (f"<b>{retention.dossiers(n, 'échu')}</b> à anonymiser."
                                                   if n else "Aucun dossier échu aujourd'hui."))
        s = self.services.settings
        org = s.organisation().fields
        if org.nom:
            self.identity.setText(
                f"<b>{org.nom}</b><br>{org.adresse or ''} {org.code_postal or ''} {org.commune or ''}<br>"
                f"Département : {org.departement or '—'} — Service public de l'emploi : {org.libelle_service_emploi}")
        else:
            self.identity.setText("Aucune Mission Locale n'est encore renseignée : cliquez sur « Modifier les paramètres ».")
        sites = s.sites()
        self.sites.setText("<br>".join(f"{x.nom} — {x.type_label}{'' if x.actif else ' (inactif)'}" for x in sites)
                           or "Aucun site : ajoutez le siège, les antennes et les points d'accueil.")
        users = s.utilisateurs()
        self.users.setText("<br>".join(f"{u.nom_complet} — {u.role_label} — {u.email}" for u in users)
                           or "Aucun utilisateur : ajoutez les conseillers, l'agent dédié France Travail et la direction.")
