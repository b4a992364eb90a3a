"""The report chooser: which report, which period (year, semester or free dates), which site."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QProgressBar, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError
from ..widgets.dates import DateField

SEMESTRES = (("Année entière", None), ("1er semestre (janvier-juin)", 1), ("2e semestre (juillet-décembre)", 2))


def _date_edit(value: date, today: date) -> DateField:
    return DateField(value, optional=False, today=lambda: today)


class ReportChooser(QWidget):
    """Emits ``generate_requested`` with the chosen parameters; shows progress and cancel."""

    generate_requested = Signal(dict)
    cancel_requested = Signal()

    def __init__(self, kinds, sites, today, parent=None):
        super().__init__(parent)
        self._kinds = {k.code: k for k in kinds}
        layout = QVBoxLayout(self)
        layout.addWidget(self._kind_box(kinds))
        layout.addWidget(self._period_box(today))
        layout.addWidget(self._site_box(sites))
        layout.addLayout(self._buttons())
        layout.addStretch(1)
        self.kind_list.setCurrentRow(0)

    # --- building -------------------------------------------------------------------------
    def _kind_box(self, kinds) -> QGroupBox:
        box = QGroupBox("Bilan")
        inner = QVBoxLayout(box)
        self.kind_list = QListWidget()
        self.kind_list.setObjectName("choixBilan")
        for kind in kinds:
            item = QListWidgetItem(kind.title)
            item.setData(Qt.ItemDataRole.UserRole, kind.code)
            item.setToolTip(kind.description)
            self.kind_list.addItem(item)
        self.kind_list.setWordWrap(True)
        self.kind_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kind_list.setFixedHeight(22 * (len(kinds) + 1) + 8)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("descriptionBilan")
        self.kind_list.currentRowChanged.connect(self._kind_changed)
        inner.addWidget(self.kind_list)
        inner.addWidget(self.description)
        return box

    def _period_box(self, today) -> QGroupBox:
        box = QGroupBox("Période")
        form = QFormLayout(box)
        self.by_year, self.by_dates = QRadioButton("Année civile"), QRadioButton("Période libre")
        self.by_year.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_year)
        group.addButton(self.by_dates)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.semester = QComboBox()
        for label, value in SEMESTRES:
            self.semester.addItem(label, value)
        self.start = _date_edit(date(today.year, 1, 1), today)
        self.end = _date_edit(date(today.year, 12, 31), today)
        form.addRow(self.by_year)
        form.addRow("Année :", self.year)
        form.addRow("Semestre :", self.semester)
        form.addRow(self.by_dates)
        form.addRow("Du :", self.start)
        form.addRow("Au :", self.end)
        self.by_year.toggled.connect(self._period_mode)
        self._period_mode(True)
        return box

    def _site_box(self, sites) -> QGroupBox:
        box = QGroupBox("Périmètre")
        inner = QVBoxLayout(box)
        self.site = QComboBox()
        self.set_sites(sites)
        inner.addWidget(self.site)
        self.annexes = QCheckBox("Annexes détaillées dans le PDF")
        self.annexes.setToolTip("Imprime aussi les listes ligne à ligne (offres en délégation…), "
                                "toujours présentes dans les tableaux exportés pour Excel")
        inner.addWidget(self.annexes)
        return box

    def set_sites(self, sites) -> None:
        """(Re)fill the sites, keeping the current choice when it still exists."""
        current = self.site.currentData()
        self.site.clear()
        self.site.addItem("Toute la Mission Locale", None)
        for site_id, name in sites:
            self.site.addItem(name, site_id)
        self.site.setCurrentIndex(max(0, self.site.findData(current)))

    def _buttons(self) -> QVBoxLayout:
        col = QVBoxLayout()
        self.generate = QPushButton("Générer le bilan")
        self.generate.setDefault(True)
        self.generate.setShortcut("Ctrl+Return")
        self.generate.setToolTip("Calcule le bilan et l'affiche (Ctrl+Entrée)")
        self.generate.clicked.connect(self._emit)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cancel = QPushButton("Annuler")
        self.cancel.setVisible(False)
        self.cancel.clicked.connect(self.cancel_requested)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        col.addWidget(self.generate)
        col.addLayout(row)
        col.addWidget(self.status)
        return col

    # --- behaviour ------------------------------------------------------------------------
    def _kind_changed(self, _row: int) -> None:
        kind = self._kinds[self.kind_code()]
        self.description.setText(kind.description)
        self.annexes.setChecked(getattr(kind, "annexes", False))
        if kind.semester and self.semester.currentData() is None:
            self.semester.setCurrentIndex(1)
        self.semester.model().item(0).setEnabled(not kind.semester)

    def _period_mode(self, by_year: bool) -> None:
        for w in (self.year, self.semester):
            w.setEnabled(by_year)
        for w in (self.start, self.end):
            w.setEnabled(not by_year)

    def kind_code(self) -> str:
        item = self.kind_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else next(iter(self._kinds))

    def select_kind(self, code: str) -> None:
        for row in range(self.kind_list.count()):
            if self.kind_list.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.kind_list.setCurrentRow(row)

    def params(self) -> dict:
        values = {"code": self.kind_code(), "site": self.site.currentData(),
                  "annexes": self.annexes.isChecked()}
        if self.by_year.isChecked():
            values.update(year=self.year.value(), semester=self.semester.currentData())
        else:
            values.update(start=self.start.value(), end=self.end.value())
        return values

    def _emit(self) -> None:
        try:
            params = self.params()
        except DomainError as err:  # a free date incomplete or impossible: said, nothing run
            self.status.setText(err.message)
            from ..dialogs.messages import show_error
            show_error(self, err)
            return
        self.generate_requested.emit(params)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.generate.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel.setVisible(busy)
        self.cancel.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
        self.status.setText(message)

    def show_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setValue(int(done * 100 / total) if total else 0)
        if message:
            self.status.setText(message)
