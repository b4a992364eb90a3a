"""Plain data returned by the offers service, and the mapping between the domain input and the row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ..domain import offres as dom
from ..domain.entreprises import format_siret
from ..domain.text import fold
from ..persistence.models import Entreprise, MiseEnRelation, Offre

OFFRE_FIELDS = ("intitule", "code_rome", "description", "type_contrat", "nature_contrat",
                "duree_mois", "temps_plein", "heures_hebdo", "commune", "code_postal", "salaire",
                "qualification", "experience", "nb_postes", "mrs", "source", "date_recueil",
                "date_debut", "date_fin", "contact_nom", "contact_telephone", "contact_email")


@dataclass(frozen=True)
class OffreData:
    id: uuid.UUID
    version: int
    fields: dom.OffreInput
    entreprise_id: uuid.UUID | None
    entreprise: str | None
    siret: str | None
    statut: str
    statut_effectif: str
    date_statut: date | None
    numero_ft: str | None
    date_saisie_ft: date | None
    saisie_par: str | None
    delegation: bool
    motif_delegation: str | None
    plan_action: bool
    plateforme_id: uuid.UUID | None
    plateforme: str | None
    libelle_rome: str | None

    @property
    def statut_label(self) -> str:
        return dom.STATUT_LABELS.get(self.statut_effectif, self.statut_effectif)

    @property
    def terminal(self) -> bool:
        return self.statut_effectif in dom.STATUTS_TERMINAUX

    @property
    def siret_affiche(self) -> str:
        return format_siret(self.siret) if self.siret else ""

    @property
    def delegation_text(self) -> str:
        if self.delegation:
            return f"Oui — {self.motif_delegation}" if self.motif_delegation else "Oui"
        return "Non — la mise en relation reste à France Travail"

    def next_statuts(self) -> frozenset[str]:
        return frozenset() if self.terminal else dom.TRANSITIONS[self.statut]


@dataclass(frozen=True)
class OffreSummary:
    """One offer in an employer's sheet."""

    id: uuid.UUID
    intitule: str
    code_rome: str | None
    type_contrat: str
    nature_contrat: str
    statut: str
    date_recueil: date
    numero_ft: str | None
    mrs: bool
    delegation: bool
    nb_mer: int

    @property
    def statut_label(self) -> str:
        return dom.STATUT_LABELS.get(self.statut, self.statut)


@dataclass(frozen=True)
class QueueItem:
    """One offer waiting for the agent dédié."""

    id: uuid.UUID
    version: int
    intitule: str
    entreprise: str | None
    code_rome: str | None
    commune: str | None
    date_recueil: date
    age_jours: int
    date_fin: date | None
    fin_depassee: bool
    delegation: bool


@dataclass(frozen=True)
class HistoriqueData:
    date: date
    statut: str
    statut_label: str
    commentaire: str | None
    auteur: str | None


def _num(value):
    if value is None:
        return None
    return int(value) if isinstance(value, Decimal) and value == int(value) else float(value)


def input_of(o: Offre) -> dom.OffreInput:
    values = {f: getattr(o, f) for f in OFFRE_FIELDS}
    values["qualification"] = str(o.qualification) if o.qualification is not None else None
    values["heures_hebdo"] = _num(o.heures_hebdo)
    return dom.OffreInput(**values)


def to_model(o: Offre, data: dom.OffreInput, libelle_rome: str | None) -> None:
    """Copy a validated input onto the row (typed columns, folded intitulé, ROME label)."""
    for f in OFFRE_FIELDS:
        setattr(o, f, getattr(data, f))
    o.intitule_fold = fold(data.intitule)
    o.libelle_rome = libelle_rome
    o.duree_mois = int(data.duree_mois) if data.duree_mois is not None else None
    o.heures_hebdo = Decimal(str(data.heures_hebdo)) if data.heures_hebdo is not None else None
    o.qualification = int(data.qualification) if data.qualification else None


def offre_data(o: Offre, ent: Entreprise | None, plateforme: str | None, today: date) -> OffreData:
    return OffreData(
        o.id, o.version, input_of(o), o.entreprise_id, ent.raison_sociale if ent else None,
        ent.siret if ent else None, o.statut, dom.statut_effectif(o.statut, o.date_fin, today),
        o.date_statut, o.numero_ft, o.date_saisie_ft, o.saisie_par, bool(o.delegation),
        o.motif_delegation, o.motif_delegation == dom.RAISON_PLAN_ACTION, o.plateforme_id,
        plateforme, o.libelle_rome)


def offre_summaries(s, where, today: date) -> list[OffreSummary]:
    nb = (select(MiseEnRelation.offre_id, func.count().label("n"))
          .group_by(MiseEnRelation.offre_id).subquery())
    q = (select(Offre.id, Offre.intitule, Offre.code_rome, Offre.type_contrat, Offre.nature_contrat,
                Offre.statut, Offre.date_fin, Offre.date_recueil, Offre.numero_ft, Offre.mrs,
                Offre.delegation, func.coalesce(nb.c.n, 0))
         .outerjoin(nb, nb.c.offre_id == Offre.id).where(where)
         .order_by(Offre.date_recueil.desc(), Offre.intitule_fold))
    return [OffreSummary(r[0], r[1], r[2], r[3], r[4], dom.statut_effectif(r[5], r[6], today),
                         r[7], r[8], bool(r[9]), bool(r[10]), r[11]) for r in s.execute(q)]
