"""Paramètres: the Mission Locale's identity, its sites and the people who use the app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from ...domain import referentiel as ref
from ...domain.errors import DomainError
from .forms import ErrorLabel, text
from .messages import say_saved


class OrganisationTab(QWidget):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        data = services.settings.organisation()
        self.version = data.version
        f = data.fields
        form = QFormLayout(self)
        self.fields = {
            "nom": QLineEdit(f.nom), "adresse": QLineEdit(f.adresse or ""),
            "code_postal": QLineEdit(f.code_postal or ""), "commune": QLineEdit(f.commune or ""),
            "departement": QLineEdit(f.departement or ""), "telephone": QLineEdit(f.telephone or ""),
            "email": QLineEdit(f.email or ""), "logo_path": QLineEdit(f.logo_path or ""),
            "libelle_service_emploi": QLineEdit(f.libelle_service_emploi or ref.DEFAULT_SERVICE_EMPLOI),
        }
        self.fields["code_postal"].setMaxLength(5)
        labels = {"nom": "&Nom de la Mission Locale *", "adresse": "&Adresse", "code_postal": "Code &postal",
                  "commune": "&Commune", "departement": "&Département", "telephone": "&Téléphone",
                  "email": "&E-mail", "logo_path": "&Logo (image)",
                  "libelle_service_emploi": "Libellé du service public de l'&emploi"}
        for key, widget in self.fields.items():
            if key == "logo_path":
                row = QHBoxLayout()
                row.addWidget(widget)
                browse = QPushButton("Parcourir…")
                browse.clicked.connect(self._choose_logo)
                row.addWidget(browse)
                form.addRow(labels[key], row)
            else:
                form.addRow(labels[key], widget)
        self.fields["libelle_service_emploi"].setToolTip("Par défaut « France Travail » (ex-Pôle emploi)")
        self.error = ErrorLabel()
        form.addRow(self.error)

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Logo de la Mission Locale", "",
                                              "Images (*.png *.jpg *.jpeg)")
        if path:
            self.fields["logo_path"].setText(path)

    def save(self) -> bool:
        values = {k: text(w) for k, w in self.fields.items()}
        values["nom"] = values["nom"] or ""
        values["libelle_service_emploi"] = values["libelle_service_emploi"] or ref.DEFAULT_SERVICE_EMPLOI
        try:
            saved = self.services.settings.save_organisation(ref.OrganisationInput(**values), self.version)
        except DomainError as err:
            self.error.show_error(err, self.fields)
            return False
        self.version = saved.version
        self.error.clear_error(self.fields)
        return True


class RecordsTab(QWidget):
    """A list of records on the left, the edit form on the right (sites, users)."""

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.current = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda item, _p: self.load(item.data(Qt.ItemDataRole.UserRole) if item else None))
        left.addWidget(self.list)
        new = QPushButton(self.NEW_LABEL)
        new.clicked.connect(lambda: (self.list.clearSelection(), self.load(None)))
        left.addWidget(new)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        self.form = QFormLayout()
        self.fields = self.build_fields()
        right.addLayout(self.form)
        self.error = ErrorLabel()
        right.addWidget(self.error)
        right.addStretch(1)  # saved by the dialog's one « Enregistrer »
        layout.addLayout(right, 2)
        self.reload()
        self.load(None)

    def reload(self, select_id=None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for rec in self.records():
            item = QListWidgetItem(self.describe(rec))
            item.setData(Qt.ItemDataRole.UserRole, rec)
            self.list.addItem(item)
            if select_id is not None and rec.id == select_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def save(self) -> bool:
        try:
            rec = self.store(self.current)
        except DomainError as err:
            self.error.show_error(err, self.fields)
            return False
        self.error.clear_error(self.fields)
        self.reload(rec.id)
        self.current = rec
        return True


class SitesTab(RecordsTab):
    NEW_LABEL = "Nouveau site"

    def build_fields(self):
        self.type_box = QComboBox()
        for code, label in ref.TYPES_SITE:
            self.type_box.addItem(label, code)
        fields = {"nom": QLineEdit(), "type": self.type_box, "adresse": QLineEdit(),
                  "code_postal": QLineEdit(), "commune": QLineEdit(), "actif": QCheckBox("Site actif")}
        for key, label in (("nom", "&Nom *"), ("type", "&Type"), ("adresse", "&Adresse"),
                           ("code_postal", "Code &postal"), ("commune", "&Commune"), ("actif", "")):
            self.form.addRow(label, fields[key])
        return fields

    def records(self):
        return self.services.settings.sites()

    def describe(self, s) -> str:
        return f"{s.nom} ({s.type_label})" + ("" if s.actif else " — inactif")

    def load(self, s) -> None:
        self.current = s
        f = self.fields
        f["nom"].setText(s.nom if s else "")
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(s.type if s else "antenne")))
        f["adresse"].setText((s.adresse or "") if s else "")
        f["code_postal"].setText((s.code_postal or "") if s else "")
        f["commune"].setText((s.commune or "") if s else "")
        f["actif"].setChecked(s.actif if s else True)

    def store(self, s):
        f = self.fields
        data = ref.SiteInput(f["nom"].text(), self.type_box.currentData(), text(f["adresse"]),
                             text(f["code_postal"]), text(f["commune"]), f["actif"].isChecked())
        return self.services.settings.save_site(data, s.id if s else None, s.version if s else None)


class UsersTab(RecordsTab):
    NEW_LABEL = "Nouvel utilisateur"

    def build_fields(self):
        self.role_box = QComboBox()
        for code, label in ref.ROLES:
            self.role_box.addItem(label, code)
        self.site_box = QComboBox()
        fields = {"nom": QLineEdit(), "prenom": QLineEdit(), "email": QLineEdit(),
                  "role": self.role_box, "site_id": self.site_box, "actif": QCheckBox("Compte actif")}
        for key, label in (("nom", "&Nom *"), ("prenom", "&Prénom *"), ("email", "&E-mail *"),
                           ("role", "&Rôle"), ("site_id", "&Site habituel"), ("actif", "")):
            self.form.addRow(label, fields[key])
        return fields

    def refresh_sites(self) -> None:
        self.site_box.clear()
        self.site_box.addItem("(aucun)", None)
        for s in self.services.settings.sites():
            self.site_box.addItem(s.nom, s.id)

    def records(self):
        return self.services.settings.utilisateurs()

    def describe(self, u) -> str:
        return f"{u.nom_complet} — {u.role_label}" + ("" if u.actif else " — inactif")

    def load(self, u) -> None:
        if self.site_box.count() == 0:
            self.refresh_sites()
        self.current = u
        f = self.fields
        f["nom"].setText(u.nom if u else "")
        f["prenom"].setText(u.prenom if u else "")
        f["email"].setText(u.email if u else "")
        self.role_box.setCurrentIndex(max(0, self.role_box.findData(u.role if u else "conseiller")))
        sid = u.site_id if u else None
        self.site_box.setCurrentIndex(next((i for i in range(self.site_box.count())
                                            if self.site_box.itemData(i) == sid), 0))
        f["actif"].setChecked(u.actif if u else True)

    def store(self, u):
        f = self.fields
        data = ref.UtilisateurInput(f["nom"].text(), f["prenom"].text(), f["email"].text(),
                                    self.role_box.currentData(), self.site_box.currentData(),
                                    f["actif"].isChecked())
        return self.services.settings.save_utilisateur(data, u.id if u else None, u.version if u else None)


class PreferencesTab(QWidget):
    """Thresholds and partner details: relance delays, alert windows, FASTT address, logos."""

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        form = QFormLayout()
        values = services.settings.preferences()
        self.fields: dict[str, QLineEdit] = {}
        for pref in ref.PREFERENCES:
            edit = QLineEdit("" if values[pref.key] is None else str(values[pref.key]))
            edit.setToolTip(pref.help or pref.label)
            self.fields[pref.key] = edit
            form.addRow(pref.label, edit)
        layout.addLayout(form)
        layout.addWidget(self._logos_box())
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        # A keeping time below the legal minimum is saved, and said (domain.retention).
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5a00;")
        self.warning.hide()
        layout.addWidget(self.warning)
        layout.addStretch(1)  # saved by the dialog's one « Enregistrer »

    def _logos_box(self) -> QWidget:
        from PySide6.QtWidgets import QGroupBox
        box = QGroupBox("Logos des partenaires (page de garde des bilans, fiches FASTT)")
        form = QFormLayout(box)
        self.logo_fields: dict[str, QLineEdit] = {}
        try:
            logos = self.services.bilans.partner_logos()
        except (AttributeError, ImportError):
            logos = []
        for key, label, path in logos:
            edit = QLineEdit(path or "")
            edit.setPlaceholderText("aucun : le nom du partenaire est écrit à la place")
            row = QHBoxLayout()
            row.addWidget(edit)
            browse = QPushButton("Choisir…")
            browse.clicked.connect(lambda _c=False, k=key: self._choose_logo(k))
            row.addWidget(browse)
            form.addRow(label, row)
            self.logo_fields[key] = edit
        return box

    def _choose_logo(self, key: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Logo du partenaire", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.logo_fields[key].setText(path)

    def save(self) -> bool:
        try:
            warnings = self.services.settings.save_preferences({k: w.text() for k, w in self.fields.items()})
            for key, edit in self.logo_fields.items():
                self.services.bilans.set_partner_logo(key, text(edit))
        except DomainError as err:
            self.error.show_error(err, {**self.fields, **{"logo": w for w in self.logo_fields.values()}})
            return False
        self.error.clear_error(self.fields)
        self.warning.setText("\n".join(warnings or ()))
        self.warning.setVisible(bool(warnings))
        return True


class SettingsDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Paramètres")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.organisation = OrganisationTab(services)
        self.sites = SitesTab(services)
        self.users = UsersTab(services)
        self.tabs.addTab(self.organisation, "&Mission Locale")
        self.tabs.addTab(self.sites, "&Sites")
        self.tabs.addTab(self.users, "&Utilisateurs")
        self.preferences = PreferencesTab(services)
        self.tabs.addTab(self.preferences, "Seuils et &partenaires")
        self.tabs.currentChanged.connect(lambda i: self.users.refresh_sites() if i == 2 else None)
        layout.addWidget(self.tabs)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                                  | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Enregistrer")
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(
            "Enregistre l'onglet affiché (Ctrl+S)")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.accepted.connect(self.save_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_current)
        self.tabs.currentChanged.connect(lambda _i: self.status.clear())

    def save_current(self) -> bool:
        """The one save of Paramètres: what the visible tab shows (the Mission Locale, the site
        or user being edited, the thresholds and logos)."""
        tab = self.tabs.currentWidget()
        name = self.tabs.tabText(self.tabs.currentIndex()).replace("&", "")
        if not hasattr(tab, "save") or not tab.save():
            self.status.clear()
            return False
        self.status.setText(f"Enregistré : {name}.")
        say_saved(self.parentWidget(), f"Paramètres enregistrés : {name}.")
        if tab is self.organisation and not self.services_has_sites():
            self.tabs.setCurrentWidget(self.sites)  # first run: the sites come next
        return True

    def _save_org(self) -> None:
        self.tabs.setCurrentWidget(self.organisation)
        self.save_current()

    def services_has_sites(self) -> bool:
        return self.sites.list.count() > 0
