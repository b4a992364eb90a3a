"""Forms of the employer partnerships: a partner event (forum, job training, visite…) and a CV
transmitted to a company — only with the young person's explicit, dated consent."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget,
)

from ...domain import partenariats as dom
from ...domain.dates import format_date
from ...domain.errors import DomainError
from ..dialogs.forms import date_edit, get_date, set_date, text
from .common import FormDialog, SearchPicker, code_combo, set_combo
from .offre_dialog import EntrepriseField

TITLE_HINTS = {
    "forum": "ex. Forum Emploi & Diversité {year}",
    "job_training": "ex. Job Training – nom de l'entreprise",
    "info_collective": "ex. Petit-déjeuner entreprises et Mission Locale",
    "visite": "ex. Visite d'entreprise – nom de l'entreprise",
    "parrainage": "ex. Lancement d'une promotion de parrainage {year}",
    "autre": "Intitulé de l'action",
}


class CompanyField(EntrepriseField):
    """The employer field of the offers, telling when the choice changes, with « Retirer »."""

    changed = Signal(object)

    def __init__(self, services, parent=None, removable: bool = False):
        super().__init__(services, parent)
        if removable:
            clear = QPushButton("Retirer")
            clear.setToolTip("Aucune entreprise en particulier")
            clear.clicked.connect(lambda: self.set(None, ""))
            self.layout().addWidget(clear)

    def set(self, entreprise_id, label: str | None = None) -> None:
        super().set(entreprise_id, label)
        self.changed.emit(entreprise_id)


class JeuneField(QWidget):
    """The chosen young person and « Choisir… », which opens a search by name."""

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.jeune_id = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(placeholderText="Aucun jeune choisi")
        self.edit.setReadOnly(True)
        self.button = QPushButton("Choisir…")
        self.button.clicked.connect(self.choose)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.button)

    def choose(self) -> None:
        def search(q):
            return [(j.id, j.describe()) for j in self.services.mises_en_relation.search_jeunes(q, 50)]
        picker = SearchPicker("Choisir le jeune", search, "Tapez le nom ou le prénom…", self)
        if picker.exec() and picker.chosen:
            self.set(*picker.chosen)

    def set(self, jeune_id, label: str) -> None:
        self.jeune_id = jeune_id
        self.edit.setText(label)
        self.edit.setCursorPosition(0)


def _count_box(value: int) -> QSpinBox:
    box = QSpinBox(minimum=0, maximum=dom.MAX_PARTICIPANTS)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    return box


class EvenementDialog(FormDialog):
    """A partner event: network, type, title, date, company (optional), participants."""

    def __init__(self, services, evenement=None, reseau: str | None = None, parent=None):
        super().__init__("Modifier l'événement" if evenement else "Nouvel événement partenaire", parent)
        self.services, self.evenement = services, evenement
        today = services.ctx.today()
        self.fields = f = {
            "reseau": code_combo(dom.RESEAUX_PARTENAIRES), "type": code_combo(dom.TYPES_EVENEMENT),
            "titre": QLineEdit(maxLength=200), "date": date_edit(today, optional=False),
            "entreprise": CompanyField(services, removable=True),
            "nb_jeunes": _count_box(0), "nb_entreprises": _count_box(0),
        }
        f["type"].currentIndexChanged.connect(lambda _i: self._hint())
        f["entreprise"].edit.setPlaceholderText("Aucune en particulier")
        for key, label in (("reseau", "&Réseau *"), ("type", "&Type *"), ("titre", "T&itre *"),
                           ("date", "&Date *"), ("entreprise", "&Entreprise d'accueil"),
                           ("nb_jeunes", "&Jeunes participants"), ("nb_entreprises", "Entreprises &participantes")):
            self.form.addRow(label, f[key])
        self.resize(660, self.sizeHint().height())
        if evenement is not None:
            self._load(evenement)
        elif reseau:
            set_combo(f["reseau"], reseau)
        self._hint()

    def _load(self, e) -> None:
        f = self.fields
        set_combo(f["reseau"], e.reseau)
        set_combo(f["type"], e.type)
        f["titre"].setText(e.titre)
        set_date(f["date"], e.date)
        f["entreprise"].set(e.entreprise_id, e.entreprise or "")
        f["nb_jeunes"].setValue(e.nb_jeunes)
        f["nb_entreprises"].setValue(e.nb_entreprises)

    def _hint(self) -> None:
        hint = TITLE_HINTS.get(self.fields["type"].currentData(), "")
        self.fields["titre"].setPlaceholderText(hint.format(year=self.services.ctx.today().year))

    def input(self) -> dom.EvenementInput:
        f = self.fields
        return dom.EvenementInput(
            reseau=f["reseau"].currentData(), type=f["type"].currentData(), titre=text(f["titre"]),
            date=get_date(f["date"]), nb_jeunes=f["nb_jeunes"].value(),
            nb_entreprises=f["nb_entreprises"].value(), entreprise_id=f["entreprise"].entreprise_id)

    def save(self, force: bool = False):
        e = self.evenement
        return self.services.partenariats.save_evenement(self.input(), e.id if e else None,
                                                         e.version if e else None)


class ConsentField(QWidget):
    """« Le jeune a donné son accord explicite » and the day of that consent (default today)."""

    def __init__(self, today, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox("Accord explicite du jeune, donné le")
        self.date = date_edit(today, optional=False)
        self.date.set_maximum(today)
        self.date.setEnabled(False)
        self.box.toggled.connect(self.date.setEnabled)
        row.addWidget(self.box)
        row.addWidget(self.date)
        row.addStretch(1)
        self.setFocusProxy(self.box)

    def value(self):
        """The consent date, or None when the box is not ticked."""
        return get_date(self.date) if self.box.isChecked() else None


class TransmissionDialog(FormDialog):
    """Transmit a young person's CV to a company (optionally for one of its offers)."""

    def __init__(self, services, parent=None):
        super().__init__("Transmettre un CV à une entreprise", parent)
        self.services = services
        today = services.ctx.today()
        self.fields = f = {
            "jeune": JeuneField(services), "entreprise": CompanyField(services), "offre": QComboBox(),
            "date": date_edit(today, optional=False), "date_consentement": ConsentField(today),
        }
        f["date"].set_maximum(today)
        f["entreprise"].changed.connect(self._fill_offres)
        self._fill_offres(None)
        for key, label in (("jeune", "&Jeune *"), ("entreprise", "&Entreprise *"), ("offre", "&Offre"),
                           ("date", "&Date de transmission *"), ("date_consentement", "&Consentement *")):
            self.form.addRow(label, f[key])
        note = QLabel("Le CV n'est transmis qu'avec l'accord explicite du jeune. Seul le CV est "
                      "communiqué : aucune note de son dossier n'est transmise à l'entreprise.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.layout_.insertWidget(1, note)
        self.buttons.button(self.buttons.StandardButton.Ok).setText("Enregistrer la transmission")
        self.resize(620, self.sizeHint().height())

    def _fill_offres(self, entreprise_id) -> None:
        box = self.fields["offre"]
        box.clear()
        box.addItem("— aucune offre en particulier —", None)
        if entreprise_id is None:
            return
        for o in self.services.offres.for_entreprise(entreprise_id):
            box.addItem(f"{o.intitule} — recueillie le {format_date(o.date_recueil)} ({o.statut_label})", o.id)

    def save(self, force: bool = False):
        f = self.fields
        if f["jeune"].jeune_id is None:
            raise DomainError("Jeune : choisissez le jeune dont le CV est transmis.", "jeune")
        if f["entreprise"].entreprise_id is None:
            raise DomainError("Entreprise : choisissez l'entreprise destinataire du CV.", "entreprise")
        data = dom.TransmissionInput(get_date(f["date"]), f["date_consentement"].value())
        return self.services.partenariats.transmettre_cv(f["jeune"].jeune_id, f["entreprise"].entreprise_id,
                                                         data, f["offre"].currentData())


PLAN_RESEAUX = tuple((c, l) for c, l in dom.RESEAUX_PARTENAIRES if c in dom.RESEAUX_CONVENTION)


class ObjectifPlanDialog(FormDialog):
    """One objective of a network's annual action plan: nature, wording, indicator, target and,
    for an « autre » indicator only, the figure achieved (the others are counted)."""

    def __init__(self, services, year: int, objectif=None, reseau: str | None = None, parent=None):
        super().__init__("Modifier l'objectif" if objectif else "Nouvel objectif du plan d'action", parent)
        self.services, self.objectif, self.year = services, objectif, year
        self.fields = f = {
            "reseau": code_combo(PLAN_RESEAUX), "nature": code_combo(dom.NATURES_OBJECTIF),
            "libelle": QLineEdit(maxLength=200), "indicateur": code_combo(dom.INDICATEURS_PLAN),
            "cible": QLineEdit(maxLength=9), "realise": QLineEdit(maxLength=9),
        }
        f["libelle"].setPlaceholderText("ex. Organiser 4 petits-déjeuners entreprises")
        f["cible"].setPlaceholderText("nombre visé sur l'année")
        f["realise"].setPlaceholderText("compté par MILO Desktop")
        f["indicateur"].currentIndexChanged.connect(lambda _i: self._realise_enabled())
        for key, label in (("reseau", "&Réseau *"), ("nature", "&Nature *"), ("libelle", "&Objectif *"),
                           ("indicateur", "&Indicateur *"), ("cible", "&Cible *"),
                           ("realise", "Réalisé (indicateur « autre »)")):
            self.form.addRow(label, f[key])
        if objectif is not None:
            set_combo(f["reseau"], objectif.reseau)
            set_combo(f["nature"], objectif.nature)
            f["libelle"].setText(objectif.libelle)
            set_combo(f["indicateur"], objectif.indicateur)
            f["cible"].setText(str(objectif.cible))
            f["realise"].setText("" if objectif.realise_saisi is None else str(objectif.realise_saisi))
        elif reseau in dom.RESEAUX_CONVENTION:
            set_combo(f["reseau"], reseau)
        self._realise_enabled()
        self.resize(620, self.sizeHint().height())

    def _realise_enabled(self) -> None:
        typed = self.fields["indicateur"].currentData() == "autre"
        self.fields["realise"].setEnabled(typed)
        self.fields["realise"].setPlaceholderText("" if typed else "compté par MILO Desktop")
        if not typed:
            self.fields["realise"].clear()

    def input(self) -> dom.ObjectifPlanInput:
        f = self.fields
        return dom.ObjectifPlanInput(self.year, f["reseau"].currentData(), f["nature"].currentData(),
                                     text(f["libelle"]), f["indicateur"].currentData(),
                                     text(f["cible"]), text(f["realise"]))

    def save(self, force: bool = False):
        o = self.objectif
        return self.services.partenariats.save_objectif_plan(self.input(), o.id if o else None,
                                                             o.version if o else None)
