"""Small record tables and form dialogs shared by the areas (offers, Mission Jeunes…)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.dates import format_date
from ...domain.errors import DomainError, DuplicateWarning
from ..dialogs.forms import ErrorLabel
from ..dialogs.messages import confirm, say_saved
from .dates import DateField


def cell_text(value) -> str:
    """A value as a table shows it: jj/mm/aaaa, oui/non, ``1 841,5`` for decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
        return text.removesuffix(",00")
    return str(value)


class RecordTable(QTableWidget):
    """A read-only table of a few records whose rows carry their id. Entrée or a double-click
    emits ``opened``, Suppr emits ``delete_requested``. Without ``widths`` the columns fit
    their content after each fill."""

    opened = Signal(object)
    delete_requested = Signal(object)

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
        self.fixed_widths = bool(widths)
        for i, w in enumerate(widths or []):
            self.setColumnWidth(i, w)
        self.doubleClicked.connect(lambda _i: self._emit(self.opened))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._emit(self.opened)
        elif event.key() == Qt.Key.Key_Delete:
            self._emit(self.delete_requested)
        else:
            super().keyPressEvent(event)

    def _emit(self, signal) -> None:
        if self.current_id() is not None:
            signal.emit(self.current_id())

    def set_rows(self, rows: list[tuple[object, list, str | None]]) -> None:
        """``(id, values, colour or None)`` per row; the selection is kept when possible."""
        keep = self.current_id()
        self.setRowCount(len(rows))
        for r, (row_id, values, colour) in enumerate(rows):
            for c, value in enumerate(values):
                self.setItem(r, c, _item(row_id, value, colour))
            if row_id == keep:
                self.selectRow(r)
        if self.currentRow() < 0 and rows and self.selectionMode() != self.SelectionMode.NoSelection:
            self.selectRow(0)
        if not self.fixed_widths:
            self.fit_columns()

    def fit_columns(self, widest: int = 280) -> None:
        """Columns sized to their content (few rows: cheap), none wider than ``widest``."""
        self.resizeColumnsToContents()
        for col in range(self.columnCount() - 1):
            self.setColumnWidth(col, min(self.columnWidth(col) + 8, widest))

    def select_id(self, row_id) -> bool:
        for row in range(self.rowCount()):
            if self.item(row, 0).data(Qt.ItemDataRole.UserRole) == row_id:
                self.selectRow(row)
                return True
        return False

    def current_id(self):
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def _item(row_id, value, colour: str | None) -> QTableWidgetItem:
    item = QTableWidgetItem(cell_text(value))
    item.setData(Qt.ItemDataRole.UserRole, row_id)
    if colour:
        item.setForeground(QColor(colour))
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


def ok_cancel(dialog: QDialog, ok_text: str = "Enregistrer", on_ok=None) -> QDialogButtonBox:
    """The dialog's « ok_text » / Annuler buttons: OK calls ``on_ok`` (default: accept)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FormDialog(QDialog):
    """A form with Enregistrer / Annuler and an error label. Subclasses implement ``save()``
    returning the saved record (or ``save(force)`` when the service may warn of a duplicate):
    a DomainError keeps the dialog open with the message next to the fields; a DuplicateWarning
    asks whether to save anyway, then calls ``save(True)``."""

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
        self.buttons = ok_cancel(self)
        self.layout_.addWidget(self.buttons)

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        self.form.addRow(label, widget)
        return widget

    def save(self, force: bool = False):  # pragma: no cover - abstract
        raise NotImplementedError

    def accept(self) -> None:
        try:
            for field in self.findChildren(DateField):  # a wrong date is said first
                if field.isEnabled():
                    field.value()
            self.saved = self._save_confirming_duplicates()
        except DomainError as err:
            self.error.show_error(err, self.fields)
            return
        self.error.clear_error(self.fields)
        say_saved(self.parentWidget() or self, f"Enregistré : {self.windowTitle()}.")
        super().accept()

    def _save_confirming_duplicates(self):
        try:
            return self.save()
        except DuplicateWarning as warn:
            if not confirm(self, "Doublon probable", f"{warn.message}\n\nEnregistrer quand même ?",
                           "Enregistrer quand même"):
                raise
            return self.save(True)
