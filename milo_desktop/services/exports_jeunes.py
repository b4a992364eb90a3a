"""``milo-desktop export jeunes``: every young person (archived ones included), one row each."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.models import Jeune, Programme, Site, Utilisateur
from .jeunes_list import phone_display

IDENTITY = ("nom", "nom_usage", "prenom", "sexe", "date_naissance", "adresse", "code_postal",
            "commune", "telephone", "email", "identifiant_ft", "numero_imilo", "niveau_formation",
            "date_inscription_ft", "indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule",
            "hebergement")
HEADERS = [*IDENTITY, "referent", "site", "programmes", "cotra_phase", "cotra_etat",
           "date_fin_prevue", "archive"]


def _programmes(session: Session) -> dict:
    codes = defaultdict(list)
    for jeune_id, code in session.execute(select(Programme.jeune_id, Programme.code)
                                          .order_by(Programme.code)):
        codes[jeune_id].append(code)
    return codes


def _query():
    return (select(*(getattr(Jeune, c) for c in IDENTITY), Jeune.id,
                   Utilisateur.prenom.label("ref_prenom"), Utilisateur.nom.label("ref_nom"),
                   Site.nom.label("site_nom"), Jeune.cotra_phase, Jeune.cotra_etat,
                   Jeune.date_fin_prevue, Jeune.archive)
            .outerjoin(Utilisateur, Utilisateur.id == Jeune.referent_id)
            .outerjoin(Site, Site.id == Jeune.site_id)
            .order_by(Jeune.nom_fold, Jeune.prenom_fold, Jeune.date_naissance))


def _row(r, programmes: dict) -> list:
    values = [getattr(r, c) for c in IDENTITY]
    values[IDENTITY.index("telephone")] = phone_display(r.telephone) or None
    referent = f"{r.ref_prenom} {r.ref_nom}" if r.ref_nom else None
    return [*values, referent, r.site_nom, ", ".join(programmes.get(r.id, ())) or None,
            r.cotra_phase, r.cotra_etat, r.date_fin_prevue, bool(r.archive)]


def jeunes_table(session: Session, ctx):
    """(headers, rows): identity, référent and site names, programmes, cotraitance summary."""
    programmes = _programmes(session)
    rows = (_row(r, programmes) for r in session.execute(_query()))
    return list(HEADERS), rows
