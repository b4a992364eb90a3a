"""Offers and mises en relation: collected, entered at France Travail, delegated, filled; MER
and MER+ ("mise en relation positive": result ``retenu``); plateformes de vocation (MRS).

Offers are counted on their own site (``offre.site_id``); mises en relation and MRS
evaluations on the young person's site.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .common import Runner, Scope, between, n, one


@dataclass(frozen=True)
class OffresFlux:
    recueillies: int
    postes: int
    deleguees: int
    saisies: int
    pourvues: int
    annulees: int
    expirees: int


def offres_flux(q: Runner, scope: Scope) -> OffresFlux:
    """Collected (date de recueil), with their posts and delegations; entered at France Travail
    (date de saisie); filled, cancelled, expired (status date) — each in the period."""
    status = "o.statut = '{0}' AND " + between("o.date_statut")
    sql = f"""
        SELECT SUM({between('o.date_recueil')}),
               SUM(CASE WHEN {between('o.date_recueil')} THEN o.nb_postes END),
               SUM({between('o.date_recueil')} AND o.delegation),
               SUM({between('o.date_saisie_ft')}),
               SUM({status.format('pourvue')}),
               SUM({status.format('annulee')}),
               SUM({status.format('expiree')})
        FROM offre o
        WHERE 1 = 1{scope.site('o.site_id')}"""
    return OffresFlux(*(n(v) for v in one(q, sql, scope.params())))


def offres_par(q: Runner, scope: Scope, column: str) -> dict[str, tuple[int, int]]:
    """Offers collected in the period by ``statut`` (current), ``nature_contrat`` or ``source``:
    ``{code: (offers, of which delegated)}``."""
    assert column in ("statut", "nature_contrat", "source")
    sql = f"""
        SELECT COALESCE(o.{column}, ''), COUNT(*), SUM(o.delegation)
        FROM offre o
        WHERE {between('o.date_recueil')}{scope.site('o.site_id')}
        GROUP BY 1"""
    return {code: (int(k), n(d)) for code, k, d in q.all(sql, scope.params())}


@dataclass(frozen=True)
class Mer:
    total: int
    jeunes: int
    jeunes_positifs: int
    sur_offres_deleguees: int
    par_resultat: dict[str, int]
    motifs_non_retenu: dict[str, int]

    @property
    def positives(self) -> int:
        return self.par_resultat.get("retenu", 0)


def mises_en_relation(q: Runner, scope: Scope) -> Mer:
    """One pass over the period's mises en relation, aggregated here (distinct young people
    overall and among MER+ need the rows anyway)."""
    sql = f"""
        SELECT m.jeune_id, m.resultat, COALESCE(m.motif_non_retenu, ''), o.delegation
        FROM mise_en_relation m JOIN offre o ON o.id = m.offre_id{scope.jeune('m')}
        WHERE {between('m.date')}{scope.jeune_site('m')}"""
    results: Counter = Counter()
    motifs: Counter = Counter()
    jeunes, positifs, delegated = set(), set(), 0
    for jeune, resultat, motif, delegation in q.all(sql, scope.params()):
        results[resultat] += 1
        jeunes.add(jeune)
        delegated += bool(delegation)
        if resultat == "retenu":
            positifs.add(jeune)
        elif resultat == "non_retenu":
            motifs[motif] += 1
    return Mer(sum(results.values()), len(jeunes), len(positifs), delegated, dict(results), dict(motifs))


@dataclass(frozen=True)
class Plateforme:
    nom: str
    evaluations: int
    reussies: int
    mer: int
    mer_positives: int


def plateformes(q: Runner, scope: Scope) -> list[Plateforme]:
    """Per plateforme de vocation: evaluations and passed ones (date in the period), mises en
    relation on the offers it recruits for (MER date in the period)."""
    params = scope.params()
    evaluations = {p: (n(k), n(ok)) for p, k, ok in q.all(f"""
        SELECT v.plateforme_id, COUNT(*), SUM(v.reussie)
        FROM evaluation_mrs v{scope.jeune('v')}
        WHERE {between('v.date')}{scope.jeune_site('v')}
        GROUP BY 1""", params)}
    # Driven by the platforms' offers (few), then their mises en relation by offer.
    mer = {p: (n(k), n(ok)) for p, k, ok in q.all(f"""
        SELECT o.plateforme_id, COUNT(*), SUM(m.resultat = 'retenu')
        FROM offre o CROSS JOIN mise_en_relation m{scope.jeune('m')}
        WHERE o.plateforme_id IS NOT NULL AND m.offre_id = o.id AND {between('m.date')}{scope.jeune_site('m')}
        GROUP BY 1""", params)}
    return [Plateforme(nom, *evaluations.get(pid, (0, 0)), *mer.get(pid, (0, 0)))
            for pid, nom in q.all("SELECT id, nom FROM plateforme_vocation ORDER BY nom", {})]


@dataclass(frozen=True)
class OffreDeleguee:
    date_recueil: str
    intitule: str
    entreprise: str
    nature: str
    statut: str
    postes: int
    mer: int
    mer_positives: int


def offres_deleguees(q: Runner, scope: Scope) -> list[OffreDeleguee]:
    """The delegated offers collected in the period (annex list), oldest first."""
    sql = f"""
        SELECT o.date_recueil, o.intitule, COALESCE(e.raison_sociale, ''), o.nature_contrat,
               o.statut, o.nb_postes,
               (SELECT COUNT(*) FROM mise_en_relation m WHERE m.offre_id = o.id),
               (SELECT COUNT(*) FROM mise_en_relation m WHERE m.offre_id = o.id
                  AND m.resultat = 'retenu')
        FROM offre o LEFT JOIN entreprise e ON e.id = o.entreprise_id
        WHERE {between('o.date_recueil')} AND o.delegation{scope.site('o.site_id')}
        ORDER BY o.date_recueil, o.intitule_fold"""
    return [OffreDeleguee(*row) for row in q.all(sql, scope.params())]


def offres_a_saisir(q: Runner, scope: Scope) -> int:
    """Offers waiting to be entered at France Travail today (the agent dédié's queue)."""
    sql = f"SELECT COUNT(*) FROM offre o WHERE o.statut = 'a_saisir'{scope.site('o.site_id')}"
    return n(one(q, sql, scope.params())[0])
