"""Small helpers for forms: error display next to fields, date fields in jj/mm/aaaa."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

from ...domain.errors import DomainError, ValidationError

ERROR_STYLE = "border: 1px solid #b00020; background: #fff3f3;"


class ErrorLabel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("erreur")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, err: DomainError, fields: dict[str, QWidget] | None = None) -> None:
        """Show the French message and outline the fields it names."""
        fields = fields or {}
        for w in fields.values():
            w.setStyleSheet("")
        problems = err.problems if isinstance(err, ValidationError) else {err.field or "": err.message}
        self.setText("\n".join(f"• {m}" for m in problems.values()))
        self.show()
        first = None
        for name in problems:
            widget = fields.get(name)
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE)
                first = first or widget
        if first is not None:
            first.setFocus()

    def clear_error(self, fields: dict[str, QWidget] | None = None) -> None:
        for w in (fields or {}).values():
            w.setStyleSheet("")
        self.hide()


def date_edit(value: date | None = None, optional: bool = True) -> QDateEdit:
    """A date field shown jj/mm/aaaa with a calendar; empty when ``optional`` and no value."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    if optional:
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setSpecialValueText(" ")
    set_date(edit, value)
    return edit


def set_date(edit: QDateEdit, value: date | None) -> None:
    if value is None:
        edit.setDate(edit.minimumDate())
    else:
        edit.setDate(QDate(value.year, value.month, value.day))


def get_date(edit: QDateEdit) -> date | None:
    if edit.date() == edit.minimumDate() and edit.specialValueText():
        return None
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def text(edit: QLineEdit) -> str | None:
    value = edit.text().strip()
    return value or None
