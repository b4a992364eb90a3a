"""Offres & entreprises: the offers list, the agent dédié's queue « Offres à saisir », the
employers, and the plateformes de vocation. Showing the page expires overdue offers."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ..dialogs.messages import show_error
from ..offres.mrs_page import MrsPage
from ..offres.queue_page import QueuePage
from ..widgets.empty_state import EmptyState
from ..widgets.list_page import ListPage

log = logging.getLogger(__name__)

OFFRES, QUEUE, ENTREPRISES, MRS, PARTENARIATS = range(5)


def _tidy(page: ListPage, sort_key: str, descending: bool) -> None:
    """Compact filter combos (their lists stay wide) and the list's initial sort."""
    for box in page.filter_boxes.values():
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(13)
        box.view().setMinimumWidth(340)
    column = next(i for i, c in enumerate(page.model.columns) if c.key == sort_key)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    page.view.horizontalHeader().setSortIndicator(column, order)


def _toolbar(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class OffresPage(QWidget):
    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        self.window_ = window
        self._first_show = True
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._offres_tab(), "Offres")
        self.queue = QueuePage(services)
        self.queue.changed.connect(self._queue_title)
        self.tabs.addTab(self.queue, "Offres à saisir")
        self.tabs.addTab(self._entreprises_tab(), "Entreprises")
        self.mrs = MrsPage(services)
        self.tabs.addTab(self.mrs, "Plateformes de vocation")
        self.partenariats = None  # built the first time its tab is shown
        self.tabs.addTab(QWidget(), "Partenariats entreprises")
        self.tabs.currentChanged.connect(self._tab_shown)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_current)

    # --- tabs -----------------------------------------------------------------------------
    def _offres_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        new, open_, propose = (QPushButton("Nouvelle offre… (Ctrl+N)"), QPushButton("Ouvrir la fiche"),
                               QPushButton("Proposer des jeunes…"))
        self.rome_button = QPushButton("Importer le référentiel ROME…")
        new.clicked.connect(self.new_offre)
        open_.clicked.connect(lambda: self._selected(self.offres, self.open_offre))
        propose.clicked.connect(lambda: self._selected(self.offres, self.propose))
        self.rome_button.clicked.connect(self.import_rome)
        self.rome_button.setToolTip(self.services.offres.rome_origin())
        layout.addLayout(_toolbar(new, open_, propose, self.rome_button))
        empty = EmptyState(
            "Aucune offre",
            "Aucune offre ne correspond à la recherche ou aux filtres. Les offres recueillies auprès des "
            "employeurs apparaissent ici ; elles sont transmises à l'agent dédié pour saisie chez France "
            "Travail, puis suivies jusqu'à ce qu'elles soient pourvues.",
            [("Recueillir une offre…", self.new_offre), ("Créer une entreprise…", self.new_entreprise)])
        self.offres = ListPage(self.services.offres.list_source(), "offres", empty,
                               "Rechercher : intitulé, entreprise, code ROME, commune, n° France Travail…")
        self.offres.activated.connect(lambda key: self.open_offre(self.offres.source.uuid_of(key)))
        _tidy(self.offres, "date_recueil", descending=True)
        layout.addWidget(self.offres)
        return page

    def _entreprises_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        new, open_, offre = (QPushButton("Nouvelle entreprise… (Ctrl+N)"), QPushButton("Ouvrir la fiche"),
                             QPushButton("Nouvelle offre pour cette entreprise…"))
        new.clicked.connect(self.new_entreprise)
        open_.clicked.connect(lambda: self._selected(self.entreprises, self.open_entreprise))
        offre.clicked.connect(lambda: self._selected(self.entreprises, lambda e: self.new_offre(e)))
        layout.addLayout(_toolbar(new, open_, offre))
        empty = EmptyState(
            "Aucune entreprise",
            "Aucun employeur ne correspond à la recherche. Le « module entreprise » réunit la raison "
            "sociale, le SIRET, le code NAF, l'effectif, les contacts, les offres et les mises en relation.",
            [("Créer une entreprise…", self.new_entreprise)])
        self.entreprises = ListPage(self.services.entreprises.list_source(), "entreprises", empty,
                                    "Rechercher : raison sociale, SIRET, commune…")
        self.entreprises.activated.connect(
            lambda key: self.open_entreprise(self.entreprises.source.uuid_of(key)))
        _tidy(self.entreprises, "raison_sociale", descending=False)
        layout.addWidget(self.entreprises)
        return page

    def _queue_title(self, n: int) -> None:
        self.tabs.setTabText(QUEUE, f"Offres à saisir ({n})")

    def _tab_shown(self, index: int) -> None:
        if index == QUEUE:
            self.queue.reload()
            self.queue.focus_first()
        elif index == MRS:
            self.mrs.reload()
        elif index == PARTENARIATS:
            self._partenariats_tab().reload()

    def _partenariats_tab(self):
        if self.partenariats is None:
            from ..offres.partenariats_page import PartenariatsPage
            self.partenariats = PartenariatsPage(self.services)
            host = QVBoxLayout(self.tabs.widget(PARTENARIATS))
            host.setContentsMargins(0, 0, 0, 0)
            host.addWidget(self.partenariats)
        return self.partenariats

    # --- page life ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: expire overdue offers, then reload."""
        try:
            n = self.services.offres.expire_overdue()
            if n:
                log.info("%s offre(s) passée(s) en « expirée »", n)
        except DomainError as err:
            show_error(self, err)
        self.rome_button.setVisible(self.services.ctx.user.role == "admin")
        if self._first_show and self.services.ctx.user.role == "agent_ft":
            self.tabs.setCurrentIndex(QUEUE)
        self._first_show = False
        self.reload_all()

    def reload_all(self) -> None:
        self.offres.reload()
        self.entreprises.reload()
        self.queue.reload()
        if self.tabs.currentIndex() == MRS:
            self.mrs.reload()
        elif self.tabs.currentIndex() == PARTENARIATS:
            self._partenariats_tab().reload()

    def open_item(self, kind: str, item_id) -> None:
        if kind == "offre":
            self.tabs.setCurrentIndex(OFFRES)
            self.open_offre(item_id)
        elif kind == "entreprise":
            self.tabs.setCurrentIndex(ENTREPRISES)
            self.open_entreprise(item_id)
        elif kind == "a_saisir":
            self.tabs.setCurrentIndex(QUEUE)
        elif kind in ("liste", "mises_en_relation") and isinstance(item_id, dict):
            self._open_offer_list(item_id)
        elif kind == "entreprises" and isinstance(item_id, dict):
            self.tabs.setCurrentIndex(ENTREPRISES)
            reseaux = item_id.get("reseau") or []
            self.entreprises.set_filter("reseau", reseaux[0] if len(reseaux) == 1 else None)

    def _open_offer_list(self, payload: dict) -> None:
        """A link from the dashboard or a report: the offers list, filtered by status if given."""
        statut = payload.get("statut")
        if statut == "a_saisir":
            self.tabs.setCurrentIndex(QUEUE)
            return
        self.tabs.setCurrentIndex(OFFRES)
        self.offres.set_filter("statut", statut)

    # --- actions --------------------------------------------------------------------------
    @staticmethod
    def _selected(page: ListPage, action) -> None:
        """Run ``action`` on the first selected row's id (list ids are rowids)."""
        keys = page.selected_ids()
        if keys:
            action(page.source.uuid_of(keys[0]))

    def new_current(self) -> None:
        if self.tabs.currentIndex() == ENTREPRISES:
            self.new_entreprise()
        elif self.tabs.currentIndex() == OFFRES:
            self.new_offre()
        elif self.tabs.currentIndex() == PARTENARIATS:
            self._partenariats_tab().new_evenement()

    def new_offre(self, entreprise_id=None) -> None:
        from ..offres.offre_dialog import OffreDialog
        dialog = OffreDialog(self.services, entreprise_id=entreprise_id, parent=self)
        if dialog.exec():
            self.reload_all()
            self.open_offre(dialog.saved.id)

    def open_offre(self, offre_id) -> None:
        from ..offres.offre_sheet import OffreSheet
        if offre_id is None:
            return
        sheet = OffreSheet(self.services, offre_id, self)
        sheet.exec()
        if sheet.changed_something:
            self.reload_all()

    def propose(self, offre_id) -> None:
        from ..offres.mer_dialog import ProposeDialog
        try:
            dialog = ProposeDialog(self.services, offre_id, self)
        except DomainError as err:
            show_error(self, err)
            return
        if dialog.exec():
            self.offres.reload()

    def new_entreprise(self) -> None:
        from ..offres.entreprise_dialog import EntrepriseDialog
        dialog = EntrepriseDialog(self.services, parent=self)
        if dialog.exec():
            self.entreprises.reload()
            self.tabs.setCurrentIndex(ENTREPRISES)

    def open_entreprise(self, entreprise_id) -> None:
        from ..offres.entreprise_dialog import EntrepriseDialog
        if entreprise_id is None:
            return
        dialog = EntrepriseDialog(self.services, entreprise_id, self)
        dialog.exec()
        self.reload_all()

    def import_rome(self) -> None:
        from ..offres.rome_picker import import_rome_dialog
        import_rome_dialog(self.services, self)
        self.rome_button.setToolTip(self.services.offres.rome_origin())
