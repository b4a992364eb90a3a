"""Collecting or editing an offer, laid out like France Travail's offer form.

The delegation of the mise en relation is computed by the domain as the adviser types (nature
du contrat, MRS, plan d'action) and shown with its reason; otherwise the adviser decides.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from ...domain import offres as dom
from ..dialogs.forms import date_edit, get_date, set_date, text
from ..widgets.commune_field import CommuneLink, warning_label
from .common import FormDialog, SearchPicker, code_combo, set_combo
from .rome_picker import RomeField


class EntrepriseField(QWidget):
    """The chosen employer, « Choisir… » (search) and « Nouvelle… » (create); ``chosen`` is
    emitted with the id when the adviser picks or creates one."""

    chosen = Signal(object)

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.entreprise_id = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(placeholderText="Aucune entreprise choisie")
        self.edit.setReadOnly(True)
        self.choose_button = QPushButton("Choisir…")
        self.choose_button.clicked.connect(self.choose)
        self.new_button = QPushButton("Nouvelle…")
        self.new_button.clicked.connect(self.create)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.new_button)
        self.setFocusProxy(self.choose_button)

    def set(self, entreprise_id, label: str | None = None) -> None:
        self.entreprise_id = entreprise_id
        if entreprise_id is not None and label is None:
            label = self.services.entreprises.get(entreprise_id).raison_sociale
        self.edit.setText(label or "")

    def choose(self) -> None:
        def search(q):
            return [(c.id, c.describe()) for c in self.services.entreprises.choices(q, 60)]
        picker = SearchPicker("Choisir l'entreprise", search, "Raison sociale, SIRET ou commune…", self)
        if picker.exec() and picker.chosen:
            self.set(picker.chosen[0])
            self.chosen.emit(self.entreprise_id)

    def create(self) -> None:
        from .entreprise_dialog import EntrepriseDialog
        dialog = EntrepriseDialog(self.services, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.set(dialog.saved.id, dialog.saved.raison_sociale)
            self.chosen.emit(self.entreprise_id)


class OffreDialog(FormDialog):
    def __init__(self, services, offre_id=None, entreprise_id=None, parent=None):
        super().__init__("Modifier l'offre" if offre_id else "Recueillir une offre", parent)
        self.services = services
        self.offre = services.offres.get(offre_id) if offre_id else None
        self.resize(1040, 660)
        self._build()
        self._load(entreprise_id)
        self._update_delegation()
        self.fields["heures_hebdo"].setEnabled(not self.fields["temps_plein"].currentData())
        self.fields["entreprise" if self.fields["entreprise"].entreprise_id is None else "intitule"].setFocus()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        f = self.fields
        f["entreprise"] = EntrepriseField(self.services)
        f["intitule"] = QLineEdit(placeholderText="ex. Vendeur / Vendeuse en boulangerie")
        f["code_rome"] = RomeField(self.services)
        f["description"] = QPlainTextEdit()
        f["description"].setTabChangesFocus(True)
        f["description"].setMaximumHeight(90)
        f["type_contrat"] = code_combo(dom.TYPES_CONTRAT, "— choisir —", show_code=True)
        f["nature_contrat"] = code_combo(dom.NATURES_CONTRAT, "— choisir —", show_code=True)
        f["duree_mois"] = QLineEdit(placeholderText="en mois (CDD, intérim, saisonnier…)")
        f["temps_plein"] = QComboBox()
        f["temps_plein"].addItem("Temps plein", True)
        f["temps_plein"].addItem("Temps partiel", False)
        f["heures_hebdo"] = QLineEdit(placeholderText="ex. 24 ou 17,5")
        f["salaire"] = QLineEdit(placeholderText="ex. SMIC, 1 900 € brut mensuel")
        f["qualification"] = code_combo(dom.QUALIFICATIONS, "—", show_code=True)
        f["experience"] = code_combo(dom.EXPERIENCES, "—")
        f["nb_postes"] = QSpinBox(minimum=1, maximum=999)
        f["date_debut"] = date_edit(None)
        f["date_fin"] = date_edit(None)
        f["commune"] = QLineEdit()
        f["code_postal"] = QLineEdit(maxLength=5)
        f["source"] = code_combo(dom.SOURCES)
        f["date_recueil"] = date_edit(self.services.ctx.today(), optional=False)
        f["contact_nom"] = QLineEdit()
        f["contact_telephone"] = QLineEdit()
        f["contact_email"] = QLineEdit()
        f["mrs"] = QCheckBox("Recrutement par simulation (MRS)")
        f["plateforme"] = QComboBox()
        f["plan_action"] = QCheckBox("Offre recueillie dans un plan d'action partagé")
        f["delegation"] = QCheckBox("Déléguer la mise en relation à la Mission Locale (décision du conseiller)")
        self.delegation_label = QLabel(wordWrap=True)
        self.delegation_label.setObjectName("delegation")
        self.a_saisir = QCheckBox("Transmettre à l'agent dédié pour saisie chez France Travail")
        self.a_saisir.setChecked(True)
        columns = QHBoxLayout()
        columns.addLayout(self._left(), 3)
        columns.addLayout(self._right(), 2)
        self.form.addRow(columns)
        for key in ("nature_contrat",):
            f[key].currentIndexChanged.connect(self._update_delegation)
        f["mrs"].toggled.connect(self._update_delegation)
        f["plan_action"].toggled.connect(self._update_delegation)
        f["temps_plein"].currentIndexChanged.connect(
            lambda _i: f["heures_hebdo"].setEnabled(not f["temps_plein"].currentData()))

    def _group(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, key in rows:
            if label:
                form.addRow(label, self.fields[key])
            else:
                form.addRow(self.fields[key])
        return box

    def _left(self):
        col = QVBoxLayout()
        col.addWidget(self._group("Poste", [
            ("&Entreprise *", "entreprise"), ("&Intitulé *", "intitule"),
            ("Métier (&ROME) *", "code_rome"), ("&Descriptif", "description")]))
        col.addWidget(self._group("Contrat", [
            ("&Type de contrat *", "type_contrat"), ("&Nature du contrat *", "nature_contrat"),
            ("D&urée (mois)", "duree_mois"), ("Temps de travail", "temps_plein"),
            ("&Heures par semaine", "heures_hebdo"), ("Salaire", "salaire"),
            ("&Qualification", "qualification"), ("E&xpérience", "experience"),
            ("Nombre de &postes *", "nb_postes"), ("Date de dé&but", "date_debut"),
            ("Date de &fin de validité", "date_fin")]))
        return col

    def _right(self):
        col = QVBoxLayout()
        place = self._group("Lieu de travail", [("Code p&ostal", "code_postal"), ("&Commune", "commune")])
        self.commune_warning = warning_label()
        place.layout().addRow(self.commune_warning)
        self.commune_link = CommuneLink(self.fields["code_postal"], self.fields["commune"],
                                        self.commune_warning)
        col.addWidget(place)
        col.addWidget(self._group("Recueil", [
            ("&Source", "source"), ("Date de recueil *", "date_recueil"), ("Contact : nom", "contact_nom"),
            ("Contact : téléphone", "contact_telephone"), ("Contact : e-mail", "contact_email")]))
        box = self._group("Délégation de la mise en relation", [
            ("", "mrs"), ("Plateforme de vocation", "plateforme"), ("", "plan_action"), ("", "delegation")])
        box.layout().addRow(self.delegation_label)
        col.addWidget(box)
        if self.offre is None:
            col.addWidget(self.a_saisir)
        col.addStretch(1)
        return col

    # --- data -----------------------------------------------------------------------------
    def _load(self, entreprise_id) -> None:
        f = self.fields
        f["plateforme"].addItem("— aucune —", None)
        for p in self.services.mrs.plateformes():
            f["plateforme"].addItem(p.nom, p.id)
        set_combo(f["source"], "prospection_ml")
        f["entreprise"].chosen.connect(self._work_place_from_employer)
        if self.offre is None:
            if entreprise_id is not None:
                f["entreprise"].set(entreprise_id)
                self._work_place_from_employer(entreprise_id)
            return
        o, d = self.offre, self.offre.fields
        f["entreprise"].set(o.entreprise_id, o.entreprise)
        for key in ("intitule", "salaire", "commune", "code_postal", "contact_nom", "contact_email"):
            f[key].setText(getattr(d, key) or "")
        f["contact_telephone"].setText(d.contact_telephone or "")
        f["description"].setPlainText(d.description or "")
        f["code_rome"].set_code(d.code_rome)
        for key in ("type_contrat", "nature_contrat", "qualification", "experience", "source"):
            set_combo(f[key], getattr(d, key))
        f["duree_mois"].setText("" if d.duree_mois is None else str(d.duree_mois))
        f["heures_hebdo"].setText("" if d.heures_hebdo is None else f"{d.heures_hebdo:g}".replace(".", ","))
        set_combo(f["temps_plein"], bool(d.temps_plein))
        f["nb_postes"].setValue(int(d.nb_postes or 1))
        for key in ("date_debut", "date_fin", "date_recueil"):
            set_date(f[key], getattr(d, key))
        f["mrs"].setChecked(bool(d.mrs))
        set_combo(f["plateforme"], o.plateforme_id)
        f["plan_action"].setChecked(o.plan_action)
        f["delegation"].setChecked(o.delegation)

    def _work_place_from_employer(self, entreprise_id) -> None:
        """The work place starts as the employer's address; what the adviser typed is kept."""
        f = self.fields
        if entreprise_id is None or f["commune"].text().strip() or f["code_postal"].text().strip():
            return
        e = self.services.entreprises.get(entreprise_id).fields
        f["commune"].setText(e.commune or "")
        f["code_postal"].setText(e.code_postal or "")

    def _update_delegation(self) -> None:
        f = self.fields
        auto, reason = dom.delegation(f["nature_contrat"].currentData(), f["mrs"].isChecked(),
                                      f["plan_action"].isChecked())
        f["plateforme"].setEnabled(f["mrs"].isChecked())
        if not f["mrs"].isChecked():
            f["plateforme"].setCurrentIndex(0)
        f["delegation"].setEnabled(not auto)
        if auto:
            f["delegation"].setChecked(True)
            self.delegation_label.setText(f"<b>Délégation automatique</b> : {reason}.")
        else:
            self.delegation_label.setText("Pas de délégation automatique pour cette offre : "
                                          "le conseiller décide (case ci-dessus).")

    def input(self) -> dom.OffreInput:
        f = self.fields
        return dom.OffreInput(
            intitule=text(f["intitule"]), code_rome=f["code_rome"].code() or None,
            description=f["description"].toPlainText().strip() or None,
            type_contrat=f["type_contrat"].currentData(), nature_contrat=f["nature_contrat"].currentData(),
            duree_mois=text(f["duree_mois"]), temps_plein=bool(f["temps_plein"].currentData()),
            heures_hebdo=text(f["heures_hebdo"]) if not f["temps_plein"].currentData() else None,
            commune=text(f["commune"]), code_postal=text(f["code_postal"]), salaire=text(f["salaire"]),
            qualification=f["qualification"].currentData(), experience=f["experience"].currentData(),
            nb_postes=f["nb_postes"].value(), mrs=f["mrs"].isChecked(), source=f["source"].currentData(),
            date_recueil=get_date(f["date_recueil"]), date_debut=get_date(f["date_debut"]),
            date_fin=get_date(f["date_fin"]), contact_nom=text(f["contact_nom"]),
            contact_telephone=text(f["contact_telephone"]), contact_email=text(f["contact_email"]))

    def save(self, force: bool = False):
        f = self.fields
        options = dict(delegation_conseiller=f["delegation"].isChecked() and f["delegation"].isEnabled(),
                       plan_action=f["plan_action"].isChecked(),
                       plateforme_id=f["plateforme"].currentData(), force=force)
        entreprise_id = f["entreprise"].entreprise_id
        if self.offre is None:
            return self.services.offres.create(self.input(), entreprise_id,
                                               a_saisir=self.a_saisir.isChecked(), **options)
        return self.services.offres.update(self.offre.id, self.input(), entreprise_id,
                                           self.offre.version, **options)
