"""A searchable, filterable, sortable list over an id-list model, with column choice and export."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMenu, QPushButton, QStackedLayout, QTableView, QVBoxLayout, QWidget,
)

from ...domain.text import french_int
from ...services.listing import ListQuery, ListSource
from .empty_state import EmptyState
from .idlist import IdListModel
from ..dialogs import files


class ListPage(QWidget):
    """Search box (as you type), filter combos, table, column chooser, export of what is shown."""

    activated = Signal(object)  # id of the row opened (double-click / Entrée)

    def __init__(self, source: ListSource, settings_key: str, empty: EmptyState | None = None,
                 search_placeholder: str = "Rechercher…", parent=None):
        super().__init__(parent)
        self.source = source
        self.settings_key = settings_key
        self.model = IdListModel(source, self)
        self._build(search_placeholder, empty)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.apply_query)

    # --- layout ---------------------------------------------------------------------------
    def _build(self, placeholder: str, empty: EmptyState | None) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText=placeholder, clearButtonEnabled=True)
        self.search.setObjectName("recherche")
        self.search.textChanged.connect(lambda _t: self._timer.start())
        bar.addWidget(self.search, 1)
        self.columns_button = QPushButton("Colonnes")
        self.columns_button.clicked.connect(self._choose_columns)
        self.export_button = QPushButton("Exporter…")
        self.export_button.setToolTip("Exporte la liste affichée (filtres et colonnes visibles) en XLSX ou CSV")
        self.export_button.clicked.connect(self.export_dialog)
        bar.addWidget(self.columns_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        filters = QHBoxLayout()  # on their own row, so the search box keeps its width
        self.filter_boxes: dict[str, QComboBox] = {}
        for flt in self.source.filters():
            box = QComboBox()
            box.setToolTip(flt.label)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)
            self._fill_filter(box, flt)
            box.currentIndexChanged.connect(lambda _i: self.apply_query())
            self.filter_boxes[flt.key] = box
            filters.addWidget(box)
        self.extra: dict = {}  # filters set from elsewhere (a report's figure), shown as a chip
        self.extra_chip = QPushButton()
        self.extra_chip.setObjectName("filtreExtra")  # styled in gui/style.py
        self.extra_chip.setToolTip("Retirer ce filtre")
        self.extra_chip.clicked.connect(self.clear_extra_filter)
        self.extra_chip.hide()
        filters.addWidget(self.extra_chip)
        filters.addStretch(1)
        if self.filter_boxes:
            layout.addLayout(filters)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.stack = QStackedLayout()
        self.view = self._make_view()
        self.stack.addWidget(self.view)
        self.empty = empty or EmptyState("Aucun résultat", "Aucune fiche ne correspond à la recherche.")
        self.stack.addWidget(self.empty)
        layout.addLayout(self.stack, 1)

    @staticmethod
    def _fill_filter(box: QComboBox, flt) -> None:
        box.addItem(f"{flt.label} : tous", None)
        for value, label in flt.choices:
            box.addItem(label, value)
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)

    def refresh_filters(self) -> bool:
        """Re-read the filter choices (a référent or a site added since the page was built);
        keeps each choice made. True when a chosen value has gone and the query changed."""
        changed = False
        for flt in self.source.filters():
            box = self.filter_boxes.get(flt.key)
            if box is None:
                continue
            shown = [(box.itemData(i), box.itemText(i)) for i in range(1, box.count())]
            if shown == list(flt.choices):
                continue
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            self._fill_filter(box, flt)
            self.set_filter(flt.key, current)
            box.blockSignals(False)
            changed |= current is not None and box.currentData() is None
        return changed

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        # No indicator first: enabling sorting would otherwise sort column 0 descending and
        # replace the source's own default order.
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setDefaultSectionSize(24)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.horizontalHeader().setSortIndicatorShown(True)
        view.horizontalHeader().setStretchLastSection(True)
        for i, col in enumerate(self.model.columns):
            view.setColumnWidth(i, col.width)
        # a double-click emits ``activated`` too (opening on doubleClicked as well opened two fiches)
        view.activated.connect(lambda idx: self.activated.emit(self.model.id_at(idx.row())))
        self._restore_columns(view)
        return view

    # --- query ----------------------------------------------------------------------------
    def current_query(self) -> ListQuery:
        filters = {k: b.currentData() for k, b in self.filter_boxes.items() if b.currentData() is not None}
        return self.model.query.with_(search=self.search.text(), filters=filters | self.extra)

    def set_extra_filter(self, key: str, value, label: str) -> None:
        """A filter no box offers (the young people behind a report's figure), shown as a chip
        that removes it when clicked."""
        self.extra = {key: value}
        self.extra_chip.setText(f"{label}  ✕")
        self.extra_chip.show()
        self.apply_query()

    def show_only(self, filters: dict, extra: tuple | None = None) -> None:
        """Exactly these filters (every other box back to « tous »), and optionally a chip
        ``(key, value, label)``, queried once: the rows behind a figure, nothing else."""
        for key, box in self.filter_boxes.items():
            box.blockSignals(True)
            self.set_filter(key, filters.get(key))
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if extra is None:
            self.extra = {}
            self.extra_chip.hide()
            self.apply_query()
        else:
            self.set_extra_filter(*extra)

    def clear_extra_filter(self) -> None:
        self.extra = {}
        self.extra_chip.hide()
        self.apply_query()

    def apply_query(self) -> None:
        self.model.set_query(self.current_query())
        self._update_count()

    def set_filter(self, key: str, value) -> None:
        box = self.filter_boxes.get(key)
        if box is not None:
            # findData misses equal Python objects (UUIDs) that are not the same instance.
            box.setCurrentIndex(next((i for i in range(box.count()) if box.itemData(i) == value), 0))

    def reload(self) -> None:
        if self.refresh_filters():
            self.apply_query()
        elif not self.model.rowCount() and not self.model.query.search and not self.model.query.filters:
            self.apply_query()
        else:
            self.model.refresh()
            self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{french_int(n)} fiche{'s' if n > 1 else ''}")
        self.stack.setCurrentIndex(0 if n else 1)

    def selected_ids(self) -> list:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows]

    # --- columns --------------------------------------------------------------------------
    def _choose_columns(self) -> None:
        menu = QMenu(self)
        for i, col in enumerate(self.model.columns):
            act = menu.addAction(col.label)
            act.setCheckable(True)
            act.setChecked(not self.view.isColumnHidden(i))
            act.toggled.connect(lambda on, i=i: self._toggle_column(i, on))
        menu.exec(self.columns_button.mapToGlobal(self.columns_button.rect().bottomLeft()))

    def _toggle_column(self, index: int, visible: bool) -> None:
        self.view.setColumnHidden(index, not visible)
        hidden = [c.key for i, c in enumerate(self.model.columns) if self.view.isColumnHidden(i)]
        QSettings().setValue(f"listes/{self.settings_key}/masquees", hidden)

    def _restore_columns(self, view: QTableView) -> None:
        stored = QSettings().value(f"listes/{self.settings_key}/masquees")
        hidden = set(stored if isinstance(stored, list) else ([stored] if stored else []))
        if stored is None:
            hidden = {c.key for c in self.model.columns if not c.visible}
        for i, col in enumerate(self.model.columns):
            view.setColumnHidden(i, col.key in hidden)

    def visible_keys(self) -> list[str]:
        """Keys of the shown columns, in the order the user sees them."""
        header = self.view.horizontalHeader()
        order = sorted(range(len(self.model.columns)), key=header.visualIndex)
        return [self.model.columns[i].key for i in order if not self.view.isColumnHidden(i)]

    # --- export ---------------------------------------------------------------------------
    def export_dialog(self) -> None:
        path, _ = files.getSaveFileName(
            self, "Exporter la liste", f"{self.settings_key}.xlsx",
            "Classeur Excel (*.xlsx);;CSV point-virgule (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        from ..worker import run_with_progress
        from .exporting import export_list
        query = self.current_query()
        keys = self.visible_keys()
        run_with_progress(self, "Export en cours…",
                          lambda progress, cancelled: export_list(self.source, query, path, progress,
                                                                  cancelled, keys),
                          lambda n: self.count_label.setText(f"{n} lignes exportées dans {path}"
                                                            if n != 1 else f"1 ligne exportée dans {path}"))
