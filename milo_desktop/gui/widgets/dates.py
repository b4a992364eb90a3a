"""The one date field of the application: typed ``jj/mm/aaaa`` as on paper, with a calendar.

A plain line edit (no sections to step through, unlike ``QDateEdit``): what is displayed is
exactly what is saved. ``01102026`` becomes ``01/10/2026`` as soon as the eighth digit is typed,
``1/10/2026`` is shown ``01/10/2026`` on leaving the field; clicking into the field selects its
date so typing replaces it; an optional date starts empty, can be cleared (its clear button or
Ctrl+A, Suppr) and its calendar opens on today. An incomplete or impossible date is outlined in
red with its French message as a tooltip, and ``value()`` refuses it (``DomainError``) so the
dialog's save shows the message and stays open. Alt+Bas or F4 opens the calendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.dates import format_date, parse_date
from ...domain.errors import DomainError

_EIGHT_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ERROR_RULE = "border: 1px solid #b00020; background: #fff3f3;"


def error_style(widget: QWidget) -> str:
    """The red outline of a field in error, scoped to the field's own Qt class so that it
    does not leak into its children (a combo's drop-down list stays white)."""
    meta = widget.metaObject()
    while meta is not None and not meta.className().startswith("Q"):
        meta = meta.superClass()
    return f"{meta.className() if meta else 'QWidget'} {{ {_ERROR_RULE} }}"


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _calendar_icon() -> QIcon:
    """A small drawn calendar (no image file to ship)."""
    pix = QPixmap(QSize(16, 16))
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QPen(QColor("#1f3b63"), 1))
    p.setBrush(QColor("white"))
    p.drawRect(1, 2, 13, 12)
    p.fillRect(1, 2, 14, 4, QColor("#1f3b63"))
    for x in (4, 7, 10):
        for y in (8, 11):
            p.fillRect(x, y, 2, 2, QColor("#1f3b63"))
    p.end()
    return QIcon(pix)


class _CalendarPopup(QFrame):
    """The calendar under the field; a click or Entrée picks the day, Échap closes."""

    def __init__(self, field: DateField):
        super().__init__(field, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.field = field
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(QLocale(QLocale.Language.French, QLocale.Country.France))
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _pick(self, qdate: QDate) -> None:
        self.hide()
        self.field.set_date(qdate.toPython())
        self.field.setFocus()
        self.field.dateChanged.emit(self.field.value_or_none())


class DateField(QLineEdit):
    """See the module docstring. ``dateChanged`` carries the new date (or None when emptied)
    each time the text becomes a valid date or empty."""

    dateChanged = Signal(object)

    def __init__(self, value: date | None = None, optional: bool = True, parent: QWidget | None = None,
                 today: Callable[[], date] | None = None, label: str | None = None):
        super().__init__(parent)
        self.optional = optional
        self._today = today
        self.label = label
        self.minimum: date | None = None
        self.maximum: date | None = None
        self._popup: _CalendarPopup | None = None
        self.setPlaceholderText("jj/mm/aaaa")
        self.setMaxLength(10)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9/]{0,10}"), self))
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 60)
        self.setClearButtonEnabled(optional)
        self.calendar_action = QAction(_calendar_icon(), "Calendrier", self)
        self.calendar_action.setToolTip("Choisir dans le calendrier (Alt+Bas)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self._finished)
        self.set_date(value)

    # --- values ---------------------------------------------------------------------------
    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value) if value else "")
        self._mark(None)

    def setDate(self, value) -> None:  # noqa: N802 - QDateEdit's name, for old call sites
        self.set_date(value.toPython() if isinstance(value, QDate) else value)

    def date(self) -> QDate:  # QDateEdit's name, for old call sites: an invalid QDate when none
        value = self.value_or_none()
        return _qdate(value) if value else QDate()

    def set_maximum(self, value: date | None) -> None:
        self.maximum = value

    def set_minimum(self, value: date | None) -> None:
        self.minimum = value

    def field_label(self) -> str:
        """The label of the form row (« Date d'acceptation »), for messages."""
        if self.label:
            return self.label
        window = self.window()
        for lbl in window.findChildren(QLabel) if window is not None else ():
            buddy = lbl.buddy()
            if buddy is not None and (buddy is self or buddy.isAncestorOf(self)) and lbl.text().strip():
                return lbl.text().replace("&", "").replace("*", "").strip().rstrip(":").strip()
        return self.accessibleName() or "Date"

    def value(self) -> date | None:
        """The date shown; None when empty and optional; a French DomainError otherwise (the
        field is then outlined in red with the message as tooltip)."""
        try:
            value = self._value()
        except DomainError as err:
            self._mark(err.message)
            raise
        self._mark(None)
        return value

    def _value(self) -> date | None:
        self._tidy()
        raw = self.text().strip()
        label = self.field_label()
        if not raw:
            if self.optional:
                return None
            raise DomainError(f"{label} : date obligatoire (jj/mm/aaaa).", label)
        try:
            value = parse_date(raw, label)
        except DomainError as err:
            if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", raw) is None:
                err = DomainError(f"{label} « {raw} » : date incomplète, saisissez jj/mm/aaaa "
                                  "(par exemple 01/10/2026).", label)
            raise err from None
        if self.minimum and value < self.minimum:
            raise DomainError(f"{label} : pas avant le {format_date(self.minimum)}.", label)
        if self.maximum and value > self.maximum:
            raise DomainError(f"{label} : pas après le {format_date(self.maximum)}.", label)
        self.setText(format_date(value))  # displayed exactly as it will be saved
        return value

    def typed_text(self) -> str | None:
        """The text to hand to a service that parses dates itself (the fiche's identity):
        tidied as displayed, None when empty."""
        self._tidy()
        value = self.value_or_none()
        if value is not None:
            self.setText(format_date(value))
        return self.text().strip() or None

    def value_or_none(self) -> date | None:
        try:
            return self.value()
        except DomainError:
            return None

    def is_valid(self) -> bool:
        try:
            self.value()
        except DomainError:
            return False
        return True

    # --- typing ---------------------------------------------------------------------------
    def _tidy(self) -> None:
        m = _EIGHT_DIGITS.match(self.text().strip())
        if m:
            self.setText("/".join(m.groups()))

    def _edited(self, text: str) -> None:
        if _EIGHT_DIGITS.match(text.strip()):
            self._tidy()
        raw = self.text().strip()
        if not raw or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", raw):
            try:
                value = self.value()
            except DomainError:
                return
            self.dateChanged.emit(value)
        else:
            self._mark(None)  # still being typed: judged on leaving the field

    def _finished(self) -> None:
        self.value_or_none()  # outlines an incomplete or impossible date

    def _mark(self, message: str | None) -> None:
        """Outline the field in red with the message as tooltip."""
        self._error = message
        self.setStyleSheet(error_style(self) if message else "")
        self.setToolTip(message or "")

    def has_error(self) -> bool:
        return bool(getattr(self, "_error", None))

    # --- mouse and keys -------------------------------------------------------------------
    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Qt gives the focus before delivering the press: remember that this click brought it.
        self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason
        super().focusInEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mousePressEvent(event)
        if getattr(self, "_clicked_in", False) and event.button() == Qt.MouseButton.LeftButton:
            self.selectAll()  # a click into the field then typing replaces the date
        self._clicked_in = False

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        alt_down = (event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def today(self) -> date:
        """Today as the application sees it: the services' day (tests fix it) of the first
        parent that has services, else the computer's date."""
        if self._today is not None:
            return self._today()
        widget = self.parentWidget()
        while widget is not None:
            services = getattr(widget, "services", None)
            if services is not None and hasattr(services, "ctx"):
                return services.ctx.today()
            widget = widget.parentWidget()
        return date.today()

    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
        shown = self.value_or_none() or self.today()
        cal = self._popup.calendar
        cal.setMinimumDate(_qdate(self.minimum) if self.minimum else QDate(1900, 1, 1))
        cal.setMaximumDate(_qdate(self.maximum) if self.maximum else QDate(2200, 12, 31))
        cal.setSelectedDate(_qdate(shown))
        cal.setCurrentPage(shown.year, shown.month)
        self._popup.adjustSize()
        pos = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and pos.y() + self._popup.height() > screen.bottom():
            pos = self.mapToGlobal(QPoint(0, -self._popup.height()))
        self._popup.move(pos)
        self._popup.show()
        cal.setFocus()

    @property
    def calendar(self) -> QCalendarWidget | None:
        return self._popup.calendar if self._popup is not None else None


def date_fields(root: QWidget) -> list[DateField]:
    return root.findChildren(DateField)


def foreign_date_widgets(root: QWidget) -> list[QWidget]:
    """Date widgets under ``root`` that are not the shared DateField (for the tests)."""
    from PySide6.QtWidgets import QDateTimeEdit
    found: list[QWidget] = list(root.findChildren(QDateTimeEdit))
    for cal in root.findChildren(QCalendarWidget):
        if not isinstance(cal.parent(), _CalendarPopup):
            found.append(cal)
    return found


