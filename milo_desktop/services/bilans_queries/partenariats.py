"""Employer partnerships (MEDEF, IMS): offers received, young people presented, CVs transmitted
with consent, events and participants.

An offer belongs to a network by its ``source``; a CV transmission by the company's network;
events by their own ``reseau``. Offers are counted on their site, presentations and CVs on the
young person's site; partner events belong to no site (counted for the whole Mission Locale).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .common import Runner, Scope, between, n

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


def _by_network(q: Runner, sql: str, params: dict) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in q.all(sql, params)}


_NETWORKS = "('medef', 'ims')"
_CONSENT = "t.date_consentement <= t.date"


def reseaux(q: Runner, scope: Scope) -> dict[str, Reseau]:
    """Each network's figures: a few grouped queries, each driven by its smallest table."""
    params = scope.params()
    offres = _by_network(q, f"""
        SELECT o.source, COUNT(*), SUM(o.nb_postes) FROM offre o
        WHERE o.source IN {_NETWORKS} AND {between('o.date_recueil')}{scope.site('o.site_id')}
        GROUP BY 1""", params)
    mer = _by_network(q, f"""
        SELECT o.source, COUNT(DISTINCT m.jeune_id), COUNT(*), SUM(m.resultat = 'retenu')
        FROM offre o CROSS JOIN mise_en_relation m{scope.jeune('m')}
        WHERE o.source IN {_NETWORKS} AND m.offre_id = o.id AND {between('m.date')}{scope.jeune_site('m')}
        GROUP BY 1""", params)
    cv = _by_network(q, f"""
        SELECT e.reseau, COUNT(*), COUNT(DISTINCT t.jeune_id)
        FROM transmission_cv t JOIN entreprise e ON e.id = t.entreprise_id{scope.jeune('t')}
        WHERE e.reseau IN {_NETWORKS} AND {between('t.date')} AND {_CONSENT}{scope.jeune_site('t')}
        GROUP BY 1""", params)
    events = _by_network(q, f"""
        SELECT v.reseau, COUNT(*), SUM(v.nb_jeunes), SUM(v.nb_entreprises) FROM evenement_partenaire v
        WHERE v.reseau IN {_NETWORKS} AND {between('v.date')}
        GROUP BY 1""", params)
    return {code: Reseau(code, *(n(v) for v in (*offres.get(code, (0, 0)), *mer.get(code, (0, 0, 0)),
                                                 *cv.get(code, (0, 0)), *events.get(code, (0, 0, 0)))))
            for code in RESEAUX}


def reseau(q: Runner, scope: Scope, code: str) -> Reseau:
    return reseaux(q, scope)[code]


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
    params = scope.params()
    offres = dict(q.all(f"""
        SELECT o.entreprise_id, COUNT(*) FROM entreprise e JOIN offre o ON o.entreprise_id = e.id
        WHERE e.reseau IN {_NETWORKS} AND {between('o.date_recueil')}{scope.site('o.site_id')}
        GROUP BY 1""", params))
    mer = {e: (n(k), n(ok)) for e, k, ok in q.all(f"""
        SELECT o.entreprise_id, COUNT(*), SUM(m.resultat = 'retenu')
        FROM entreprise e JOIN offre o ON o.entreprise_id = e.id CROSS JOIN mise_en_relation m{scope.jeune('m')}
        WHERE e.reseau IN {_NETWORKS} AND m.offre_id = o.id AND {between('m.date')}{scope.jeune_site('m')}
        GROUP BY 1""", params)}
    cv = dict(q.all(f"""
        SELECT t.entreprise_id, COUNT(*) FROM transmission_cv t JOIN entreprise e ON e.id = t.entreprise_id{scope.jeune('t')}
        WHERE e.reseau IN {_NETWORKS} AND {between('t.date')} AND {_CONSENT}{scope.jeune_site('t')}
        GROUP BY 1""", params))
    active = {*offres, *mer, *cv}
    if not active:
        return []
    names = q.all(f"SELECT id, raison_sociale, reseau FROM entreprise WHERE reseau IN {_NETWORKS}", {})
    rows = [EntreprisePartenaire(nom, reseau_, n(offres.get(i)), *mer.get(i, (0, 0)), n(cv.get(i)))
            for i, nom, reseau_ in names if i in active]
    return sorted(rows, key=lambda r: (r.reseau, r.raison_sociale))


@dataclass(frozen=True)
class ObjectifPlan:
    reseau: str
    nature: str
    libelle: str
    indicateur: str
    cible: int
    realise_saisi: int | None


def objectifs_plan(q: Runner, year: int) -> list[ObjectifPlan]:
    """The networks' annual action-plan objectives of ``year`` (convention ``000_…``),
    operational first, in the order they were typed."""
    sql = """SELECT reseau, nature, libelle, indicateur, cible, realise FROM objectif_partenariat
             WHERE annee = :year ORDER BY reseau, nature, created_at"""
    return [ObjectifPlan(r, nat, lib, ind, int(c), None if re_ is None else int(re_))
            for r, nat, lib, ind, c, re_ in q.all(sql, {"year": year})]
