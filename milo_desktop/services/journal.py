"""The young person's journal: events in date order (newest first), add, edit, delete."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.jeunes import EVENEMENT_TYPES, MODALITES, STATUTS_RDV, label
from ..domain.journal import EventInput, validate_event
from ..persistence.models import Evenement, Jeune, Utilisateur
from .base import Service, check_version, get_or_404, translate_stale
from .events import record_event

WHAT = "Cet événement du journal"


@dataclass(frozen=True)
class EventData:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    date: date
    type: str
    modalite: str | None
    statut: str
    conseiller_id: uuid.UUID | None
    conseiller_nom: str
    note: str | None
    source_type: str | None
    created_at: datetime

    @property
    def type_label(self) -> str:
        return label(EVENEMENT_TYPES, self.type)

    @property
    def modalite_label(self) -> str:
        return label(MODALITES, self.modalite)

    @property
    def statut_label(self) -> str:
        return label(STATUTS_RDV, self.statut)

    def as_input(self) -> EventInput:
        return EventInput(self.date, self.type, self.modalite, self.statut, self.conseiller_id, self.note)


_COLUMNS = (Evenement.id, Evenement.version, Evenement.jeune_id, Evenement.date, Evenement.type,
            Evenement.modalite, Evenement.statut, Evenement.conseiller_id,
            Utilisateur.prenom, Utilisateur.nom, Evenement.note, Evenement.source_type,
            Evenement.created_at)


def _select():
    return select(*_COLUMNS).outerjoin(Utilisateur, Utilisateur.id == Evenement.conseiller_id)


def _event(r) -> EventData:
    who = f"{r.prenom} {r.nom}" if r.nom else ""
    return EventData(r.id, r.version, r.jeune_id, r.date, r.type, r.modalite, r.statut,
                     r.conseiller_id, who, r.note, r.source_type, r.created_at)


def _read_one(s: Session, event_id: uuid.UUID) -> EventData:
    return _event(s.execute(_select().where(Evenement.id == event_id)).one())


class JournalService(Service):
    def events(self, jeune_id: uuid.UUID, limit: int | None = None) -> list[EventData]:
        """The journal of one young person, newest first (same day: last entered first)."""
        q = (_select().where(Evenement.jeune_id == jeune_id)
             .order_by(Evenement.date.desc(), Evenement.created_at.desc()))
        with self.store.read() as s:
            return [_event(r) for r in s.execute(q.limit(limit) if limit else q)]

    def upcoming(self, jeune_id: uuid.UUID, limit: int = 5) -> list[EventData]:
        """Planned appointments from today on, soonest first."""
        q = (_select().where(Evenement.jeune_id == jeune_id, Evenement.statut == "planifie",
                             Evenement.date >= self.today())
             .order_by(Evenement.date, Evenement.created_at).limit(limit))
        with self.store.read() as s:
            return [_event(r) for r in s.execute(q)]

    def add(self, jeune_id: uuid.UUID, data: EventInput) -> EventData:
        data = validate_event(data, self.today())
        with self.store.write() as s:
            get_or_404(s, Jeune, jeune_id, "La fiche du jeune")
            adviser = self._adviser(s, data.conseiller_id)
            event = record_event(s, jeune_id=jeune_id, when=data.date, type=data.type,
                                 author=self.ctx.author, note=data.note, modalite=data.modalite,
                                 statut=data.statut, conseiller_id=adviser)
            s.flush()
            return _read_one(s, event.id)

    @translate_stale
    def update(self, event_id: uuid.UUID, data: EventInput, version: int) -> EventData:
        data = validate_event(data, self.today())
        with self.store.write() as s:
            event = get_or_404(s, Evenement, event_id, WHAT)
            check_version(event, version)
            self.stamp(event)
            event.conseiller_id = self._adviser(s, data.conseiller_id)
            for name in ("date", "type", "modalite", "statut", "note"):
                setattr(event, name, getattr(data, name))
            s.flush()
            return _read_one(s, event.id)

    @translate_stale
    def delete(self, event_id: uuid.UUID, version: int | None = None) -> None:
        with self.store.write() as s:
            event = get_or_404(s, Evenement, event_id, WHAT)
            check_version(event, version)
            s.delete(event)

    def _adviser(self, s: Session, conseiller_id: uuid.UUID | None) -> uuid.UUID | None:
        """The adviser given (it must exist), else the current user."""
        if conseiller_id is None:
            return self.ctx.user.id
        if s.get(Utilisateur, conseiller_id) is None:
            raise ValidationError({"conseiller": "Conseiller : cette personne n'existe plus."})
        return conseiller_id
