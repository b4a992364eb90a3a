"""Tabs of the Mission Jeunes page: agencies and conventions, delegations, FASTT referrals,
figures of the year."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QStackedLayout, QVBoxLayout,
    QWidget,
)

from ...domain import conventions as cv
from ...domain.dates import format_date
from ...domain.errors import DomainError
from ...domain.interim import REGLE_HEURES
from ..dialogs.messages import confirm, show_error
from ..widgets.empty_state import EmptyState
from ..widgets.list_page import ListPage
from . import common
from .agence_dialog import AgenceDialog, ConventionDialog
from .common import RecordTable, button_row
from .delegation_dialog import DelegationDialog
from .fastt_dialog import StepDialog

ALERT = "#b45f06"
BANNER = f"background: {common.ALERT_BG}; border: 1px solid #f0c27b; padding: 6px;"


def banner() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(BANNER)
    label.hide()
    return label


class _Tab(QWidget):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.dialog = None

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda result: result and self.reload())
        dialog.open()

    def _run(self, action) -> bool:
        try:
            action()
        except DomainError as err:
            show_error(self, err)
            return False
        self.reload()
        return True


# ---------------------------------------------------------------- agencies and conventions


class AgencesTab(_Tab):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        self.stack = QStackedLayout(self)
        self.empty = EmptyState("Aucune agence d'emploi",
                                "Les agences d'emploi partenaires, leurs conventions (annexe 2 de "
                                "l'accord Mission Jeunes) et les échéances de renouvellement "
                                "s'affichent ici.",
                                [("Créer une agence d'emploi", lambda: self.edit_agence(None))])
        self.stack.addWidget(self.empty)
        content = QWidget()
        layout = QVBoxLayout(content)
        self.alert = banner()
        layout.addWidget(self.alert)
        self.agences_table = RecordTable(["Agence", "Réseau", "Commune", "Référent", "Convention",
                                          "Prochaine échéance", "Limite de dénonciation"])
        self.agences_table.itemSelectionChanged.connect(self._show_conventions)
        self.agences_table.opened.connect(self.edit_agence)
        self.agences_table.delete_requested.connect(self.delete_agence)
        layout.addWidget(self._agences_group(), 3)
        layout.addWidget(self._conventions_group(), 2)
        self.stack.addWidget(content)
        self.agences: dict = {}

    def _agences_group(self) -> QGroupBox:
        box = QGroupBox("Agences d'emploi")
        v = QVBoxLayout(box)
        v.addWidget(self.agences_table)
        new, edit, delete = (QPushButton(t) for t in ("&Nouvelle agence…", "Modifier…", "Supprimer"))
        new.clicked.connect(lambda: self.edit_agence(None))
        edit.clicked.connect(lambda: self.edit_agence(self.agences_table.current_id()))
        delete.clicked.connect(lambda: self.delete_agence(self.agences_table.current_id()))
        v.addLayout(button_row(new, edit, delete))
        return box

    def _conventions_group(self) -> QGroupBox:
        self.conv_box = QGroupBox("Conventions")
        v = QVBoxLayout(self.conv_box)
        self.conv_table = RecordTable(["Signée le", "Durée", "Fin période initiale",
                                       "Prochaine échéance", "Limite de dénonciation", "État"])
        self.conv_table.opened.connect(self.edit_convention)
        self.conv_table.delete_requested.connect(self.delete_convention)
        v.addWidget(self.conv_table)
        buttons = [QPushButton(t) for t in ("Nouvelle &convention…", "Modifier…", "&Dénoncer…",
                                            "&Imprimer la convention…", "Supprimer")]
        actions = (lambda: self.edit_convention(None),
                   lambda: self.edit_convention(self.conv_table.current_id()),
                   self.denounce, self.print_convention,
                   lambda: self.delete_convention(self.conv_table.current_id()))
        for b, action in zip(buttons, actions):
            b.clicked.connect(action)
        v.addLayout(button_row(*buttons))
        return self.conv_box

    def reload(self) -> None:
        self.agences = {a.id: a for a in self.services.agences.agences()}
        self.stack.setCurrentIndex(1 if self.agences else 0)
        rows = []
        for a in self.agences.values():
            c = a.convention
            rows.append((a.id, [a.nom, a.reseau or "", a.commune or "", a.referent_nom or "",
                                c.etat if c else "Aucune convention",
                                c.prochain_anniversaire if c and c.active else None,
                                c.date_limite_denonciation if c and c.active and not c.date_denonciation
                                else None], ALERT if c and c.alerte else None))
        self.agences_table.set_rows(rows)
        due = self.services.agences.renouvellements()
        self.alert.setVisible(bool(due))
        self.alert.setText("Renouvellement tacite à venir : " + " ; ".join(
            f"{c.agence_nom} — dénonciation possible jusqu'au {format_date(c.date_limite_denonciation)}, "
            f"sinon reconduction le {format_date(c.prochain_anniversaire)}" for c in due))
        self._show_conventions()

    def _show_conventions(self) -> None:
        agence = self.agences.get(self.agences_table.current_id())
        self.conv_box.setEnabled(agence is not None)
        self.conv_box.setTitle(f"Conventions de l'agence « {agence.nom} »" if agence else "Conventions")
        self.conventions = {c.id: c for c in self.services.agences.conventions(agence.id)} if agence else {}
        self.conv_table.set_rows([
            (c.id, [c.date_signature, f"{c.duree_annees} an(s)", c.echeance_initiale,
                    c.prochain_anniversaire if c.active else None,
                    c.date_limite_denonciation if c.active and not c.date_denonciation else None, c.etat],
             ALERT if c.alerte else None) for c in self.conventions.values()])

    def edit_agence(self, agence_id) -> None:
        self._open(AgenceDialog(self.services, self.agences.get(agence_id), self))

    def delete_agence(self, agence_id) -> None:
        a = self.agences.get(agence_id)
        if a is None:
            return
        if confirm(self, "Supprimer", f"Supprimer l'agence « {a.nom} » et ses conventions ?", "Supprimer"):
            self._run(lambda: self.services.agences.delete_agence(agence_id))

    def edit_convention(self, convention_id) -> None:
        agence_id = self.agences_table.current_id()
        if agence_id is not None:
            self._open(ConventionDialog(self.services, agence_id, self.conventions.get(convention_id), self))

    def delete_convention(self, convention_id) -> None:
        if convention_id in self.conventions and confirm(self, "Supprimer", "Supprimer cette convention ?",
                                                         "Supprimer"):
            self._run(lambda: self.services.agences.delete_convention(convention_id))

    def denounce(self) -> None:
        c = self.conventions.get(self.conv_table.current_id())
        if c is None:
            return
        today = self.services.ctx.today()
        end = cv.date_fin(cv.Convention(c.date_signature, c.duree_annees, today))
        if confirm(self, "Dénoncer la convention",
                   f"Enregistrer la dénonciation aujourd'hui ({format_date(today)}) ?\n"
                   f"La convention prendra fin le {format_date(end)}.", "Dénoncer"):
            self._run(lambda: self.services.agences.denoncer(c.id, today, c.version))

    def print_convention(self) -> None:
        c = self.conventions.get(self.conv_table.current_id())
        if c is not None:
            name = f"convention_{c.agence_nom}_{c.date_signature:%Y-%m-%d}.pdf".replace(" ", "_")
            common.save_pdf(self, "Convention de partenariat", name,
                            lambda: self.services.agences.convention_pdf(c.id))


# ---------------------------------------------------------------- delegations and referrals


class DelegationsTab(_Tab):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        empty = EmptyState("Aucune délégation",
                           "Les délégations en mission d'intérim se saisissent depuis la fiche du jeune "
                           "(onglet « Mission Jeunes / FASTT ») ; elles s'affichent toutes ici.")
        self.list = ListPage(services.interim.delegations_source(), "mj_delegations", empty,
                             "Rechercher un jeune (nom)…")
        self.list.activated.connect(self.open_delegation)
        layout.addWidget(self.list)

    def reload(self) -> None:
        self.list.reload()

    def open_delegation(self, delegation_id) -> None:
        try:
            d = self.services.interim.delegation(delegation_id)
        except DomainError as err:
            show_error(self, err)
            return
        self._open(DelegationDialog(self.services, d.jeune_id, d, self))


class FasttTab(_Tab):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        self.alert = banner()
        layout.addWidget(self.alert)
        empty = EmptyState("Aucune orientation FASTT",
                           "Les orientations vers le Point Conseils Intérimaire se préparent depuis la "
                           "fiche du jeune (onglet « Mission Jeunes / FASTT »). Celles en attente du FASTT "
                           "depuis trop longtemps apparaissent ici en rouge.")
        self.list = ListPage(services.fastt.referrals_source(), "mj_fastt", empty,
                             "Rechercher un jeune (nom)…")
        self.list.set_filter("suivi", "en_cours")
        self.list.activated.connect(self.advance)
        layout.addWidget(self.list)
        step, pdf, mail = (QPushButton(t) for t in ("É&tape suivante…", "Fiche PDF…",
                                                    "Brouillon d'e-&mail…"))
        step.clicked.connect(lambda: self.advance(self._current()))
        pdf.clicked.connect(self.pdf)
        mail.clicked.connect(self.mail)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addLayout(button_row(step, pdf, mail))
        layout.addWidget(self.status)

    def _current(self):
        ids = self.list.selected_ids()
        return ids[0] if ids else None

    def reload(self) -> None:
        self.list.reload()
        late = self.services.fastt.overdue()
        self.alert.setVisible(bool(late))
        self.alert.setText(f"{len(late)} orientation(s) à relancer auprès du FASTT (sans nouvelles depuis "
                           f"{self.services.fastt.relance_jours()} jours, ou SOS au-delà de 48 h) : "
                           + ", ".join(f"{r.jeune_prenom} {r.jeune_nom}" for r in late[:8]))

    def advance(self, referral_id) -> None:
        if referral_id is None:
            return
        r = self.services.fastt.referral(referral_id)
        if r.transitions:
            self._open(StepDialog(self.services, r, self))
        else:
            self.status.setText("Cette orientation est clôturée.")

    def pdf(self) -> None:
        rid = self._current()
        if rid is not None:
            common.save_pdf(self, "Fiche d'orientation FASTT", self.services.fastt.pdf_name(rid),
                            lambda: self.services.fastt.sheet_pdf(rid))

    def mail(self) -> None:
        rid = self._current()
        draft = common.open_email_draft(self, self.services, rid) if rid else None
        if draft:
            self.status.setText(common.draft_status(draft))


# ---------------------------------------------------------------- figures of the year


def _figure(value, label: str) -> QWidget:
    box = QWidget()
    v = QVBoxLayout(box)
    number = QLabel(common.cell_text(value))
    number.setObjectName("chiffre")
    v.addWidget(number)
    v.addWidget(QLabel(label))
    return box


class ChiffresTab(_Tab):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year = QSpinBox(minimum=2000, maximum=2100, value=services.ctx.today().year)
        self.year.setPrefix("Année ")
        self.year.valueChanged.connect(lambda _v: self.reload())
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        self.figures = QGridLayout()
        layout.addLayout(self.figures)
        tables = QGridLayout()
        self.by_agency = RecordTable(["Agence", "Jeunes orientés", "Mis à l'emploi", "Délégations"])
        self.semesters = RecordTable(["Semestre", "Agence", "Jeunes", "Missions", "Heures"])
        self.needs = RecordTable(["Besoin FASTT", "Orientations"])
        for title, table, row, col, span in (
                ("Par agence d'emploi", self.by_agency, 0, 0, 1),
                ("Orientations FASTT par besoin", self.needs, 0, 1, 1),
                ("Délégations par semestre (tableau DREETS : délégations en cours pendant le semestre, "
                 "heures du semestre)", self.semesters, 1, 0, 2)):
            table.setSelectionMode(RecordTable.SelectionMode.NoSelection)
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            if table is self.semesters:  # the rule the DREETS report's notes say too
                self.semesters_rule = QLabel(REGLE_HEURES)
                self.semesters_rule.setWordWrap(True)
                box.layout().addWidget(self.semesters_rule)
            tables.addWidget(box, row, col, 1, span)
        tables.setColumnStretch(0, 3)
        tables.setColumnStretch(1, 2)
        layout.addLayout(tables, 1)

    def reload(self) -> None:
        year, sv = self.year.value(), self.services
        chiffres, fastt = sv.interim.chiffres_annee(year), sv.fastt.chiffres_annee(year)
        while self.figures.count():
            self.figures.takeAt(0).widget().deleteLater()
        active = sum(1 for a in sv.agences.agences() if a.convention and a.convention.active)
        tiles = ((chiffres.jeunes_orientes, "jeunes orientés vers une agence"),
                 (chiffres.jeunes_mis_a_l_emploi, "jeunes mis à l'emploi"),
                 (chiffres.delegations, "délégations commencées"),
                 (chiffres.heures, "heures de délégation"),
                 (fastt.preparees, "orientations FASTT préparées"), (fastt.envoyees, "envoyées au FASTT"),
                 (fastt.syntheses, "synthèses reçues"), (active, "conventions en vigueur"))
        for i, (value, label) in enumerate(tiles):
            self.figures.addWidget(_figure(value, label), i // 4, i % 4)
        self.by_agency.set_rows([(r.agence, [r.agence, r.orientes, r.mis_a_l_emploi, r.delegations], None)
                                 for r in chiffres.par_agence])
        rows = []
        for sem in (1, 2):
            table = sv.interim.semestre(year, sem)
            rows += [((sem, x.agence), [f"S{sem}", x.agence, x.jeunes, x.missions, x.heures], None)
                     for x in table.lignes]
            rows.append(((sem, None), [f"S{sem}", "Total", table.total_jeunes, table.total_missions,
                                       table.total_heures], "#1f3b63"))
        self.semesters.set_rows(rows)
        self.needs.set_rows([(label, [label, n], None) for label, n in fastt.par_besoin])

