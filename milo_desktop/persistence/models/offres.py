"""Employers, job offers, mises en relation and the plateformes de vocation (MRS)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Entity, Tracked, utcnow


class Entreprise(Tracked, Base):
    __tablename__ = "entreprise"
    raison_sociale: Mapped[str] = mapped_column(String(200))
    raison_fold: Mapped[str] = mapped_column(String(200), index=True)
    siret: Mapped[str | None] = mapped_column(String(14), index=True)
    naf: Mapped[str | None] = mapped_column(String(6))
    effectif: Mapped[str | None] = mapped_column(String(10))
    adresse: Mapped[str | None] = mapped_column(String(300))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(120))
    reseau: Mapped[str | None] = mapped_column(String(20), index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class Contact(Tracked, Base):
    __tablename__ = "contact"
    entreprise_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("entreprise.id", ondelete="CASCADE"), index=True)
    nom: Mapped[str] = mapped_column(String(150))
    fonction: Mapped[str | None] = mapped_column(String(150))
    telephone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))


class Offre(Tracked, Base):
    __tablename__ = "offre"
    entreprise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("entreprise.id"), index=True)
    intitule: Mapped[str] = mapped_column(String(200))
    intitule_fold: Mapped[str] = mapped_column(String(200), index=True)
    code_rome: Mapped[str | None] = mapped_column(String(5), index=True)
    libelle_rome: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    type_contrat: Mapped[str] = mapped_column(String(3))
    nature_contrat: Mapped[str] = mapped_column(String(2))
    duree_mois: Mapped[int | None] = mapped_column(Integer)
    temps_plein: Mapped[bool] = mapped_column(Boolean, default=True)
    heures_hebdo: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    commune: Mapped[str | None] = mapped_column(String(120))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    salaire: Mapped[str | None] = mapped_column(String(100))
    qualification: Mapped[int | None] = mapped_column(Integer)
    experience: Mapped[str | None] = mapped_column(String(1))
    nb_postes: Mapped[int] = mapped_column(Integer, default=1)
    mrs: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(20))
    date_recueil: Mapped[date] = mapped_column(Date, index=True)
    date_debut: Mapped[date | None] = mapped_column(Date)
    date_fin: Mapped[date | None] = mapped_column(Date)
    contact_nom: Mapped[str | None] = mapped_column(String(150))
    contact_telephone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    statut: Mapped[str] = mapped_column(String(12), index=True)
    date_statut: Mapped[date | None] = mapped_column(Date)
    numero_ft: Mapped[str | None] = mapped_column(String(10), unique=True)
    date_saisie_ft: Mapped[date | None] = mapped_column(Date)
    saisie_par: Mapped[str | None] = mapped_column(String(120))
    delegation: Mapped[bool] = mapped_column(Boolean, default=False)
    motif_delegation: Mapped[str | None] = mapped_column(String(200))
    plateforme_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("plateforme_vocation.id"))
    site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("site.id"))

    # The agent dédié's queue: offers « à saisir », oldest first.
    __table_args__ = (Index("ix_offre_statut_recueil", "statut", "date_recueil"),)


class OffreHistorique(Entity, Base):
    __tablename__ = "offre_historique"
    offre_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offre.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    statut: Mapped[str] = mapped_column(String(12))
    commentaire: Mapped[str | None] = mapped_column(String(300))
    auteur: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MiseEnRelation(Tracked, Base):
    __tablename__ = "mise_en_relation"
    offre_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offre.id", ondelete="CASCADE"), index=True)
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    conseiller_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("utilisateur.id"))
    resultat: Mapped[str] = mapped_column(String(12), default="en_attente")
    motif_non_retenu: Mapped[str | None] = mapped_column(String(40))
    date_resultat: Mapped[date | None] = mapped_column(Date)


class PlateformeVocation(Tracked, Base):
    __tablename__ = "plateforme_vocation"
    nom: Mapped[str] = mapped_column(String(150), unique=True)
    commune: Mapped[str | None] = mapped_column(String(120))


class EvaluationMrs(Tracked, Base):
    """One evaluation of a young person by a plateforme de vocation (Méthode de Recrutement par Simulation)."""

    __tablename__ = "evaluation_mrs"
    plateforme_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("plateforme_vocation.id"), index=True)
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    offre_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offre.id"))
    date: Mapped[date] = mapped_column(Date, index=True)
    reussie: Mapped[bool] = mapped_column(Boolean, default=False)
