"""Small dialogs for each cotraitance step: a date (jj/mm/aaaa, today by default) and, depending
on the step, the affectation criteria, the new phase-2 state, a reason or France Travail's exit
reason. The dialog calls the service itself and stays open on a refusal, showing the French
message next to the field at fault."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QLabel, QLineEdit,
    QVBoxLayout,
)

from ...domain import cotraitance as dom
from ...domain.dates import format_date
from ...domain.errors import DomainError
from ..dialogs.forms import ErrorLabel, date_edit, get_date
from ..widgets.commune_field import CommuneLink, warning_label
from ..widgets.records import ok_cancel
from ..dialogs.messages import confirm

ACTION_LABELS = {
    "affecter": "&Affectation par France Travail…",
    "accepter": "A&ccepter l'affectation…",
    "refuser": "&Refuser l'affectation…",
    "initialiser": "&Initialiser le parcours…",
    "changer_etat": "C&hanger l'état…",
    "radiation": "Ra&diation / cessation…",
    "annuler_radiation": "Annuler la ra&diation",
    "sortir": "&Sortie (décision France Travail)…",
}


@dataclass(frozen=True)
class StepSpec:
    title: str
    intro: str
    date_label: str | None = "Date"
    criteres: bool = False
    etats: tuple[tuple[int, str], ...] = ()
    motif_label: str | None = None
    motif_sortie: bool = False


class StepDialog(QDialog):
    """``apply(values)`` runs the service; a DomainError keeps the dialog open with the message."""

    def __init__(self, spec: StepSpec, today, apply: Callable[[dict], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(spec.title)
        self.spec = spec
        self.apply = apply
        self.result_value = None
        self.setMinimumWidth(560)
        self._build(spec, today)

    def _build(self, spec: StepSpec, today) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(spec.intro)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.date = date_edit(today, optional=False, today=lambda: today) if spec.date_label else None
        if self.date is not None:
            form.addRow(spec.date_label + " :", self.date)
        self.criteres = self._criteres_box(layout) if spec.criteres else []
        self.etat = self._combo(spec.etats, "— choisir le nouvel état —") if spec.etats else None
        if self.etat is not None:
            form.addRow("Nouvel état :", self.etat)
        self.motif_sortie = (self._combo(dom.MOTIFS_SORTIE, "— motif décidé par France Travail —")
                             if spec.motif_sortie else None)
        if self.motif_sortie is not None:
            form.addRow("Motif de sortie :", self.motif_sortie)
            layout.addWidget(self._address_box())
        self.motif = QLineEdit(maxLength=300) if spec.motif_label else None
        if self.motif is not None:
            form.addRow(spec.motif_label + " :", self.motif)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Enregistrer", self.submit)
        layout.addWidget(self.buttons)

    def _address_box(self) -> QGroupBox:
        """For a « déménagement »: the new address, recorded on the file with the exit."""
        box = QGroupBox("Nouvelle adresse du jeune (déménagement)")
        form = QFormLayout(box)
        self.code_postal = QLineEdit(maxLength=5)
        self.code_postal.setFixedWidth(80)
        self.commune = QLineEdit(maxLength=100)
        warning = warning_label()
        self.commune_link = CommuneLink(self.code_postal, self.commune, warning)
        form.addRow("Code p&ostal :", self.code_postal)
        form.addRow("Co&mmune :", self.commune)
        form.addRow(warning)
        hint = QLabel("Hors du territoire de la Mission Locale (Paramètres ▸ Territoire). "
                      "Laissez vide si l'adresse de la fiche est déjà la nouvelle.")
        hint.setWordWrap(True)
        form.addRow(hint)
        box.setVisible(False)
        self.motif_sortie.currentIndexChanged.connect(
            lambda _i: box.setVisible(self.motif_sortie.currentData() == "demenagement"))
        self.address_box = box
        return box

    def _criteres_box(self, layout) -> list[QCheckBox]:
        box = QGroupBox("Critères d'affectation (au moins un, art. 4.1)")
        inner = QVBoxLayout(box)
        checks = []
        for code, label in dom.CRITERES:
            check = QCheckBox(f"{code}. {label}")
            check.setProperty("code", code)
            inner.addWidget(check)
            checks.append(check)
        layout.addWidget(box)
        self.criteres_group = box
        return checks

    @staticmethod
    def _combo(codes, placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(placeholder, None)
        for code, label in codes:
            combo.addItem(label, code)
        return combo

    # --- values and submission ----------------------------------------------------------------
    def values(self) -> dict:
        return {
            "date": get_date(self.date) if self.date is not None else None,
            "criteres": [c.property("code") for c in self.criteres if c.isChecked()],
            "etat": self.etat.currentData() if self.etat is not None else None,
            "motif": self.motif.text() if self.motif is not None else None,
            "motif_sortie": self.motif_sortie.currentData() if self.motif_sortie is not None else None,
            **self._address(),
        }

    def _address(self) -> dict:
        if self.motif_sortie is None or self.motif_sortie.currentData() != "demenagement":
            return {"code_postal": None, "commune": None}
        return {"code_postal": self.code_postal.text(), "commune": self.commune.text()}

    def fields(self) -> dict:
        """Domain field names -> widgets, to outline the one a message names."""
        found = {}
        if self.date is not None:
            for name in ("date_affectation", "date_acceptation", "date_refus", "date_initialisation",
                         "date_etat", "date_radiation", "date_sortie", "date d'affectation",
                         "date d'acceptation", "date de refus", "date d'initialisation",
                         "date du changement d'état", "date de radiation", "date de sortie"):
                found[name] = self.date
        if self.criteres:
            found["criteres"] = self.criteres_group
        if self.etat is not None:
            found["etat"] = self.etat
        if self.motif is not None:
            found.update(motif_refus=self.motif, motif_etat=self.motif)
        if self.motif_sortie is not None:
            found.update(motif_sortie=self.motif_sortie, code_postal=self.code_postal,
                         commune=self.commune)
        return found

    def submit(self) -> None:
        try:
            values = self.values()  # an incomplete or impossible date is refused here
        except DomainError as err:
            self.error.show_error(err, self.fields())
            self.adjustSize()
            return
        if self.spec.motif_sortie and values["motif_sortie"] and not self._confirm_exit(values):
            return
        try:
            self.result_value = self.apply(values)
        except DomainError as err:
            self.error.show_error(err, self.fields())
            self.adjustSize()
            return
        from ..dialogs.messages import say_saved
        say_saved(self.parentWidget(), f"Enregistré : {self.spec.title}.")
        self.accept()

    def _confirm_exit(self, values: dict) -> bool:
        when = format_date(values["date"]) or "(date manquante)"
        motif = dict(dom.MOTIFS_SORTIE)[values["motif_sortie"]]
        return confirm(self, "Confirmer la sortie",
                       f"Enregistrer la sortie de cotraitance au {when}, décidée par France Travail "
                       f"pour le motif « {motif} » ?\n\nLa cotraitance sera close : seule une "
                       "nouvelle affectation par France Travail pourra la reprendre.",
                       "Enregistrer la sortie")


# --- one spec per step ------------------------------------------------------------------------

def step_spec(action: str, detail) -> StepSpec:
    """The dialog of ``action`` for the current episode ``detail`` (None before any)."""
    current = detail.state.etat if detail is not None else None
    specs = {
        "affecter": StepSpec("Affectation en cotraitance",
                             "France Travail confie le suivi du PPAE du jeune à la Mission Locale. "
                             "Le jeune doit avoir de 16 à 25 ans à la date d'affectation.",
                             "Date d'affectation", criteres=True),
        "accepter": StepSpec("Acceptation de l'affectation", "La Mission Locale accepte l'affectation.",
                             "Date d'acceptation"),
        "refuser": StepSpec("Refus de l'affectation", "La Mission Locale refuse l'affectation : "
                            "indiquez le motif.", "Date du refus", motif_label="Motif du refus"),
        "initialiser": StepSpec("Initialisation du parcours", "Premier entretien : le jeune passe "
                                "en accompagnement actif (phase 2).", "Date du premier entretien"),
        "changer_etat": StepSpec("Changement d'état", "Chaque changement d'état est daté et motivé.",
                                 "Date du changement",
                                 etats=tuple(e for e in dom.ETATS if e[0] != current),
                                 motif_label="Motif"),
        "radiation": StepSpec("Cessation d'inscription / radiation",
                              "Date de cessation d'inscription ou de radiation à France Travail : "
                              "la sortie sera due six mois plus tard.", "Date de radiation"),
        "sortir": StepSpec("Sortie de cotraitance",
                           "La sortie est décidée par France Travail seulement, pour l'un de ses "
                           "trois motifs, vérifié d'après la fiche : radiation enregistrée depuis "
                           "6 mois, 26 ans (ou un an après une entrée à 25 ans) atteints, adresse "
                           "hors du territoire.", "Date de sortie", motif_sortie=True),
    }
    return specs[action]


def applier(services, action: str, jeune_id, detail) -> Callable[[dict], object]:
    """The service call of ``action`` with the dialog's values."""
    cs = services.cotraitance
    if action == "affecter":
        return lambda v: cs.affecter(jeune_id, v["date"], v["criteres"])
    ident, version = detail.id, detail.version
    calls = {
        "accepter": lambda v: cs.accepter(ident, version, v["date"]),
        "refuser": lambda v: cs.refuser(ident, version, v["date"], v["motif"]),
        "initialiser": lambda v: cs.initialiser(ident, version, v["date"]),
        "changer_etat": lambda v: cs.changer_etat(ident, version, v["etat"], v["date"], v["motif"]),
        "radiation": lambda v: cs.radiation(ident, version, v["date"]),
        "sortir": lambda v: cs.sortir(ident, version, v["date"], v["motif_sortie"],
                                      v["code_postal"], v["commune"]),
    }
    return calls[action]


def step_dialog(services, action: str, jeune_id, detail, parent=None) -> StepDialog:
    return StepDialog(step_spec(action, detail), services.ctx.today(),
                      applier(services, action, jeune_id, detail), parent)
