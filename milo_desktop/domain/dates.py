"""Dates as French users write them: ``jj/mm/aaaa`` (and ISO ``aaaa-mm-jj`` in files).

Only explicit formats are accepted: ``12/31/2005`` or a bare year are refused, never guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from .errors import DomainError

_FR = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?\s*$")

MONTHS_FR = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]


def parse_date(text: str | date | None, label: str = "date") -> date | None:
    """Parse ``jj/mm/aaaa`` or ``aaaa-mm-jj``; empty gives None; anything else is refused."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    if not raw:
        return None
    m = _FR.match(raw)
    if m:
        d, mth, y = (int(g) for g in m.groups())
    else:
        m = _ISO.match(raw)
        if not m:
            raise DomainError(
                f"{label.capitalize()} « {raw} » : format non reconnu, saisissez jj/mm/aaaa.", label
            )
        y, mth, d = (int(g) for g in m.groups())
    try:
        return date(y, mth, d)
    except ValueError:
        raise DomainError(f"{label.capitalize()} « {raw} » : cette date n'existe pas.", label) from None


def format_date(value: date | None) -> str:
    """``jj/mm/aaaa``, or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_date_long(value: date) -> str:
    """``24 novembre 2026``."""
    return f"{value.day} {MONTHS_FR[value.month - 1]} {value.year}"


def add_years(value: date, years: int) -> date:
    """Same day ``years`` later, for durations (one year from entry, a convention's anniversary):
    29 February becomes 28 February in a non-leap year, so a duration never grows."""
    target = value.year + years
    if value.month == 2 and value.day == 29 and not calendar.isleap(target):
        return date(target, 2, 28)
    return value.replace(year=target)


def add_months(value: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's last day (31/08 + 6 months = 28/02)."""
    index = value.month - 1 + months
    year, month = value.year + index // 12, index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def birthday(birth: date, age: int) -> date:
    """The day a person reaches ``age``. Born on 29 February: 1 March in a non-leap year
    (French civil usage: the age is reached the day after 28 February)."""
    target = birth.year + age
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(target):
        return date(target, 3, 1)
    return birth.replace(year=target)


def age_on(birth: date, on: date) -> int:
    """Age in whole years on a day, consistent with :func:`birthday`."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def month_label(year: int, month: int) -> str:
    return f"{MONTHS_FR[month - 1]} {year}"
