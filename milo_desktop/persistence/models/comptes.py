"""Accounts' sites and the audit trail (issue 11).

The account itself lives on ``utilisateur`` (identifiant, password hash, lock-out counters):
a person keeps their authorship on records when their account is disabled.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class UtilisateurSite(Base):
    """The sites an account works for (its scope « ses sites »)."""

    __tablename__ = "utilisateur_site"
    utilisateur_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("utilisateur.id", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("site.id"), primary_key=True)


class AuditEvenement(Base):
    """One append-only, hash-chained event. Ids and field names only: never a personal value.

    ``seq`` is given by the application (last + 1, inside the writing transaction): the primary
    key makes a fork of the chain impossible, on SQLite as on a server; replicas (sync) use
    ``id`` to tell events apart."""

    __tablename__ = "audit_evenement"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                     autoincrement=False)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    horodatage: Mapped[datetime] = mapped_column(DateTime, index=True)
    utilisateur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(60), index=True)
    objet: Mapped[str | None] = mapped_column(String(60))
    objet_id: Mapped[str | None] = mapped_column(String(40), index=True)
    jeune_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    champs: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    precedent: Mapped[str] = mapped_column(String(64))
    empreinte: Mapped[str] = mapped_column(String(64))
