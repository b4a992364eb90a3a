"""The young person's file, programmes and journal."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Entity, Tracked


# The list order after a sort column (services/jeunes_list.py: TAIL, then the id).
LIST_ORDER = ("nom_fold", "prenom_fold", "archive", "id")
# Index -> the sort or filter column it leads with, followed by LIST_ORDER (revision 0005).
TRI_INDEXES = {
    "ix_jeune_tri_naissance": "date_naissance", "ix_jeune_tri_code_postal": "code_postal",
    "ix_jeune_tri_telephone": "telephone", "ix_jeune_tri_email": "email",
    "ix_jeune_tri_referent": "referent_id", "ix_jeune_tri_site": "site_id",
    "ix_jeune_tri_phase": "cotra_phase", "ix_jeune_tri_etat": "cotra_etat",
    "ix_jeune_tri_fin": "date_fin_prevue", "ix_jeune_tri_archive": "archive",
}


def tri_columns(column: str) -> tuple[str, ...]:
    return (column, *(c for c in LIST_ORDER if c != column))


class Jeune(Tracked, Base):
    __tablename__ = "jeune"
    nom: Mapped[str] = mapped_column(String(100))
    nom_usage: Mapped[str | None] = mapped_column(String(100))
    prenom: Mapped[str] = mapped_column(String(100))
    sexe: Mapped[str] = mapped_column(String(1))
    date_naissance: Mapped[date] = mapped_column(Date)
    adresse: Mapped[str | None] = mapped_column(String(300))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(120))
    telephone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    identifiant_ft: Mapped[str | None] = mapped_column(String(8), unique=True)
    numero_imilo: Mapped[str | None] = mapped_column(String(20))
    niveau_formation: Mapped[str | None] = mapped_column(String(4))
    date_inscription_ft: Mapped[date | None] = mapped_column(Date)
    indemnise: Mapped[bool] = mapped_column(Boolean, default=False)
    qpv: Mapped[bool] = mapped_column(Boolean, default=False)
    zrr: Mapped[bool] = mapped_column(Boolean, default=False)
    rqth: Mapped[bool] = mapped_column(Boolean, default=False)
    permis_b: Mapped[bool] = mapped_column(Boolean, default=False)
    vehicule: Mapped[bool] = mapped_column(Boolean, default=False)
    hebergement: Mapped[str | None] = mapped_column(String(20))
    referent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("utilisateur.id"))
    site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("site.id"))
    archive: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when the file was anonymised (domain.retention): identity and free texts are gone.
    anonymise_le: Mapped[date | None] = mapped_column(Date)
    # The first reception at the Mission Locale: the 16-25 rule is measured on it (domain §2).
    date_premier_accueil: Mapped[date | None] = mapped_column(Date)
    # Folded (accent- and case-free) copies for search, sorting and duplicate detection.
    nom_fold: Mapped[str] = mapped_column(String(100))
    prenom_fold: Mapped[str] = mapped_column(String(100))
    commune_fold: Mapped[str | None] = mapped_column(String(120))
    # Cotraitance summary kept by the cotraitance service, for lists and filters.
    cotra_phase: Mapped[str | None] = mapped_column(String(20))
    cotra_etat: Mapped[int | None] = mapped_column(Integer)
    date_fin_prevue: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_jeune_doublon", "nom_fold", "prenom_fold", "date_naissance"),
        # The « Jeunes » list (see services/jeunes_list.py and benchmarks/bench_jeunes_list.py):
        # the default order, and one index per prefix searched (name, first name, commune, France
        # Travail identifier), each holding every column the list's ordered query reads
        # (nom_fold, prenom_fold, archive, id): a search reads these indexes, never the table.
        Index("ix_jeune_liste", "nom_fold", "prenom_fold", "archive", "id"),
        Index("ix_jeune_liste_prenom", "prenom_fold", "nom_fold", "archive", "id"),
        Index("ix_jeune_liste_commune", "commune_fold", "nom_fold", "prenom_fold", "archive", "id"),
        Index("ix_jeune_liste_identifiant", "identifiant_ft", "nom_fold", "prenom_fold", "archive", "id"),
        # Every other sort and filter of the list: the column, then the list order (revision
        # 0005; they replace the single-column indexes of referent_id, site_id, cotra_phase and
        # date_fin_prevue, which they also serve). tests/test_jeunes_list_plans.py checks plans.
        *(Index(name, *tri_columns(column)) for name, column in TRI_INDEXES.items()),
    )


class Programme(Entity, Base):
    __tablename__ = "programme"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(10))  # CEJ | PACEA | PPAE | AUTRE
    date_debut: Mapped[date | None] = mapped_column(Date)
    date_fin: Mapped[date | None] = mapped_column(Date)

    # ix_programme_jeune (revision 0005): a young person's programmes (list rows, exports,
    # the cascade on delete) without a scan of the table.
    __table_args__ = (Index("ix_programme_code_jeune", "code", "jeune_id"),
                      Index("ix_programme_jeune", "jeune_id", "code"))


class Evenement(Tracked, Base):
    """The journal: interviews, workshops, mises en relation, delegations..."""

    __tablename__ = "evenement"
    jeune_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("jeune.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(30))
    modalite: Mapped[str | None] = mapped_column(String(20))
    statut: Mapped[str] = mapped_column(String(20), default="present")
    conseiller_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("utilisateur.id"))
    note: Mapped[str | None] = mapped_column(String(500))
    # Link to the record that produced the event (mise en relation, délégation…), if any.
    source_type: Mapped[str | None] = mapped_column(String(20))
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    # (jeune_id, date, statut, type) covers the journal and the reports' per-person queries.
    __table_args__ = (Index("ix_evenement_jeune_date", "jeune_id", "date", "statut", "type"),
                      Index("ix_evenement_date", "date"))
