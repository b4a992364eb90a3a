"""Writing into a young person's journal from any area (mise en relation, délégation, FASTT…)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from ..persistence.models import Evenement


def record_event(session: Session, *, jeune_id: uuid.UUID, when: date, type: str, author: str,
                 note: str | None = None, modalite: str | None = None, statut: str = "present",
                 conseiller_id: uuid.UUID | None = None, source_type: str | None = None,
                 source_id: uuid.UUID | None = None) -> Evenement:
    """Add one journal event inside the caller's transaction (``type``: domain.jeunes.EVENEMENT_TYPES)."""
    event = Evenement(jeune_id=jeune_id, date=when, type=type, modalite=modalite, statut=statut,
                      conseiller_id=conseiller_id, note=note, source_type=source_type,
                      source_id=source_id, created_by=author, updated_by=author)
    session.add(event)
    return event
