"""The « Identité » tab of the fiche jeune: the identity form, keyboard friendly, with the
validation messages shown in French under each field. What was typed stays on error."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QScrollArea, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError, ValidationError
from ...domain.jeunes import (
    FLAG_NAMES, HEBERGEMENTS, NIVEAUX_FORMATION, PROGRAMMES, SEXES, JeuneInput, format_phone,
)
from ..dialogs.forms import ERROR_STYLE, ErrorLabel, text
from ..widgets.commune_field import CommuneLink, warning_label
from ..widgets.dates import DateField, error_style

TEXT_FIELDS = ("nom", "nom_usage", "prenom", "adresse", "code_postal", "commune", "telephone",
               "email", "identifiant_ft", "numero_imilo")
DATE_FIELDS = ("date_naissance", "date_inscription_ft", "date_premier_accueil")
COMBO_FIELDS = ("sexe", "niveau_formation", "hebergement")
FLAGS = ("indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule")
FIELD_ERROR_STYLE = "color: #b00020; font-size: 11px;"


class DateLine(DateField):
    """The fiche's date fields: the application's shared date field (``widgets/dates.py``)."""

    def __init__(self, value=None, parent=None, today=None):
        super().__init__(value, True, parent, today=today)


def combo(codes, empty: str | None = "—") -> QComboBox:
    """A combo of (code, libellé) pairs; ``empty`` adds a first « no value » item."""
    box = QComboBox()
    if empty is not None:
        box.addItem(empty, None)
    for code, label in codes:
        box.addItem(label, code)
    return box


def select_data(box: QComboBox, value) -> None:
    for i in range(box.count()):
        if box.itemData(i) == value:
            box.setCurrentIndex(i)
            return
    box.setCurrentIndex(0)


class IdentiteTab(QWidget):
    """``values()`` gives (JeuneInput, referent_id, site_id, programmes); ``show_errors``
    puts each French message under its field."""

    changed = Signal()

    def __init__(self, services, parent=None, users=None):
        super().__init__(parent)
        self.services = services
        self.users = users if users is not None else services.settings.utilisateurs(only_active=True)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._build()
        self._watch()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.summary = ErrorLabel()
        outer.addWidget(self.summary)
        grid = QGridLayout()
        grid.addWidget(self._etat_civil(), 0, 0)
        grid.addWidget(self._coordonnees(), 1, 0)
        grid.addWidget(self._france_travail(), 0, 1)
        grid.addWidget(self._situation(), 1, 1)
        grid.addWidget(self._suivi(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

    def _row(self, form: QFormLayout, label: str, key: str, widget: QWidget) -> QWidget:
        """A form row whose field has its own error line underneath."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        err = QLabel()
        err.setStyleSheet(FIELD_ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        lay.addWidget(err)
        form.addRow(label, box)
        self.fields[key], self.errors[key] = widget, err
        return widget

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        group = QGroupBox(title)
        return group, QFormLayout(group)

    def _etat_civil(self) -> QGroupBox:
        group, form = self._group("État civil")
        self._row(form, "&Nom *", "nom", QLineEdit(maxLength=100))
        self._row(form, "Nom d'&usage", "nom_usage", QLineEdit(maxLength=100))
        self._row(form, "&Prénom(s) *", "prenom", QLineEdit(maxLength=100))
        self._row(form, "Se&xe *", "sexe", combo(SEXES, "— choisir —"))
        self._row(form, "Né(e) le * ", "date_naissance", DateLine())
        return group

    def _coordonnees(self) -> QGroupBox:
        group, form = self._group("Coordonnées")
        self._row(form, "&Adresse", "adresse", QLineEdit(maxLength=200))
        self._row(form, "Code p&ostal", "code_postal", QLineEdit(maxLength=5))
        self._row(form, "&Commune", "commune", QLineEdit(maxLength=100))
        self._row(form, "Télé&phone", "telephone", QLineEdit(maxLength=30))
        self._row(form, "&E-mail", "email", QLineEdit(maxLength=200))
        self.fields["telephone"].setPlaceholderText("06 12 34 56 78, 0692 12 34 56, +33…")
        self.fields["code_postal"].setFixedWidth(80)
        self.commune_warning = warning_label()
        self.fields["commune"].parentWidget().layout().addWidget(self.commune_warning)
        self.commune_link = CommuneLink(self.fields["code_postal"], self.fields["commune"],
                                        self.commune_warning)
        return group

    def _france_travail(self) -> QGroupBox:
        group, form = self._group("France Travail (ex-Pôle emploi) et I-MILO")
        ident = self._row(form, "&Identifiant France Travail", "identifiant_ft", QLineEdit(maxLength=11))
        ident.setPlaceholderText("7 chiffres + 1 lettre")
        self._row(form, "Inscrit(e) le", "date_inscription_ft", DateLine())
        self._row(form, "", "indemnise", QCheckBox(FLAG_NAMES["indemnise"] + "(e)"))
        self._row(form, "Numéro I-&MILO", "numero_imilo", QLineEdit(maxLength=20))
        return group

    def _situation(self) -> QGroupBox:
        group, form = self._group("Situation")
        self._row(form, "Niveau de &formation", "niveau_formation",
                  combo(((c, f"{c} – {lbl}") for c, lbl in NIVEAUX_FORMATION)))
        self._row(form, "&Hébergement", "hebergement", combo(HEBERGEMENTS))
        flags = QWidget()
        lay = QHBoxLayout(flags)
        lay.setContentsMargins(0, 0, 0, 0)
        for name in FLAGS[1:]:
            box = QCheckBox(FLAG_NAMES[name])
            lay.addWidget(box)
            self.fields[name] = box
        lay.addStretch(1)
        form.addRow("Repères", flags)
        return group

    def _suivi(self) -> QGroupBox:
        group, form = self._group("Suivi")
        sites = self.services.settings.sites(only_active=True)
        self._row(form, "&Référent", "referent", combo(((u.id, u.nom_complet) for u in self.users), "— aucun —"))
        self._row(form, "&Site", "site", combo(((s.id, s.nom) for s in sites), "— aucun —"))
        accueil = self._row(form, "Premier accueil le *", "date_premier_accueil", DateLine())
        accueil.setToolTip("Jour du premier accueil à la Mission Locale : l'âge de 16 à 25 ans "
                           "est vérifié ce jour-là.")
        progs = QWidget()
        lay = QHBoxLayout(progs)
        lay.setContentsMargins(0, 0, 0, 0)
        self.programmes: dict[str, QCheckBox] = {}
        for code, label in PROGRAMMES:
            box = QCheckBox(code if code != "AUTRE" else label)
            box.setToolTip(label)
            lay.addWidget(box)
            self.programmes[code] = box
        lay.addStretch(1)
        self._row(form, "Programmes", "programmes", progs)
        # The CEJ's dates: its file is kept 10 years after the end (domain.retention).
        cej = QWidget()
        lay = QHBoxLayout(cej)
        lay.setContentsMargins(0, 0, 0, 0)
        self.cej_debut, self.cej_fin = DateLine(), DateLine()
        for label, line in (("du", self.cej_debut), ("au", self.cej_fin)):
            lay.addWidget(QLabel(label))
            lay.addWidget(line)
        lay.addStretch(1)
        self._row(form, "Contrat d'engagement jeune", "cej_debut", cej)
        self.fields["cej_fin"], self.errors["cej_fin"] = self.cej_fin, self.errors["cej_debut"]
        self.cej_debut.setAccessibleName("Début du CEJ")
        self.cej_fin.setAccessibleName("Fin du CEJ")
        return group

    def _watch(self) -> None:
        for widget in list(self.fields.values()) + list(self.programmes.values()) + [self.cej_debut]:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.changed)
            elif isinstance(widget, QComboBox):
                widget.activated.connect(self.changed)
            elif isinstance(widget, QCheckBox):
                widget.clicked.connect(self.changed)

    # --- values ---------------------------------------------------------------------------
    def load(self, detail=None, referent_id=None, site_id=None) -> None:
        """Fill from a JeuneDetail, or empty with the default référent and site."""
        for key in TEXT_FIELDS:
            value = getattr(detail, key, None) if detail else None
            if key == "telephone" and value:
                value = format_phone(value)
            self.fields[key].setText(value or "")
        for key in DATE_FIELDS:
            self.fields[key].set_date(getattr(detail, key, None) if detail else None)
        if detail is None:  # a new file is received today unless the adviser says otherwise
            self.fields["date_premier_accueil"].set_date(self.services.ctx.today())
        for key in COMBO_FIELDS:
            select_data(self.fields[key], getattr(detail, key, None) if detail else None)
        for key in FLAGS:
            self.fields[key].setChecked(bool(getattr(detail, key, False)) if detail else False)
        if detail:
            self._keep_choice("referent", detail.referent_id, detail.referent_nom)
            self._keep_choice("site", detail.site_id, detail.site_nom)
        select_data(self.fields["referent"], detail.referent_id if detail else referent_id)
        select_data(self.fields["site"], detail.site_id if detail else site_id)
        for code, box in self.programmes.items():
            box.setChecked(bool(detail) and code in detail.programmes)
        self.cej_debut.set_date(detail.cej_debut if detail else None)
        self.cej_fin.set_date(detail.cej_fin if detail else None)
        self.clear_errors()

    def _keep_choice(self, key: str, value, name: str) -> None:
        """A référent or site no longer active stays selectable for the files that have it."""
        box = self.fields[key]
        if value is not None and all(box.itemData(i) != value for i in range(box.count())):
            box.addItem(f"{name} (inactif)", value)

    def values(self):
        data = {k: text(self.fields[k]) for k in TEXT_FIELDS}
        data |= {k: self.fields[k].typed_text() for k in DATE_FIELDS}
        data |= {k: self.fields[k].currentData() for k in COMBO_FIELDS}
        data |= {k: self.fields[k].isChecked() for k in FLAGS}
        programmes = [c for c, box in self.programmes.items() if box.isChecked()]
        return (JeuneInput(**data), self.fields["referent"].currentData(),
                self.fields["site"].currentData(), programmes)

    def cej_dates(self) -> tuple[str, str]:
        """The CEJ's (début, fin) as typed, for ``jeunes.create/update(cej=…)``."""
        return text(self.cej_debut), text(self.cej_fin)

    # --- errors ---------------------------------------------------------------------------
    def show_errors(self, err: DomainError) -> None:
        """Each message under its field (outlined), a summary on top, focus on the first."""
        self.clear_errors()
        problems = err.problems if isinstance(err, ValidationError) else {err.field or "": err.message}
        known = [k for k in self.fields if k in problems]
        for key in known:
            self.errors[key].setText(problems[key])
            self.errors[key].show()
            self.fields[key].setStyleSheet(error_style(self.fields[key]))
        lines = [f"{len(known)} champ(s) à corriger : voir les messages en rouge sous les champs."] if known else []
        lines += [m for k, m in problems.items() if k not in self.fields]
        self.summary.setText("\n".join(lines))
        self.summary.show()
        if known:
            self.fields[known[0]].setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.summary.clear_error(self.fields)
