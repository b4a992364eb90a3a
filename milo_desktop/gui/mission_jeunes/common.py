"""Pieces shared by the Mission Jeunes widgets: a small record table, a dialog base with an
error label, agency pickers, and the outputs (PDF files, e-mail draft opened in the mail client)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
    QHeaderView, QInputDialog, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ...domain.dates import format_date
from ...domain.errors import DomainError
from ..dialogs.forms import ErrorLabel
from ..dialogs.messages import show_error

LATE = "#b00020"
ALERT_BG = "#fff4e5"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):  # 1 841,5 (narrow no-break space), 105
        text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
        return text.removesuffix(",00")
    return str(value)


def phone_text(value: str | None) -> str:
    """A stored E.164 number shown the French way (``06 12 34 56 78``)."""
    from ...domain.jeunes import format_phone
    try:
        return format_phone(value) if value and value.startswith("+") else (value or "")
    except Exception:  # noqa: BLE001 - unparsable: as stored
        return value or ""


class RecordTable(QTableWidget):
    """A read-only table of a few records: rows carry their id; Entrée / double-click opens,
    Suppr deletes (the owner connects ``opened`` and ``delete_requested``)."""

    opened = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, headers: list[str], parent=None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
                item = QTableWidgetItem(cell_text(value))
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                if colour:
                    item.setForeground(QColor(colour))
                if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
            if row_id == keep:
                self.selectRow(r)
        if self.currentRow() < 0 and rows and self.selectionMode() != self.SelectionMode.NoSelection:
            self.selectRow(0)
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


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class FormDialog(QDialog):
    """A form with OK/Annuler and an error label; subclasses implement ``save()`` returning the
    saved record (raising DomainError keeps the dialog open with the message next to the fields)."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.saved = None
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Enregistrer")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        self.form.addRow(label, widget)
        return widget

    def accept(self) -> None:
        try:
            self.saved = self.save()
        except DomainError as err:
            self.error.show_error(err, self.fields)
            return
        super().accept()

    def save(self):  # pragma: no cover - abstract
        raise NotImplementedError


def select_data(box: QComboBox, value) -> None:
    """Select the item holding ``value`` (compared in Python: ``findData`` misses UUIDs)."""
    for i in range(box.count()):
        if box.itemData(i) == value:
            box.setCurrentIndex(i)
            return


def agency_combo(services, current=None, optional: bool = False,
                 empty_label: str = "— pas encore connue —") -> QComboBox:
    box = QComboBox()
    if optional:
        box.addItem(empty_label, None)
    for agence_id, nom in services.interim.agences_choices():
        box.addItem(nom, agence_id)
    if current is not None:
        select_data(box, current)
    return box


def code_combo(codes, current=None) -> QComboBox:
    box = QComboBox()
    for code, label in codes:
        box.addItem(label, code)
    if current is not None:
        select_data(box, current)
    return box


def line(value: str | None = None, placeholder: str = "", max_len: int | None = None) -> QLineEdit:
    edit = QLineEdit(value or "")
    edit.setPlaceholderText(placeholder)
    if max_len:
        edit.setMaxLength(max_len)
    return edit


# ---------------------------------------------------------------- outputs


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_pdf(parent, title: str, default_name: str, make_pdf) -> Path | None:
    """Ask where to save, build the PDF, write it and open it; None when cancelled or refused."""
    start = Path.home() / default_name
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), "Document PDF (*.pdf)")
    if not path:
        return None
    path = Path(path).with_suffix(".pdf")
    try:
        path.write_bytes(make_pdf())
    except DomainError as err:
        show_error(parent, err)
        return None
    except OSError as err:
        show_error(parent, DomainError(f"Impossible d'écrire « {path} » : {err.strerror}."))
        return None
    open_file(path)
    return path


def fastt_email(parent, services) -> str | None:
    """The FASTT's address from the settings, asked once (and remembered) when missing."""
    from ...services.fastt import EMAIL_KEY
    current = services.settings.get(EMAIL_KEY)
    if current:
        return current
    text, ok = QInputDialog.getText(parent, "Adresse du FASTT",
                                    "Adresse e-mail du FASTT pour le Point Conseils Intérimaire :")
    if not ok or not text.strip():
        return None
    services.settings.set(EMAIL_KEY, text.strip())
    return text.strip()


def open_email_draft(parent, services, referral_id) -> Path | None:
    """Write the .eml draft (PDF attached) in the data folder and open it in the mail client."""
    to = fastt_email(parent, services)
    if to is None:
        return None
    folder = Path(services.ctx.store.data_dir) / "brouillons_fastt"
    name = services.fastt.pdf_name(referral_id).removesuffix(".pdf") + ".eml"
    try:
        path = services.fastt.email_draft(referral_id, folder / name, to)
    except DomainError as err:
        show_error(parent, err)
        return None
    open_file(path)
    return path


DRAFT_DONE = ("Brouillon ouvert dans votre messagerie (fiche PDF jointe) : {path}. "
              "Une fois le message envoyé, passez l'orientation à l'étape « Envoyée ».")
