"""Export tables of Mission Jeunes (``milo-desktop export fastt|interim --out FILE``).

Signature ``(session, ctx) -> (headers, rows)`` (see :mod:`milo_desktop.services.exports`).
The FASTT export carries the need labels, never their free detail nor any journal note.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import fastt as ft
from ..domain import interim as it
from ..persistence.models import AgenceEmploi, BesoinFastt, DelegationInterim, Jeune, OrientationFastt
from .fastt import sorted_needs

FASTT_HEADERS = ["nom", "prenom", "statut", "consentement", "date_consentement", "besoins", "urgence",
                 "agence", "date_debut_mission", "date_preparation", "date_envoi", "date_entretien",
                 "date_injoignable", "date_synthese", "date_cloture"]
INTERIM_HEADERS = ["nom", "prenom", "agence", "entreprise_utilisatrice", "type_contrat", "date_debut",
                   "date_fin", "heures"]


def _needs_by_referral(session: Session) -> dict:
    """Need labels of each referral, in the catalogue's order, joined by « ; »."""
    needs: dict = {}
    for rid, code in session.execute(select(BesoinFastt.orientation_id, BesoinFastt.code)):
        needs.setdefault(rid, []).append((code,))
    return {rid: " ; ".join(ft.besoin_libelle(c) for c, in sorted_needs(codes))
            for rid, codes in needs.items()}


def fastt_table(session: Session, ctx) -> tuple[list[str], list[list]]:
    """One row per FASTT referral, by young person then preparation date."""
    needs = _needs_by_referral(session)
    q = (select(OrientationFastt, Jeune.nom, Jeune.prenom, AgenceEmploi.nom)
         .join(Jeune, Jeune.id == OrientationFastt.jeune_id)
         .outerjoin(AgenceEmploi, AgenceEmploi.id == OrientationFastt.agence_id)
         .order_by(Jeune.nom_fold, Jeune.prenom_fold, OrientationFastt.date_preparation))
    rows = [[nom, prenom, ft.statut_libelle(o.statut), "oui" if o.consentement else "non",
             o.date_consentement, needs.get(o.id, ""), "oui" if o.urgence_sos else "non",
             agence or o.agence_libre,
             o.date_debut_mission, o.date_preparation, o.date_envoi, o.date_entretien,
             o.date_injoignable, o.date_synthese, o.date_cloture]
            for o, nom, prenom, agence in session.execute(q)]
    return FASTT_HEADERS, rows


def interim_table(session: Session, ctx) -> tuple[list[str], list[list]]:
    """One row per delegation, latest start first."""
    contrats = dict(it.TYPES_CONTRAT_INTERIM)
    q = (select(DelegationInterim, Jeune.nom, Jeune.prenom, AgenceEmploi.nom)
         .join(Jeune, Jeune.id == DelegationInterim.jeune_id)
         .join(AgenceEmploi, AgenceEmploi.id == DelegationInterim.agence_id)
         .order_by(DelegationInterim.date_debut.desc(), Jeune.nom_fold))
    rows = [[nom, prenom, agence, d.entreprise_utilisatrice, contrats.get(d.type_contrat, d.type_contrat),
             d.date_debut, d.date_fin, d.heures]
            for d, nom, prenom, agence in session.execute(q)]
    return INTERIM_HEADERS, rows
