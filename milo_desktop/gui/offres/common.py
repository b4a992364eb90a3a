"""Pieces shared by the offers widgets: a small record table, a form dialog base, a search picker,
code-list combo boxes and a read-only value with a copy button."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListWidget, QPlainTextEdit, QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ...domain.dates import format_date
from ...domain.errors import DomainError, DuplicateWarning
from ..dialogs.forms import ErrorLabel
from ..dialogs.messages import confirm

GREY, GREEN, RED, ORANGE = "#777777", "#1b7a3a", "#b00020", "#a05a00"
RESULT_COLOURS = {"retenu": GREEN, "non_retenu": RED, "abandon": GREY}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


class RecordTable(QTableWidget):
    """Read-only rows carrying their id; Entrée or double-click emits ``opened``."""

    opened = Signal(object)

    def __init__(self, headers: list[str], widths: list[int] | None = None, parent=None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, w in enumerate(widths or []):
            self.setColumnWidth(i, w)
        self.doubleClicked.connect(lambda _i: self._open())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self._open, context=Qt.ShortcutContext.WidgetShortcut)

    def _open(self) -> None:
        if self.current_id() is not None:
            self.opened.emit(self.current_id())

    def set_rows(self, rows: list[tuple[object, list, str | None]]) -> None:
        """``(id, values, colour or None)`` per row; the selection is kept when possible."""
        keep = self.current_id()
        self.setRowCount(len(rows))
        for r, (row_id, values, colour) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(cell_text(value))
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                if colour:
                    item.setForeground(QColor(colour))
                if isinstance(value, int) and not isinstance(value, bool):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
            if row_id == keep:
                self.selectRow(r)
        if self.currentRow() < 0 and rows:
            self.selectRow(0)

    def current_id(self):
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


def code_combo(codes, empty: str | None = None, show_code: bool = False) -> QComboBox:
    """A combo over a ``(code, libellé)`` list; ``empty`` adds a first "no value" item."""
    box = QComboBox()
    if empty is not None:
        box.addItem(empty, None)
    for code, label in codes:
        box.addItem(f"{code} – {label}" if show_code else label, code)
    return box


def set_combo(box: QComboBox, value) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


class FormDialog(QDialog):
    """A form with Enregistrer / Annuler and an error label. Subclasses implement ``save(force)``
    returning the saved record; a DomainError keeps the dialog open with the message next to the
    fields, a DuplicateWarning asks whether to save anyway."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.saved = None
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = ErrorLabel()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Enregistrer")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def save(self, force: bool = False):  # pragma: no cover - abstract
        raise NotImplementedError

    def accept(self) -> None:
        force = False
        while True:
            try:
                self.saved = self.save(force)
            except DuplicateWarning as warn:
                if not force and confirm(self, "Doublon probable", f"{warn.message}\n\nEnregistrer quand même ?",
                                         "Enregistrer quand même"):
                    force = True
                    continue
                self.error.show_error(warn, self.fields)
                return
            except DomainError as err:
                self.error.show_error(err, self.fields)
                return
            break
        self.error.clear_error(self.fields)
        super().accept()


class SearchPicker(QDialog):
    """Type to search, pick with Entrée or a double-click: ``search(text) -> [(id, label)]``."""

    def __init__(self, title: str, search, placeholder: str = "Rechercher…", parent=None,
                 initial: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 420)
        self._search = search
        self.chosen = None
        layout = QVBoxLayout(self)
        self.query = QLineEdit(initial, placeholderText=placeholder, clearButtonEnabled=True)
        self.results = QListWidget()
        self.hint = QLabel()
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choisir")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.accept)
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.query.installEventFilter(self)
        self.refresh()

    def eventFilter(self, obj, event):  # noqa: N802 - arrows in the search box move the list
        from PySide6.QtCore import QEvent
        if obj is self.query and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return True
        return super().eventFilter(obj, event)

    def refresh(self) -> None:
        self.results.clear()
        found = self._search(self.query.text())
        for item_id, label in found:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.hint.setText(f"{len(found)} résultat(s)" if found else "Aucun résultat : précisez la recherche.")

    def accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen = (item.data(Qt.ItemDataRole.UserRole), item.text())
        super().accept()


class CopyField(QWidget):
    """A read-only value and a « Copier » button putting it on the clipboard."""

    copied = Signal(str)

    def __init__(self, label: str, value: str, parent=None):
        super().__init__(parent)
        self.label, self.raw = label, value
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if "\n" in value or len(value) > 90:
            self.value = QPlainTextEdit(value)
            self.value.setMaximumHeight(90)
        else:
            self.value = QLineEdit(value)
            self.value.setCursorPosition(0)
        self.value.setReadOnly(True)
        self.button = QPushButton("Copier")
        self.button.setToolTip(f"Copier « {label} » dans le presse-papiers")
        self.button.setEnabled(bool(value))
        self.button.clicked.connect(self.copy)
        row.addWidget(self.value, 1)
        row.addWidget(self.button)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.raw)
        self.copied.emit(self.label)
