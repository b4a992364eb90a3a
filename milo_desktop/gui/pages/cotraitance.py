"""Cotraitance (PPAE délégué) area: the work lists (with their counts in the tab titles; a
double-click or Entrée opens the fiche jeune) and the yearly objectives.

``open_item(kind, value)``: ``("jeune", id)`` opens a fiche, ``("liste_travail", key)`` (or
``"liste"``) shows one work list (keys of ``services.cotraitance_lists.LISTES``); a report's
figure sends a dict: ``{"phase": …}`` opens the Jeunes list on that phase, ``{"etape": …, "du":
…, "au": …, "site_id": …}`` on the young people whose step is dated in the period;
``("objectifs", None)`` the objectives.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QStackedLayout,
    QTabWidget, QTableView, QVBoxLayout, QWidget,
)

from ...services.cotraitance_lists import LISTES
from ..cotraitance.models import WorkListModel
from ..widgets.empty_state import EmptyState

EMPTY_TEXT = ("Aucun jeune n'est encore en cotraitance. Les listes de travail (affectations à "
              "accepter, parcours à initialiser, jeunes en alerte ou suspendus, sorties dues et en "
              "retard) se rempliront dès qu'une affectation sera enregistrée depuis la fiche d'un "
              "jeune, onglet « Cotraitance ».")


def _list_view(model: WorkListModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for col, width in enumerate((170, 140, 170, 150, 110, 110)):
        view.setColumnWidth(col, width)
    return view


class WorkListsWidget(QWidget):
    """One tab per work list, titled with its count."""

    open_requested = Signal(object)  # jeune id

    def __init__(self, services, actions: list | None = None, parent=None):
        super().__init__(parent)
        self.services = services
        self.models: dict[str, WorkListModel] = {}
        self.views: dict[str, QTableView] = {}
        self._build(actions or [])

    def _build(self, actions: list) -> None:
        self.stack = QStackedLayout(self)
        self.empty = EmptyState("Cotraitance (PPAE délégué)", EMPTY_TEXT, actions)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(self._toolbar())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("listesCotraitance")
        for spec in LISTES:
            self.tabs.addTab(self._list_page(spec), spec.titre)
        layout.addWidget(self.tabs, 1)
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty)

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        caption = QLabel("Affectations à relancer après")
        self.relance = QSpinBox(minimum=1, maximum=365, suffix=" jours")
        self.relance.setValue(self.services.cotraitance.relance_jours())
        self.relance.setToolTip("Délai après lequel une affectation ni acceptée ni refusée est listée")
        self.relance.valueChanged.connect(self._relance_changed)
        caption.setBuddy(self.relance)
        refresh = QPushButton("Actualiser")
        refresh.setToolTip("Actualiser les listes (F5)")
        refresh.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        for widget in (caption, self.relance):
            row.addWidget(widget)
        row.addSpacing(16)
        self.filter_boxes = self._filter_boxes()
        for label, box in self.filter_boxes.values():
            row.addWidget(label)
            row.addWidget(box)
        row.addStretch(1)
        row.addWidget(refresh)
        return row

    def _filter_boxes(self) -> dict:
        """The « Référent » (with « Mes jeunes ») and « Site » boxes of the Jeunes list, with
        the same choices."""
        boxes = {}
        try:
            filters = {f.key: f for f in self.services.jeunes.source().filters()}
        except AttributeError:  # no Jeunes area
            return boxes
        for key, every in (("referent", "Tous les référents"), ("site", "Tous les sites")):
            spec = filters.get(key)
            if spec is None:
                continue
            box = QComboBox()
            box.setObjectName(f"filtre_{key}")
            box.addItem(every, None)
            for value, text in spec.choices:
                box.addItem(text, value)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
            label = QLabel(spec.label)
            label.setBuddy(box)
            boxes[key] = (label, box)
        return boxes

    def filter_values(self) -> dict:
        return {key: box.currentData() for key, (_label, box) in self.filter_boxes.items()}

    def _list_page(self, spec) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        text = QLabel(spec.description + " Double-cliquez (ou Entrée) pour ouvrir la fiche du jeune.")
        text.setWordWrap(True)
        model = WorkListModel(spec, self)
        view = _list_view(model)
        view.setObjectName(f"liste_{spec.key}")
        view.setColumnHidden(6, spec.date_label == "Affectation")  # same date twice otherwise
        view.doubleClicked.connect(lambda idx, m=model: self._open(m, idx.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Entrée opens the fiche too
            QShortcut(QKeySequence(key), view, lambda v=view, m=model: self._open(m, v.currentIndex().row()),
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.models[spec.key], self.views[spec.key] = model, view
        layout.addWidget(text)
        layout.addWidget(view, 1)
        return page

    def _open(self, model: WorkListModel, row: int) -> None:
        jeune_id = model.id_at(row)
        if jeune_id is not None:
            self.open_requested.emit(jeune_id)

    def _relance_changed(self, days: int) -> None:
        self.services.cotraitance.set_relance_jours(days)
        self.refresh()

    def refresh(self) -> None:
        if not self.services.cotraitance.has_any():
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentIndex(0)
        lists = self.services.cotraitance.work_lists(self.relance.value(), **self.filter_values())
        for i, spec in enumerate(LISTES):
            rows = lists.get(spec.key, ())
            self.models[spec.key].set_rows(rows)
            self.tabs.setTabText(i, f"{spec.titre} ({len(rows)})")

    def show_list(self, key: str) -> None:
        keys = [spec.key for spec in LISTES]
        if key in keys:
            self.tabs.setCurrentIndex(keys.index(key))


class CotraitancePage(QWidget):
    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        self.window_ = window
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        actions = [("Ouvrir la liste des jeunes", lambda: self.window_.show_area("jeunes")),
                   ("Saisir les objectifs", lambda: self.tabs.setCurrentIndex(1))]
        self.work_lists = WorkListsWidget(services, actions, self)
        self.work_lists.open_requested.connect(self.open_jeune)
        self.tabs.addTab(self.work_lists, "Listes de &travail")
        self._objectifs = None
        self.tabs.addTab(QWidget(), "&Objectifs")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs)
        self.refresh()

    @property
    def objectifs(self):
        """The objectives editor, built the first time it is needed."""
        if self._objectifs is None:
            from ..cotraitance.objectifs_view import ObjectifsWidget
            self._objectifs = ObjectifsWidget(self.services, self)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            self.tabs.removeTab(1)
            self.tabs.insertTab(1, self._objectifs, "&Objectifs")
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
        return self._objectifs

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.objectifs.refresh_suivi()

    def refresh(self) -> None:
        self.work_lists.refresh()
        if self._objectifs is not None:
            self._objectifs.refresh_suivi()

    def open_item(self, kind: str, value) -> None:
        if kind == "jeune":
            self.open_jeune(value)
        elif kind == "liste" and isinstance(value, dict) and value.get("phase"):
            self.show_young_people_in_phase(value["phase"])
        elif (kind == "liste" and isinstance(value, dict) and value.get("etape")
              and value.get("du") and value.get("au") and self.window_ is not None):
            self.show_young_people_of_period(value)
        elif kind in ("liste", "liste_travail"):
            self.tabs.setCurrentIndex(0)
            if isinstance(value, str):
                self.work_lists.show_list(value)
        elif kind == "objectifs":
            self.tabs.setCurrentIndex(1)

    def show_young_people_in_phase(self, phase: str) -> None:
        """The list behind a « en accompagnement »-style figure: the Jeunes list on that phase."""
        page = self.window_.show_area("jeunes")
        if hasattr(page, "list"):
            page.list.show_only({"cotra_phase": phase})

    def show_young_people_of_period(self, link: dict) -> None:
        """The list behind « Entrées / Sorties … de la période »: the Jeunes list on the young
        people whose step is dated in the period (archived files included, as the report counts
        them), on the report's site."""
        from ...services.jeunes_list import etape_filter, etape_label
        page = self.window_.show_area("jeunes")
        lst = getattr(page, "list", None)
        if lst is None:
            return
        value = etape_filter(link["etape"], link["du"], link["au"])
        lst.show_archived.blockSignals(True)
        lst.show_archived.setChecked(True)
        lst.show_archived.blockSignals(False)
        lst.show_only({"site": link.get("site_id")}, ("cotra_etape", value, etape_label(value)))

    def open_jeune(self, jeune_id) -> None:
        """Open the fiche jeune (modal), then bring the lists up to date; a fiche already open
        comes forward instead."""
        try:
            from ..jeunes.fiche import FicheJeuneDialog
        except ModuleNotFoundError:
            FicheJeuneDialog = None  # noqa: N806 - see fiche_dialog
        already = FicheJeuneDialog.find_open(jeune_id) if FicheJeuneDialog is not None else None
        if already is not None:
            already.bring_forward()
            return
        dialog = self.fiche_dialog(jeune_id)
        if hasattr(dialog, "show_tab"):
            dialog.show_tab("Cotraitance")  # a work list leads to the work: the Cotraitance tab
        dialog.exec()
        self.refresh()

    def fiche_dialog(self, jeune_id):
        try:
            from ..jeunes.fiche import FicheJeuneDialog
        except ModuleNotFoundError as err:
            if not (err.name and "milo_desktop.gui.jeunes.fiche".startswith(err.name)):
                raise
            from ..cotraitance.tab import CotraitanceDialog
            return CotraitanceDialog(self.services, jeune_id, self)
        return FicheJeuneDialog(self.services, jeune_id, self)
