"""Cotraitance (PPAE délégué) records, their state history and the yearly objectives."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Entity, Tracked, utcnow


class Cotraitance(Tracked, Base):
    __tablename__ = "cotraitance"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20), index=True)
    date_affectation: Mapped[date] = mapped_column(Date, index=True)
    criteres: Mapped[int] = mapped_column(Integer)  # bit mask of the four criteria of art. 4.1
    date_acceptation: Mapped[date | None] = mapped_column(Date)
    date_refus: Mapped[date | None] = mapped_column(Date)
    motif_refus: Mapped[str | None] = mapped_column(String(300))
    date_initialisation: Mapped[date | None] = mapped_column(Date)
    etat: Mapped[int | None] = mapped_column(Integer)  # 1 actif, 2 alerte, 3 suspension
    date_etat: Mapped[date | None] = mapped_column(Date)
    date_radiation: Mapped[date | None] = mapped_column(Date)
    date_sortie: Mapped[date | None] = mapped_column(Date, index=True)
    motif_sortie: Mapped[str | None] = mapped_column(String(20))
    date_fin_prevue: Mapped[date | None] = mapped_column(Date)
    motif_fin_prevue: Mapped[str | None] = mapped_column(String(20))


class CotraitanceEtat(Entity, Base):
    """Every change of phase-2 state, dated and justified."""

    __tablename__ = "cotraitance_etat"
    cotraitance_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("cotraitance.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    etat: Mapped[int] = mapped_column(Integer)
    motif: Mapped[str] = mapped_column(String(300))
    auteur: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ObjectifAnnee(Tracked, Base):
    __tablename__ = "objectif_annee"
    annee: Mapped[int] = mapped_column(Integer, unique=True)
    total_regional: Mapped[int] = mapped_column(Integer)
    seuil_alerte_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("10"))


class ObjectifLigne(Entity, Base):
    __tablename__ = "objectif_ligne"
    objectif_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("objectif_annee.id", ondelete="CASCADE"), index=True)
    ordre: Mapped[int] = mapped_column(Integer)
    mission_locale: Mapped[str] = mapped_column(String(150))
    defm: Mapped[int] = mapped_column(Integer)
    cle_activite: Mapped[Decimal] = mapped_column(Numeric(7, 3))
    est_nous: Mapped[bool] = mapped_column(Boolean, default=False)
