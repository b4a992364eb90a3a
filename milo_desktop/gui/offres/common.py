"""Pieces shared by the offers widgets: a small record table, a form dialog base, a search picker,
code-list combo boxes and a read-only value with a copy button."""

from __future__ import annotations


from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QPlainTextEdit, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from ..widgets.records import FormDialog, RecordTable, button_row, cell_text, ok_cancel  # noqa: F401 - shared

GREY, GREEN, RED, ORANGE = "#777777", "#1b7a3a", "#b00020", "#a05a00"
RESULT_COLOURS = {"retenu": GREEN, "non_retenu": RED, "abandon": GREY}


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
        layout.addWidget(ok_cancel(self, "Choisir"))
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
