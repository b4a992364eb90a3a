"""Small helpers for forms: error display next to fields, date fields in jj/mm/aaaa."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...domain.errors import DomainError, ValidationError
from ..widgets.dates import DateField, error_style

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
            if not (isinstance(w, DateField) and w.has_error()):  # a wrong date stays outlined
                w.setStyleSheet("")
        problems = err.problems if isinstance(err, ValidationError) else {err.field or "": err.message}
        self.setText("\n".join(f"• {m}" for m in problems.values()))
        self.show()
        first = None
        for name in problems:
            widget = fields.get(name)
            if widget is not None:
                widget.setStyleSheet(error_style(widget))
                first = first or widget
        if first is not None:
            first.setFocus()

    def clear_error(self, fields: dict[str, QWidget] | None = None) -> None:
        for w in (fields or {}).values():
            w.setStyleSheet("")
        self.hide()


def date_edit(value: date | None = None, optional: bool = True, today=None) -> DateField:
    """The application's one date field (``widgets/dates.py``): typed jj/mm/aaaa, with a
    calendar; empty when ``optional`` and no value."""
    return DateField(value, optional, today=today)


def set_date(edit: DateField, value: date | None) -> None:
    edit.set_date(value)


def get_date(edit: DateField) -> date | None:
    """The date displayed; a French DomainError for an incomplete, impossible or missing date."""
    return edit.value()


def text(edit: QLineEdit) -> str | None:
    value = edit.text().strip()
    return value or None
