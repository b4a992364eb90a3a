"""Export ``cotraitance``: one row per young person with a cotraitance record (their current,
i.e. latest, episode). See ``services/exports.py`` for the table-function contract."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import cotraitance as dom
from ..persistence.models import Cotraitance, Jeune, Site, Utilisateur

HEADERS = [
    "nom", "prenom", "date_naissance", "identifiant_ft", "referent", "site", "phase",
    "date_affectation", "criteres", "date_acceptation", "date_refus", "motif_refus",
    "date_initialisation", "etat", "date_etat", "date_radiation", "date_sortie", "motif_sortie",
    "date_fin_prevue", "raison_fin_prevue",
]


def _latest_episodes():
    """Subquery: each episode ranked per young person, latest first (rang 1 = current)."""
    rank = func.row_number().over(partition_by=Cotraitance.jeune_id,
                                  order_by=(Cotraitance.date_affectation.desc(),
                                            Cotraitance.created_at.desc()))
    return select(Cotraitance.id.label("id"), rank.label("rang")).subquery()


def _query():
    ranked = _latest_episodes()
    c, j = Cotraitance, Jeune
    referent = func.trim(func.coalesce(Utilisateur.prenom, "") + " " + func.coalesce(Utilisateur.nom, ""))
    return (select(j.nom, j.prenom, j.date_naissance, j.identifiant_ft, referent, Site.nom, c.phase,
                   c.date_affectation, c.criteres, c.date_acceptation, c.date_refus, c.motif_refus,
                   c.date_initialisation, c.etat, c.date_etat, c.date_radiation, c.date_sortie,
                   c.motif_sortie, c.date_fin_prevue, c.motif_fin_prevue)
            .select_from(c)
            .join(ranked, (ranked.c.id == c.id) & (ranked.c.rang == 1))
            .join(j, j.id == c.jeune_id)
            .outerjoin(Utilisateur, Utilisateur.id == j.referent_id)
            .outerjoin(Site, Site.id == j.site_id)
            .order_by(j.nom_fold, j.prenom_fold, j.date_naissance))


def _row(r) -> list:
    values = list(r)
    values[4] = values[4] or None
    values[6] = dict(dom.PHASES).get(values[6], values[6])
    values[8] = ", ".join(str(code) for code in dom.mask_to_criteres(values[8]))
    in_phase2 = r.phase == dom.PHASE_ACCOMPAGNEMENT
    values[13] = dict(dom.ETATS).get(values[13]) if in_phase2 else None
    values[14] = values[14] if in_phase2 else None
    values[17] = dict(dom.MOTIFS_SORTIE).get(values[17], values[17])
    values[19] = dict(dom.FIN_RAISONS).get(values[19], values[19])
    return values


def cotraitance_table(session: Session, ctx):
    """(headers, rows) of the cotraitance export; rows stream inside the caller's session."""
    return HEADERS, (_row(r) for r in session.execute(_query()))
