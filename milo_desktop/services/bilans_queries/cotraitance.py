"""Cotraitance figures: flows, delays, monthly entries, situation at a date, exits, profiles.

Conventions (domain guide §3, ``domain.cotraitance``):
- an **entrée** is an affectation dated in the period and not refused (the entry in
  cotraitance is the affectation date);
- flows count the step dated in the period (an acceptation in January of an affectation of
  December counts in January's year);
- the situation (phase, phase-2 state) is measured on ``scope.situation``; a phase-2 state is
  the last change dated on or before that day in ``cotraitance_etat`` (the state recorded on
  the file when it has no history).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from ...domain.cotraitance import DELAI_ACCEPTATION_REF, DELAI_INITIALISATION_REF
from .common import Runner, Scope, age_band_sql, between, n, one

ENTRETIENS = ("entretien_individuel", "entretien_telephonique")


@dataclass(frozen=True)
class Flux:
    affectations: int
    entrees: int
    acceptations: int
    refus: int
    initialisations: int
    sorties: int


def flux(q: Runner, scope: Scope) -> Flux:
    sql = f"""
        SELECT SUM({between('c.date_affectation')}),
               SUM({between('c.date_affectation')} AND c.date_refus IS NULL),
               SUM({between('c.date_acceptation')}),
               SUM({between('c.date_refus')}),
               SUM({between('c.date_initialisation')}),
               SUM({between('c.date_sortie')})
        FROM cotraitance c{scope.jeune('c')}
        WHERE 1 = 1{scope.site('j.site_id')}"""
    return Flux(*(n(v) for v in one(q, sql, scope.params())))


@dataclass(frozen=True)
class Delai:
    """Days between two steps, over the steps dated in the period."""

    reference: int
    histogram: dict[int, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.histogram.values())

    def _values(self) -> list[int]:
        return [d for d, k in sorted(self.histogram.items()) for _ in range(k)]

    @property
    def mean(self) -> float | None:
        total = self.count
        return sum(d * k for d, k in self.histogram.items()) / total if total else None

    @property
    def median(self) -> float | None:
        values = self._values()
        return float(statistics.median(values)) if values else None

    @property
    def within_pct(self) -> float | None:
        total = self.count
        ok = sum(k for d, k in self.histogram.items() if d <= self.reference)
        return ok * 100 / total if total else None

    def bucket(self, low: int, high: int | None) -> int:
        return sum(k for d, k in self.histogram.items() if d >= low and (high is None or d <= high))


def _delai(q: Runner, scope: Scope, start_col: str, end_col: str, ref: int) -> Delai:
    sql = f"""
        SELECT CAST(julianday(c.{end_col}) - julianday(c.{start_col}) AS INTEGER) AS d, COUNT(*)
        FROM cotraitance c{scope.jeune('c')}
        WHERE {between('c.' + end_col)} AND c.{start_col} IS NOT NULL{scope.site('j.site_id')}
        GROUP BY d"""
    return Delai(ref, {int(d): int(k) for d, k in q.all(sql, scope.params())})


def delai_acceptation(q: Runner, scope: Scope) -> Delai:
    return _delai(q, scope, "date_affectation", "date_acceptation", DELAI_ACCEPTATION_REF)


def delai_initialisation(q: Runner, scope: Scope) -> Delai:
    return _delai(q, scope, "date_acceptation", "date_initialisation", DELAI_INITIALISATION_REF)


def entrees_par_mois(q: Runner, scope: Scope) -> dict[tuple[int, int], int]:
    """Entries by (year, month)."""
    sql = f"""
        SELECT substr(c.date_affectation, 1, 7) AS ym, COUNT(*)
        FROM cotraitance c{scope.jeune('c')}
        WHERE {between('c.date_affectation')} AND c.date_refus IS NULL{scope.site('j.site_id')}
        GROUP BY ym"""
    return {(int(ym[:4]), int(ym[5:7])): int(k) for ym, k in q.all(sql, scope.params())}


@dataclass(frozen=True)
class Situation:
    """Files on ``scope.situation``: waiting for acceptation, accepted not started, phase 2 by state."""

    en_attente: int
    a_initialiser: int
    par_etat: dict[int, int]

    @property
    def en_accompagnement(self) -> int:
        return sum(self.par_etat.values())

    @property
    def total(self) -> int:
        return self.en_attente + self.a_initialiser + self.en_accompagnement


_OPEN = "(c.date_sortie IS NULL OR c.date_sortie > :asof)"
_ETAT_AT = """COALESCE(
    (SELECT e.etat FROM cotraitance_etat e WHERE e.cotraitance_id = c.id AND e.date <= :asof
     ORDER BY e.date DESC, e.created_at DESC LIMIT 1),
    (SELECT 1 FROM cotraitance_etat e WHERE e.cotraitance_id = c.id LIMIT 1),
    c.etat, 1)"""


def situation(q: Runner, scope: Scope) -> Situation:
    site = scope.site("j.site_id")
    waiting = f"""
        SELECT SUM(c.date_acceptation IS NULL OR c.date_acceptation > :asof),
               SUM(c.date_acceptation <= :asof
                   AND (c.date_initialisation IS NULL OR c.date_initialisation > :asof))
        FROM cotraitance c{scope.jeune('c')}
        WHERE c.date_affectation <= :asof AND (c.date_refus IS NULL OR c.date_refus > :asof)
          AND {_OPEN}{site}"""
    states = f"""
        SELECT {_ETAT_AT} AS etat_du_jour, COUNT(*)
        FROM cotraitance c{scope.jeune('c')}
        WHERE c.date_initialisation <= :asof AND {_OPEN}{site}
        GROUP BY 1"""
    params = scope.params()
    attente, a_init = (n(v) for v in one(q, waiting, params))
    return Situation(attente, a_init, {int(e): int(k) for e, k in q.all(states, params)})


def sorties_par_motif(q: Runner, scope: Scope) -> dict[str, int]:
    sql = f"""
        SELECT COALESCE(c.motif_sortie, ''), COUNT(*)
        FROM cotraitance c{scope.jeune('c')}
        WHERE {between('c.date_sortie')}{scope.site('j.site_id')}
        GROUP BY 1"""
    return {m: int(k) for m, k in q.all(sql, scope.params())}


@dataclass
class Profil:
    """Entries of the period broken down by each axis (one scan, aggregated here)."""

    total: int = 0
    axes: dict[str, Counter] = field(default_factory=dict)

    def counts(self, axis: str) -> Counter:
        return self.axes.get(axis, Counter())


AXES = ("sexe", "age", "niveau", "qpv", "zrr", "referent", "site")


def profil_entrees(q: Runner, scope: Scope) -> Profil:
    sql = f"""
        SELECT j.sexe, {age_band_sql('c.date_affectation')}, COALESCE(j.niveau_formation, ''),
               j.qpv, j.zrr, j.referent_id, j.site_id, c.criteres, COUNT(*)
        FROM cotraitance c JOIN jeune j ON j.id = c.jeune_id
        WHERE {between('c.date_affectation')} AND c.date_refus IS NULL{scope.site('j.site_id')}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"""
    profil = Profil(axes={axis: Counter() for axis in (*AXES, "critere")})
    for *values, criteres, count in q.all(sql, scope.params()):
        profil.total += count
        for axis, value in zip(AXES, values):
            key = bool(value) if axis in ("qpv", "zrr") else value
            profil.axes[axis][key] += count
        for code in range(1, 5):
            if (criteres or 0) & (1 << (code - 1)):
                profil.axes["critere"][code] += count
    return profil


@dataclass(frozen=True)
class Journal:
    """Young people followed in phase 2 during the period, and their journal in it."""

    accompagnes: int
    avec_entretien: int
    par_type: dict[str, int]

    @property
    def evenements(self) -> int:
        return sum(self.par_type.values())


def _suivis(scope: Scope) -> str:
    return f"""SELECT DISTINCT c.jeune_id AS jeune_id
        FROM cotraitance c{scope.jeune('c')}
        WHERE c.date_initialisation <= :end
          AND (c.date_sortie IS NULL OR c.date_sortie >= :start){scope.site('j.site_id')}"""


def journal(q: Runner, scope: Scope) -> Journal:
    kinds = ", ".join(f"'{k}'" for k in ENTRETIENS)
    followed = f"""
        SELECT COUNT(*), SUM(EXISTS (
            SELECT 1 FROM evenement e WHERE e.jeune_id = s.jeune_id
              AND e.date BETWEEN :start AND :end AND e.type IN ({kinds}) AND e.statut = 'present'))
        FROM ({_suivis(scope)}) s"""
    # CROSS JOIN keeps the followed young people as the outer loop: the (jeune_id, date) index
    # then reads only their events, instead of a whole-period scan of the journal.
    by_type = f"""
        SELECT e.type, COUNT(*)
        FROM ({_suivis(scope)}) s CROSS JOIN evenement e
        WHERE e.jeune_id = s.jeune_id AND e.date BETWEEN :start AND :end AND e.statut = 'present'
        GROUP BY e.type"""
    params = scope.params()
    total, with_interview = (n(v) for v in one(q, followed, params))
    return Journal(total, with_interview, {t: int(k) for t, k in q.all(by_type, params)})
