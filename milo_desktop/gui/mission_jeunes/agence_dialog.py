"""Dialogs: an agence d'emploi, one of its conventions (annex 2), a young person's orientation."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox

from ...domain import conventions as cv
from ...domain.dates import format_date
from ...domain.errors import DomainError
from ...services.agences import AgenceInput
from ..dialogs.forms import date_edit, get_date
from .common import FormDialog, agency_combo, line, phone_text, select_data

AGENCE_LABELS = (
    ("nom", "&Nom de l'agence *", 200, "ex. Interim Services Foix"),
    ("reseau", "&Enseigne / réseau", 100, "ex. Adecco, Manpower, indépendante…"),
    ("siret", "&SIRET", 20, "14 chiffres"),
    ("adresse", "&Adresse", 300, ""),
    ("code_postal", "Code &postal", 5, ""),
    ("commune", "&Commune", 120, ""),
    ("contact_nom", "C&ontact à l'agence", 150, "Nom et fonction"),
    ("contact_telephone", "&Téléphone du contact", 30, "ex. 05 61 12 34 56"),
    ("contact_email", "E-&mail du contact", 200, "ex. contact@agence.fr"),
)


class AgenceDialog(FormDialog):
    """Create or edit an agency; the référent emploi-alternance is a user of the Mission Locale."""

    def __init__(self, services, agence=None, parent=None):
        super().__init__("Agence d'emploi" if agence is None else f"Agence « {agence.nom} »", parent)
        self.services, self.agence = services, agence
        for key, label, size, placeholder in AGENCE_LABELS:
            value = getattr(agence, key, None) if agence else None
            value = phone_text(value) if key == "contact_telephone" else value
            self.add(key, label, line(value, placeholder, size))
        self.referent = QComboBox()
        self.referent.addItem("— aucun —", None)
        for u in services.settings.utilisateurs(only_active=True):
            self.referent.addItem(u.nom_complet, u.id)
        current = agence.referent_id if agence else services.ctx.user.id
        select_data(self.referent, current)
        self.add("referent_id", "&Référent emploi-alternance (Mission Locale)", self.referent)
        self.resize(520, self.sizeHint().height())

    def save(self):
        values = {k: self.fields[k].text() for k, *_ in AGENCE_LABELS}
        data = AgenceInput(**values, referent_id=self.referent.currentData())
        a = self.agence
        return self.services.agences.save_agence(data, a.id if a else None, a.version if a else None)


class ConventionDialog(FormDialog):
    """Signature date, duration, denunciation; shows the next anniversary and the last day to
    denounce as they will be computed."""

    def __init__(self, services, agence_id, convention=None, parent=None):
        super().__init__("Convention de partenariat (annexe 2)", parent)
        self.services, self.agence_id, self.convention = services, agence_id, convention
        today = services.ctx.today()
        self.signature = self.add("date_signature", "Date de &signature *",
                                  date_edit(convention.date_signature if convention else today, False))
        self.duree = QSpinBox(minimum=cv.DUREE_MIN, maximum=cv.DUREE_MAX, suffix=" an(s)")
        self.duree.setValue(convention.duree_annees if convention else 3)
        self.add("duree_annees", "&Durée", self.duree)
        self.denonciation = self.add("date_denonciation", "Date de d&énonciation",
                                     date_edit(convention.date_denonciation if convention else None))
        self.denonciation.setToolTip("Laisser vide tant que la convention n'est pas dénoncée")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.form.addRow(self.preview)
        self.setMinimumWidth(460)
        for w in (self.signature, self.denonciation):
            w.dateChanged.connect(lambda _d: self._preview())
        self.duree.valueChanged.connect(self._preview)
        self._preview()

    def _preview(self) -> None:
        today = self.services.ctx.today()
        try:
            conv = cv.validate_convention(get_date(self.signature), self.duree.value(), today,
                                          get_date(self.denonciation))
        except DomainError as err:
            self.preview.setText(err.message)
            return
        prochain = cv.prochain_anniversaire(conv, today)
        text = (f"Fin de la période initiale : {format_date(cv.echeance_initiale(conv))}. "
                f"Prochain anniversaire : {format_date(prochain)} ; dénonciation au plus tard le "
                f"{format_date(cv.date_limite_denonciation(prochain))}.")
        end = cv.date_fin(conv)
        if end is not None:
            text = f"Dénoncée : la convention prend fin le {format_date(end)}."
        self.preview.setText(text)

    def save(self):
        c = self.convention
        return self.services.agences.save_convention(
            self.agence_id, get_date(self.signature), self.duree.value(), get_date(self.denonciation),
            c.id if c else None, c.version if c else None)


class OrientationDialog(FormDialog):
    """A young person oriented to an agency (counted in the annual evaluation)."""

    def __init__(self, services, jeune_id, parent=None):
        super().__init__("Orientation vers une agence d'emploi", parent)
        self.services, self.jeune_id = services, jeune_id
        self.agence = self.add("agence", "&Agence d'emploi *", agency_combo(services))
        self.when = self.add("date", "&Date", date_edit(services.ctx.today(), False))

    def save(self):
        if self.agence.currentData() is None:
            raise DomainError("Agence d'emploi : créez d'abord l'agence (page Mission Jeunes).", "agence")
        return self.services.agences.orienter(self.jeune_id, self.agence.currentData(),
                                              get_date(self.when))
