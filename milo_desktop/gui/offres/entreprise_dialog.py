"""The employer's sheet: identity (SIRET checked, duplicate warning), contacts, its offers and the
mises en relation on them, and the printable sheet."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTabWidget,
    QVBoxLayout, QWidget,
)

from ...domain.entreprises import RESEAUX, TRANCHES_EFFECTIF, ContactInput, EntrepriseInput
from ...domain.errors import DomainError
from ..dialogs.forms import text
from ..dialogs.messages import confirm, show_error
from .common import RESULT_COLOURS, FormDialog, RecordTable, button_row, code_combo, set_combo
from ..dialogs import files


class ContactDialog(FormDialog):
    def __init__(self, services, entreprise_id, contact=None, parent=None):
        super().__init__("Modifier le contact" if contact else "Nouveau contact", parent)
        self.services, self.entreprise_id, self.contact = services, entreprise_id, contact
        c = contact.fields if contact else ContactInput()
        self.fields = {"nom": QLineEdit(c.nom or ""), "fonction": QLineEdit(c.fonction or ""),
                       "telephone": QLineEdit(c.telephone or ""), "email": QLineEdit(c.email or "")}
        for label, key in (("&Nom *", "nom"), ("&Fonction", "fonction"), ("&Téléphone", "telephone"),
                           ("&E-mail", "email")):
            self.form.addRow(label, self.fields[key])
        if contact:
            self.fields["telephone"].setText(contact.telephone_affiche)

    def save(self, force: bool = False):
        data = ContactInput(**{k: text(w) for k, w in self.fields.items()})
        return self.services.entreprises.save_contact(
            self.entreprise_id, data, self.contact.id if self.contact else None,
            self.contact.version if self.contact else None)


class EntrepriseDialog(FormDialog):
    def __init__(self, services, entreprise_id=None, parent=None):
        super().__init__("Fiche entreprise" if entreprise_id else "Nouvelle entreprise", parent)
        self.services = services
        self.entreprise_id = entreprise_id
        self.current = services.entreprises.get(entreprise_id) if entreprise_id else None
        self.changed_something = False
        self.resize(900, 600 if entreprise_id else 480)
        self.tabs = QTabWidget()
        self.form.addRow(self.tabs)
        self.tabs.addTab(self._identity(), "Identité")
        if self.current is not None:
            self._extra_tabs()
            self.reload()
        else:
            hint = QLabel("Les contacts, les offres et les mises en relation s'ajoutent une fois "
                          "l'entreprise enregistrée (rouvrez sa fiche depuis la liste).")
            hint.setWordWrap(True)
            self.form.addRow(hint)
        self.fields["raison_sociale"].setFocus()

    # --- identity -------------------------------------------------------------------------
    def _identity(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        f = self.current.fields if self.current else EntrepriseInput()
        self.fields = {
            "raison_sociale": QLineEdit(f.raison_sociale or ""),
            "siret": QLineEdit(self.current.siret_affiche if self.current else "", placeholderText="14 chiffres"),
            "naf": QLineEdit(f.naf or "", placeholderText="ex. 47.24Z"),
            "effectif": code_combo(TRANCHES_EFFECTIF, "— non renseigné —"),
            "adresse": QLineEdit(f.adresse or ""), "code_postal": QLineEdit(f.code_postal or "", maxLength=5),
            "commune": QLineEdit(f.commune or ""), "reseau": code_combo(RESEAUX, "— non renseigné —"),
            "notes": QPlainTextEdit(f.notes or ""),
        }
        set_combo(self.fields["effectif"], f.effectif)
        set_combo(self.fields["reseau"], f.reseau)
        self.fields["notes"].setTabChangesFocus(True)
        for label, key in (("&Raison sociale *", "raison_sociale"), ("&SIRET", "siret"), ("Code &NAF", "naf"),
                           ("&Effectif", "effectif"), ("&Adresse", "adresse"), ("Code &postal", "code_postal"),
                           ("&Commune", "commune"), ("Ré&seau", "reseau"), ("N&otes", "notes")):
            form.addRow(label, self.fields[key])
        return page

    def input(self) -> EntrepriseInput:
        values = {k: text(w) for k, w in self.fields.items() if isinstance(w, QLineEdit)}
        values.update(effectif=self.fields["effectif"].currentData(), reseau=self.fields["reseau"].currentData(),
                      notes=self.fields["notes"].toPlainText().strip() or None)
        return EntrepriseInput(**values)

    def save(self, force: bool = False):
        self.tabs.setCurrentIndex(0)
        return self.services.entreprises.save(self.input(), self.entreprise_id,
                                              self.current.version if self.current else None, force)

    # --- contacts, offers, mises en relation --------------------------------------------------
    def _extra_tabs(self) -> None:
        self.contacts = RecordTable(["Nom", "Fonction", "Téléphone", "E-mail"], [170, 150, 120])
        self.contacts.opened.connect(self.edit_contact)
        add, edit, delete = QPushButton("Ajouter un contact…"), QPushButton("Modifier…"), QPushButton("Supprimer")
        add.clicked.connect(lambda: self.edit_contact(None))
        edit.clicked.connect(lambda: self.edit_contact(self.contacts.current_id()))
        delete.clicked.connect(self.delete_contact)
        self.tabs.addTab(self._page(self.contacts, add, edit, delete), "Contacts")
        self.offres = RecordTable(["Recueillie le", "Intitulé", "ROME", "Contrat", "Statut", "N° FT", "MER"],
                                  [90, 220, 60, 80, 160, 80])
        self.offres.opened.connect(self.open_offre)
        new_offre = QPushButton("Nouvelle offre…")
        new_offre.clicked.connect(self.new_offre)
        self.tabs.addTab(self._page(self.offres, new_offre), "Offres")
        self.mer = RecordTable(["Date", "Jeune", "Offre", "Résultat", "Conseiller"], [90, 160, 200, 220])
        self.mer_summary = QLabel()
        self.tabs.addTab(self._page(self.mer, self.mer_summary), "Mises en relation")
        self.print_button = self.buttons.addButton("Imprimer la fiche…", self.buttons.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_sheet)
        self.status = QLabel()
        self.layout_.insertWidget(self.layout_.count() - 1, self.status)

    @staticmethod
    def _page(table, *buttons) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(button_row(*buttons))
        return page

    def reload(self) -> None:
        sheet = self.services.entreprises.sheet(self.entreprise_id)
        self.current = sheet.entreprise
        self.contacts.set_rows([(c.id, [c.fields.nom, c.fields.fonction, c.telephone_affiche, c.fields.email], None)
                                for c in sheet.entreprise.contacts])
        self.offres.set_rows([(o.id, [o.date_recueil, o.intitule, o.code_rome, f"{o.type_contrat} / {o.nature_contrat}",
                                      o.statut_label, o.numero_ft, o.nb_mer], None) for o in sheet.offres])
        self.mer.set_rows([(m.id, [m.date, m.jeune, m.intitule, m.resultat_text, m.conseiller],
                            RESULT_COLOURS.get(m.resultat)) for m in sheet.mises_en_relation])
        plus = sum(1 for m in sheet.mises_en_relation if m.resultat == "retenu")
        self.mer_summary.setText(f"{len(sheet.mises_en_relation)} mise(s) en relation, dont {plus} positive(s) (MER+).")
        self.tabs.setTabText(1, f"Contacts ({len(sheet.entreprise.contacts)})")
        self.tabs.setTabText(2, f"Offres ({len(sheet.offres)})")
        self.tabs.setTabText(3, f"Mises en relation ({len(sheet.mises_en_relation)})")

    def edit_contact(self, contact_id) -> None:
        contact = next((c for c in self.current.contacts if c.id == contact_id), None)
        if contact_id is not None and contact is None:
            return
        if ContactDialog(self.services, self.entreprise_id, contact, self).exec():
            self.reload()

    def delete_contact(self) -> None:
        contact_id = self.contacts.current_id()
        if contact_id is None or not confirm(self, "Supprimer le contact", "Supprimer ce contact ?", "Supprimer"):
            return
        self.services.entreprises.delete_contact(contact_id)
        self.reload()

    def new_offre(self) -> None:
        from .offre_dialog import OffreDialog
        if OffreDialog(self.services, entreprise_id=self.entreprise_id, parent=self).exec():
            self.changed_something = True
            self.reload()

    def open_offre(self, offre_id) -> None:
        from .offre_sheet import OffreSheet
        sheet = OffreSheet(self.services, offre_id, self)
        sheet.exec()
        if sheet.changed_something:
            self.changed_something = True
        self.reload()

    def print_sheet(self) -> None:
        name = "".join(ch if ch.isalnum() else "_" for ch in self.current.raison_sociale)[:40]
        path, _ = files.getSaveFileName(self, "Imprimer la fiche entreprise", f"fiche_{name}.pdf",
                                              "PDF (*.pdf)")
        if not path:
            return
        try:
            self.services.entreprises.print_sheet(self.entreprise_id, path)
        except (DomainError, OSError) as err:
            show_error(self, err)
            return
        self.status.setText(f"Fiche enregistrée dans {path}")
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
