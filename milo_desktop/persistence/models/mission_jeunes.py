"""Mission Jeunes: agences d'emploi, conventions, interim delegations, branch actions, FASTT referrals."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Entity, Tracked, utcnow


class AgenceEmploi(Tracked, Base):
    __tablename__ = "agence_emploi"
    nom: Mapped[str] = mapped_column(String(200))
    reseau: Mapped[str | None] = mapped_column(String(100))
    siret: Mapped[str | None] = mapped_column(String(14))
    adresse: Mapped[str | None] = mapped_column(String(300))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(120))
    contact_nom: Mapped[str | None] = mapped_column(String(150))
    contact_telephone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    referent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("utilisateur.id"))


class ConventionAgence(Tracked, Base):
    __tablename__ = "convention_agence"
    agence_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agence_emploi.id", ondelete="CASCADE"), index=True)
    date_signature: Mapped[date] = mapped_column(Date)
    duree_annees: Mapped[int] = mapped_column(Integer)
    date_denonciation: Mapped[date | None] = mapped_column(Date)


class OrientationAgence(Tracked, Base):
    """A young person oriented to an agence d'emploi (counted in the annual evaluation)."""

    __tablename__ = "orientation_agence"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    agence_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agence_emploi.id"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    conseiller_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("utilisateur.id"))


class DelegationInterim(Tracked, Base):
    __tablename__ = "delegation_interim"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    agence_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agence_emploi.id"), index=True)
    entreprise_utilisatrice: Mapped[str | None] = mapped_column(String(200))
    type_contrat: Mapped[str] = mapped_column(String(20))
    date_debut: Mapped[date] = mapped_column(Date, index=True)
    date_fin: Mapped[date | None] = mapped_column(Date)
    heures: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))


class ActionBranche(Tracked, Base):
    __tablename__ = "action_branche"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    date_debut: Mapped[date] = mapped_column(Date)
    date_fin: Mapped[date | None] = mapped_column(Date)
    resultat: Mapped[str | None] = mapped_column(String(20))


class OrientationFastt(Tracked, Base):
    """A FASTT "Point Conseils Intérimaire" referral."""

    __tablename__ = "orientation_fastt"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"), index=True)
    conseiller_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("utilisateur.id"))
    agence_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("agence_emploi.id"))
    # An agency typed in the wizard that is not (yet) among the agences d'emploi: kept as typed.
    agence_libre: Mapped[str | None] = mapped_column(String(200))
    date_debut_mission: Mapped[date | None] = mapped_column(Date)
    urgence_sos: Mapped[bool] = mapped_column(Boolean, default=False)
    preference_contact: Mapped[str | None] = mapped_column(String(20))
    disponibilites: Mapped[str | None] = mapped_column(String(300))
    consentement: Mapped[bool] = mapped_column(Boolean, default=False)
    date_consentement: Mapped[date | None] = mapped_column(Date)
    consentement_recueilli_par: Mapped[str | None] = mapped_column(String(120))
    consentement_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consentement_synthese: Mapped[bool] = mapped_column(Boolean, default=False)
    statut: Mapped[str] = mapped_column(String(20), index=True)
    date_preparation: Mapped[date] = mapped_column(Date, index=True)
    date_envoi: Mapped[date | None] = mapped_column(Date)
    date_entretien: Mapped[date | None] = mapped_column(Date)
    date_injoignable: Mapped[date | None] = mapped_column(Date)
    date_synthese: Mapped[date | None] = mapped_column(Date)
    recommandations: Mapped[str | None] = mapped_column(Text)
    date_cloture: Mapped[date | None] = mapped_column(Date)


class BesoinFastt(Entity, Base):
    __tablename__ = "besoin_fastt"
    orientation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("orientation_fastt.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(300))


class FasttHistorique(Entity, Base):
    __tablename__ = "fastt_historique"
    orientation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("orientation_fastt.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    statut: Mapped[str] = mapped_column(String(20))
    auteur: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
