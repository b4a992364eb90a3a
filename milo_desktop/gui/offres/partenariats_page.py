"""Partenariats entreprises: the partner events of the year (MEDEF / réseaux d'employeurs, IMS –
entreprises partenaires, others), the CVs transmitted to companies with the young person's
consent, the networks' annual action plans (objectives beside the figures), and the year's figures
by network that feed the « Bilan des partenariats entreprises »."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter,
    QVBoxLayout, QWidget,
)

from ...domain import partenariats as dom
from ...domain.errors import DomainError
from ...domain.text import french_int
from ..dialogs.messages import confirm, show_error
from .common import RecordTable, button_row, code_combo, set_combo
from .partenariats_dialogs import EvenementDialog, ObjectifPlanDialog, TransmissionDialog

SHORT = {"medef": "MEDEF", "ims": "IMS", "autre": "Autre"}

# (label, function of a ChiffresReseau giving the text shown)
INDICATEURS = (
    ("Événements", lambda r: _n(r.evenements)),
    ("Jeunes participants", lambda r: _n(r.participants)),
    ("Entreprises participantes", lambda r: _n(r.entreprises_evenements)),
    ("CV transmis (avec consentement)", lambda r: _with(r.cv_transmis, r.jeunes_cv, "jeune")),
    ("Offres reçues", lambda r: _with(r.offres, r.postes, "poste")),
    ("Jeunes présentés sur ces offres", lambda r: _with(r.jeunes_presentes, r.mer_positives, "MER+", plural=False)),
)


def _n(value: int | None) -> str:
    """``1 234`` (French grouping), « – » when the figure does not apply."""
    return "–" if value is None else french_int(value)


def _with(main: int | None, detail: int | None, unit: str, plural: bool = True) -> str:
    if main is None:
        return "–"
    if not main:
        return "0"
    s = "s" if plural and (detail or 0) > 1 else ""
    return f"{_n(main)}  ({_n(detail)} {unit}{s})"


class FiguresBox(QGroupBox):
    """The year's figures: one row per indicator, one column per network."""

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(24)
        self.cells: dict[tuple[str, int], QLabel] = {}
        for col, (code, label) in enumerate(dom.RESEAUX_PARTENAIRES, start=1):
            head = QLabel(f"<b>{label}</b>")
            grid.addWidget(head, 0, col, alignment=Qt.AlignmentFlag.AlignRight)
            for row, (name, _f) in enumerate(INDICATEURS, start=1):
                cell = QLabel("–")
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.cells[(code, row)] = cell
                grid.addWidget(cell, row, col, alignment=Qt.AlignmentFlag.AlignRight)
        for row, (name, _f) in enumerate(INDICATEURS, start=1):
            grid.addWidget(QLabel(name), row, 0)
        grid.setColumnStretch(len(dom.RESEAUX_PARTENAIRES) + 1, 1)

    def show_figures(self, figures) -> None:
        self.setTitle(f"Chiffres {figures.annee} par réseau (Bilan des partenariats entreprises)")
        for reseau in figures.reseaux:
            for row, (_name, fmt) in enumerate(INDICATEURS, start=1):
                self.cells[(reseau.reseau, row)].setText(fmt(reseau))

    def text_of(self, reseau: str, indicateur: str) -> str:
        row = next(i for i, (name, _f) in enumerate(INDICATEURS, start=1) if name == indicateur)
        return self.cells[(reseau, row)].text()


class PartenariatsPage(QWidget):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self._events: dict = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.figures = FiguresBox()
        layout.addWidget(self.figures)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._plan_box())
        split.addWidget(self._events_box())
        split.addWidget(self._cv_box())
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

    # --- building ---------------------------------------------------------------------------
    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        year = self.services.ctx.today().year
        self.year = QSpinBox(minimum=2000, maximum=year + 1, value=year)
        self.year.setToolTip("Année des événements, des CV transmis et des chiffres")
        self.reseau = code_combo(dom.RESEAUX_PARTENAIRES, empty="Tous les réseaux")
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.reseau.currentIndexChanged.connect(lambda _i: self.reload_tables())
        for text_, widget in (("&Année", self.year), ("&Réseau", self.reseau)):
            label = QLabel(text_)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _plan_box(self) -> QGroupBox:
        box = QGroupBox("Plan d'action de l'année : objectifs opérationnels et de résultat")
        col = QVBoxLayout(box)
        self.plan = RecordTable(["Réseau", "Nature", "Objectif", "Indicateur", "Cible", "Réalisé",
                                 "Atteinte"], [70, 150, 300, 240, 70, 70])
        self.plan.setWordWrap(False)
        self.plan.opened.connect(lambda _id: self.edit_objectif())
        col.addWidget(self.plan, 1)
        new, edit = QPushButton("Nouvel &objectif…"), QPushButton("Modifier l'o&bjectif…")
        delete = QPushButton("Supprimer l'objectif")
        new.clicked.connect(self.new_objectif)
        edit.clicked.connect(self.edit_objectif)
        delete.clicked.connect(self.delete_objectif)
        self.plan_buttons = (new, edit, delete)
        col.addLayout(button_row(new, edit, delete))
        return box

    def _events_box(self) -> QGroupBox:
        box = QGroupBox("Événements avec les entreprises partenaires")
        col = QVBoxLayout(box)
        self.events = RecordTable(["Date", "Réseau", "Type", "Titre", "Entreprise", "Jeunes", "Entreprises"],
                                  [90, 70, 210, 290, 190, 70])
        self.events.setWordWrap(False)
        self.events.opened.connect(lambda _id: self.edit_evenement())
        col.addWidget(self.events, 1)
        new, edit, delete = QPushButton("&Nouvel événement…"), QPushButton("&Modifier…"), QPushButton("&Supprimer")
        new.clicked.connect(self.new_evenement)
        edit.clicked.connect(self.edit_evenement)
        delete.clicked.connect(self.delete_evenement)
        self.events_count = QLabel()
        row = button_row(new, edit, delete)
        row.addWidget(self.events_count)
        col.addLayout(row)
        return box

    def _cv_box(self) -> QGroupBox:
        box = QGroupBox("CV transmis aux entreprises (avec le consentement du jeune)")
        col = QVBoxLayout(box)
        self.cvs = RecordTable(["Date", "Jeune", "Entreprise", "Réseau", "Offre", "Consentement",
                                "Transmis par"], [90, 200, 200, 70, 260, 110])
        self.cvs.setWordWrap(False)
        col.addWidget(self.cvs, 1)
        send, delete = QPushButton("&Transmettre un CV…"), QPushButton("Supprimer la transmission")
        send.clicked.connect(self.transmettre_cv)
        delete.clicked.connect(self.delete_transmission)
        self.cv_count = QLabel()
        row = button_row(send, delete)
        row.addWidget(self.cv_count)
        col.addLayout(row)
        return box

    # --- data -------------------------------------------------------------------------------
    def current_year(self) -> int:
        return self.year.value()

    def current_reseau(self) -> str | None:
        return self.reseau.currentData()

    def reload(self) -> None:
        try:
            self.figures.show_figures(self.services.partenariats.chiffres(self.current_year()))
        except DomainError as err:
            show_error(self, err)
        self.reload_tables()

    def reload_tables(self) -> None:
        p, year, reseau = self.services.partenariats, self.current_year(), self.current_reseau()
        self._objectifs = {o.id: o for o in p.plan_action(year, reseau)}
        self.plan.set_rows([(o.id, [SHORT.get(o.reseau, o.reseau), o.nature_label, o.libelle,
                                    o.indicateur_label, o.cible, "–" if o.realise is None else o.realise,
                                    "–" if o.taux is None else f"{o.taux:.0f} %"], None)
                            for o in self._objectifs.values()])
        self._events = {e.id: e for e in p.evenements(year, reseau)}
        self.events.set_rows([(e.id, [e.date, SHORT.get(e.reseau, e.reseau), e.type_label, e.titre,
                                      e.entreprise or "", e.nb_jeunes, e.nb_entreprises], None)
                              for e in self._events.values()])
        self.events_count.setText(f"{len(self._events)} événement(s) en {year}")
        cvs = p.transmissions(year=year, reseau=reseau)
        self.cvs.set_rows([(t.id, [t.date, t.jeune, t.entreprise, SHORT.get(t.reseau, t.reseau),
                                   t.offre or "", t.date_consentement, t.transmis_par or ""], None)
                           for t in cvs])
        self.cv_count.setText(f"{len(cvs)} CV transmis en {year}")

    def selected_evenement(self):
        return self._events.get(self.events.current_id())

    # --- actions ----------------------------------------------------------------------------
    def _after_save(self, when) -> None:
        """Show the year of what was just saved, then reload."""
        if when.year != self.current_year():
            self.year.setValue(when.year)  # reloads
        else:
            self.reload()

    def new_evenement(self) -> None:
        dialog = EvenementDialog(self.services, reseau=self.current_reseau(), parent=self)
        if dialog.exec():
            if self.current_reseau() not in (None, dialog.saved.reseau):
                set_combo(self.reseau, None)
            self._after_save(dialog.saved.date)

    def edit_evenement(self) -> None:
        event = self.selected_evenement()
        if event is not None and EvenementDialog(self.services, event, parent=self).exec():
            self.reload()

    def delete_evenement(self) -> None:
        event = self.selected_evenement()
        if event is None or not confirm(self, "Supprimer l'événement", (
                f"Supprimer l'événement « {event.titre} » du {event.date:%d/%m/%Y} ? Il ne sera plus "
                "compté dans le bilan des partenariats."), "Supprimer"):
            return
        try:
            self.services.partenariats.delete_evenement(event.id, event.version)
        except DomainError as err:
            show_error(self, err)
        self.reload()

    def selected_objectif(self):
        return getattr(self, "_objectifs", {}).get(self.plan.current_id())

    def new_objectif(self) -> None:
        dialog = ObjectifPlanDialog(self.services, self.current_year(), reseau=self.current_reseau(),
                                    parent=self)
        if dialog.exec():
            if self.current_reseau() not in (None, dialog.saved.reseau):
                set_combo(self.reseau, None)
            self.reload()

    def edit_objectif(self) -> None:
        objectif = self.selected_objectif()
        if objectif is not None and ObjectifPlanDialog(self.services, objectif.annee, objectif,
                                                       parent=self).exec():
            self.reload()

    def delete_objectif(self) -> None:
        objectif = self.selected_objectif()
        if objectif is None or not confirm(self, "Supprimer l'objectif", (
                f"Supprimer l'objectif « {objectif.libelle} » du plan d'action {objectif.annee} ?"),
                "Supprimer"):
            return
        try:
            self.services.partenariats.delete_objectif_plan(objectif.id, objectif.version)
        except DomainError as err:
            show_error(self, err)
        self.reload()

    def transmettre_cv(self) -> None:
        dialog = TransmissionDialog(self.services, parent=self)
        if dialog.exec():
            if self.current_reseau() not in (None, dialog.saved.reseau):
                set_combo(self.reseau, None)
            self._after_save(dialog.saved.date)

    def delete_transmission(self) -> None:
        cv_id = self.cvs.current_id()
        if cv_id is None or not confirm(self, "Supprimer la transmission", (
                "Supprimer cette transmission de CV saisie par erreur ? Elle disparaîtra aussi du "
                "journal du jeune."), "Supprimer"):
            return
        try:
            self.services.partenariats.delete_transmission(cv_id)
        except DomainError as err:
            show_error(self, err)
        self.reload()
