"""Employer partnerships (MEDEF, IMS): offers received, young people presented, CVs transmitted
with consent, events and participants.

An offer belongs to a network by its ``source``; a CV transmission by the company's network;
events by their own ``reseau``. Offers are counted on their site, presentations and CVs on the
young person's site; partner events belong to no site (counted for the whole Mission Locale).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .common import Runner, Scope, between, n, one

RESEAUX = ("medef", "ims")


@dataclass(frozen=True)
class Reseau:
    code: str
    offres: int
    postes: int
    jeunes_presentes: int
    mer: int
    mer_positives: int
    cv_transmis: int
    jeunes_cv: int
    evenements: int
    participants: int
    entreprises_evenements: int


def reseau(q: Runner, scope: Scope, code: str) -> Reseau:
    site_j = scope.site("j.site_id")
    sql = f"""
        SELECT
          (SELECT COUNT(*) FROM offre o WHERE o.source = :reseau AND {between('o.date_recueil')}{scope.site('o.site_id')}),
          (SELECT SUM(o.nb_postes) FROM offre o WHERE o.source = :reseau AND {between('o.date_recueil')}{scope.site('o.site_id')}),
          (SELECT COUNT(DISTINCT m.jeune_id) FROM mise_en_relation m JOIN offre o ON o.id = m.offre_id
             JOIN jeune j ON j.id = m.jeune_id WHERE o.source = :reseau AND {between('m.date')}{site_j}),
          (SELECT COUNT(*) FROM mise_en_relation m JOIN offre o ON o.id = m.offre_id
             JOIN jeune j ON j.id = m.jeune_id WHERE o.source = :reseau AND {between('m.date')}{site_j}),
          (SELECT COUNT(*) FROM mise_en_relation m JOIN offre o ON o.id = m.offre_id
             JOIN jeune j ON j.id = m.jeune_id
            WHERE o.source = :reseau AND m.resultat = 'retenu' AND {between('m.date')}{site_j}),
          (SELECT COUNT(*) FROM transmission_cv t JOIN entreprise e ON e.id = t.entreprise_id
             JOIN jeune j ON j.id = t.jeune_id
            WHERE e.reseau = :reseau AND {between('t.date')} AND t.date_consentement <= t.date{site_j}),
          (SELECT COUNT(DISTINCT t.jeune_id) FROM transmission_cv t JOIN entreprise e ON e.id = t.entreprise_id
             JOIN jeune j ON j.id = t.jeune_id
            WHERE e.reseau = :reseau AND {between('t.date')} AND t.date_consentement <= t.date{site_j}),
          (SELECT COUNT(*) FROM evenement_partenaire v WHERE v.reseau = :reseau AND {between('v.date')}),
          (SELECT SUM(v.nb_jeunes) FROM evenement_partenaire v WHERE v.reseau = :reseau AND {between('v.date')}),
          (SELECT SUM(v.nb_entreprises) FROM evenement_partenaire v WHERE v.reseau = :reseau AND {between('v.date')})
        """
    return Reseau(code, *(n(v) for v in one(q, sql, scope.params(reseau=code))))


@dataclass(frozen=True)
class EvenementLigne:
    date: date
    reseau: str
    type: str
    titre: str
    entreprise: str
    jeunes: int
    entreprises: int


def evenements(q: Runner, scope: Scope) -> list[EvenementLigne]:
    sql = f"""
        SELECT v.date, v.reseau, v.type, v.titre, COALESCE(e.raison_sociale, ''), v.nb_jeunes,
               v.nb_entreprises
        FROM evenement_partenaire v LEFT JOIN entreprise e ON e.id = v.entreprise_id
        WHERE {between('v.date')}
        ORDER BY v.date, v.titre"""
    return [EvenementLigne(date.fromisoformat(d), r, t, ti, e, n(j), n(k))
            for d, r, t, ti, e, j, k in q.all(sql, scope.params())]


@dataclass(frozen=True)
class EntreprisePartenaire:
    raison_sociale: str
    reseau: str
    offres: int
    mer: int
    mer_positives: int
    cv: int


def entreprises_partenaires(q: Runner, scope: Scope) -> list[EntreprisePartenaire]:
    """Companies of the MEDEF and IMS networks with activity in the period."""
    site_j = scope.site("j.site_id")
    sql = f"""
        SELECT * FROM (
          SELECT e.raison_sociale, e.reseau,
            (SELECT COUNT(*) FROM offre o WHERE o.entreprise_id = e.id AND {between('o.date_recueil')}{scope.site('o.site_id')}) AS offres,
            (SELECT COUNT(*) FROM mise_en_relation m JOIN offre o ON o.id = m.offre_id
               JOIN jeune j ON j.id = m.jeune_id WHERE o.entreprise_id = e.id AND {between('m.date')}{site_j}) AS mer,
            (SELECT COUNT(*) FROM mise_en_relation m JOIN offre o ON o.id = m.offre_id
               JOIN jeune j ON j.id = m.jeune_id
              WHERE o.entreprise_id = e.id AND m.resultat = 'retenu' AND {between('m.date')}{site_j}) AS plus,
            (SELECT COUNT(*) FROM transmission_cv t JOIN jeune j ON j.id = t.jeune_id
              WHERE t.entreprise_id = e.id AND {between('t.date')} AND t.date_consentement <= t.date{site_j}) AS cv
          FROM entreprise e WHERE e.reseau IN ('medef', 'ims'))
        WHERE offres + mer + cv > 0
        ORDER BY reseau, raison_sociale"""
    return [EntreprisePartenaire(r, res, n(o), n(m), n(p), n(c)) for r, res, o, m, p, c in q.all(sql, scope.params())]
