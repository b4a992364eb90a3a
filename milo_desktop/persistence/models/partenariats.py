"""Employer partnerships (MEDEF, IMS): events with young people and CVs sent with consent."""

from __future__ import annotations

import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Tracked


class EvenementPartenaire(Tracked, Base):
    __tablename__ = "evenement_partenaire"
    reseau: Mapped[str] = mapped_column(String(20), index=True)  # medef | ims | autre
    type: Mapped[str] = mapped_column(String(30))  # forum, job_training, info_collective, visite, parrainage
    titre: Mapped[str] = mapped_column(String(200))
    date: Mapped[date] = mapped_column(Date, index=True)
    entreprise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("entreprise.id"))
    nb_jeunes: Mapped[int] = mapped_column(Integer, default=0)
    nb_entreprises: Mapped[int] = mapped_column(Integer, default=0)


class ObjectifPartenariat(Tracked, Base):
    """One objective of a network's annual action plan (convention ``000_…``): operational or
    result, measured by a figure of the bilan (``indicateur``) or one the adviser records."""

    __tablename__ = "objectif_partenariat"
    annee: Mapped[int] = mapped_column(Integer)
    reseau: Mapped[str] = mapped_column(String(20))  # medef | ims
    nature: Mapped[str] = mapped_column(String(20))  # operationnel | resultat
    libelle: Mapped[str] = mapped_column(String(200))
    indicateur: Mapped[str] = mapped_column(String(30))  # domain.partenariats.INDICATEURS_PLAN
    cible: Mapped[int] = mapped_column(Integer)
    realise: Mapped[int | None] = mapped_column(Integer)  # typed, for an « autre » indicator only

    __table_args__ = (Index("ix_objectif_partenariat_annee", "annee", "reseau"),)


class TransmissionCv(Tracked, Base):
    """A CV sent to a partner company — only ever with the young person's recorded consent."""

    __tablename__ = "transmission_cv"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    entreprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entreprise.id"), index=True)
    offre_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offre.id"))
    date: Mapped[date] = mapped_column(Date, index=True)
    date_consentement: Mapped[date] = mapped_column(Date)
