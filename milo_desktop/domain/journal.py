"""The young person's journal (événements): what an adviser types, and its validation.

Pure rules, no storage: :func:`validate_event` checks every field at once and returns the
normalised input, or raises one ``ValidationError`` listing the French messages by field.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from .dates import add_years, format_date, parse_date
from .errors import DomainError, Problems
from .codes import check_code, required_code
from .jeunes import EVENEMENT_TYPES, MODALITES, STATUTS_RDV
from .text import clean

NOTE_MAX = 500
# How far an event may be dated: planned appointments up to two years ahead, history up to 30.
YEARS_AHEAD = 2
YEARS_BACK = 30


@dataclass(frozen=True)
class EventInput:
    """One journal line as typed: date (``date`` or ``jj/mm/aaaa``), codes, adviser, note."""

    date: date | str | None = None
    type: str | None = None
    modalite: str | None = None
    statut: str | None = "present"
    conseiller_id: uuid.UUID | None = None
    note: str | None = None


def validate_event_date(value: date | str | None, today: date) -> date:
    """Required, ``jj/mm/aaaa``, within 30 years back and 2 years ahead."""
    when = parse_date(value, "date")
    if when is None:
        raise DomainError("Date : obligatoire.", "date")
    if when > add_years(today, YEARS_AHEAD):
        raise DomainError(f"Date {format_date(when)} : plus de {YEARS_AHEAD} ans dans le futur.", "date")
    if when < add_years(today, -YEARS_BACK):
        raise DomainError(f"Date {format_date(when)} : date invraisemblable.", "date")
    return when


def validate_note(value: str | None) -> str | None:
    """Trimmed short note of at most NOTE_MAX characters; empty gives None."""
    note = clean(value)
    if note is not None and len(note) > NOTE_MAX:
        raise DomainError(f"Note : {NOTE_MAX} caractères au plus ({len(note)} saisis).", "note")
    return note


def validate_event(data: EventInput, today: date) -> EventInput:
    """Check every field, raise one ValidationError listing all problems, or return the
    normalised event. ``statut`` defaults to « présent » when left empty."""
    p = Problems()
    values = {
        "date": p.check("date", validate_event_date, data.date, today),
        "type": p.check("type", required_code, EVENEMENT_TYPES, data.type, "type", "Type"),
        "modalite": p.check("modalite", check_code, MODALITES, data.modalite, "modalite", "Modalité"),
        "statut": p.check("statut", check_code, STATUTS_RDV, data.statut, "statut", "Statut") or "present",
        "note": p.check("note", validate_note, data.note),
    }
    p.raise_if_any()
    return replace(data, **values)
