"""The Mission Locale itself, its sites, the people who use the app, and settings."""

from __future__ import annotations

import uuid

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Tracked


class Organisation(Tracked, Base):
    __tablename__ = "organisation"
    nom: Mapped[str] = mapped_column(String(200))
    adresse: Mapped[str | None] = mapped_column(String(300))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(120))
    departement: Mapped[str | None] = mapped_column(String(3))
    telephone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    logo_path: Mapped[str | None] = mapped_column(String(500))
    libelle_service_emploi: Mapped[str] = mapped_column(String(100), default="France Travail")


class Site(Tracked, Base):
    __tablename__ = "site"
    nom: Mapped[str] = mapped_column(String(150), unique=True)
    type: Mapped[str] = mapped_column(String(20))  # siege | antenne | point_accueil
    adresse: Mapped[str | None] = mapped_column(String(300))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(120))
    actif: Mapped[bool] = mapped_column(Boolean, default=True)


class Utilisateur(Tracked, Base):
    __tablename__ = "utilisateur"
    nom: Mapped[str] = mapped_column(String(100))
    prenom: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # conseiller | agent_ft | direction | admin
    site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("site.id"))
    actif: Mapped[bool] = mapped_column(Boolean, default=True)
    # The account (issue 11): no hash = no access until the administrator sets a password.
    identifiant: Mapped[str | None] = mapped_column(String(60), unique=True, index=True)
    mot_de_passe: Mapped[str | None] = mapped_column(String(200))  # Argon2id PHC string
    changer_mot_de_passe: Mapped[bool] = mapped_column(Boolean, default=False)
    echecs: Mapped[int] = mapped_column(Integer, default=0)
    verrouillages: Mapped[int] = mapped_column(Integer, default=0)
    verrouille_jusqu_au: Mapped[datetime | None] = mapped_column(DateTime)
    fin_autorisation: Mapped[date | None] = mapped_column(Date)


class Parametre(Base):
    """Key/value settings (JSON text): thresholds, partner logos, the last user and site."""

    __tablename__ = "parametre"
    cle: Mapped[str] = mapped_column(String(100), primary_key=True)
    valeur: Mapped[str] = mapped_column(Text)
