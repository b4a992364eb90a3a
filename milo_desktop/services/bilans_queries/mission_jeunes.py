"""Mission Jeunes figures: FASTT referrals, agences d'emploi and their conventions, young people
oriented and put in work, interim delegations, branch actions; the DREETS semester table.

Everything is counted on the young person's site. A young person is « mis à l'emploi » in a
period when one of their delegations starts in it (``domain.interim.mis_a_l_emploi``); the DREETS
table lists the delegations that overlap the semester (``domain.interim.overlaps``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ...domain.conventions import Convention
from ...domain.interim import HEURES_PERIODE_SQL
from .common import Runner, Scope, between, fl, n, one

_JEUNE = "JOIN jeune j ON j.id = {0}.jeune_id"


@dataclass(frozen=True)
class FasttFlux:
    orientations: int
    envoyees: int
    entretiens: int
    injoignables: int
    syntheses: int
    cloturees: int
    sos: int
    avec_consentement: int


def fastt_flux(q: Runner, scope: Scope) -> FasttFlux:
    """Referrals prepared in the period (with SOS and consent among them), and each later step
    dated in the period."""
    sql = f"""
        SELECT SUM({between('f.date_preparation')}), SUM({between('f.date_envoi')}),
               SUM({between('f.date_entretien')}), SUM({between('f.date_injoignable')}),
               SUM({between('f.date_synthese')}), SUM({between('f.date_cloture')}),
               SUM({between('f.date_preparation')} AND f.urgence_sos),
               SUM({between('f.date_preparation')} AND f.consentement)
        FROM orientation_fastt f{scope.jeune('f')}
        WHERE 1 = 1{scope.jeune_site('f')}"""
    return FasttFlux(*(n(v) for v in one(q, sql, scope.params())))


def fastt_besoins(q: Runner, scope: Scope) -> dict[str, int]:
    """Referrals prepared in the period having each need code."""
    sql = f"""
        SELECT b.code, COUNT(DISTINCT b.orientation_id)
        FROM orientation_fastt f JOIN besoin_fastt b ON b.orientation_id = f.id{scope.jeune('f')}
        WHERE {between('f.date_preparation')}{scope.jeune_site('f')}
        GROUP BY b.code"""
    return {code: int(k) for code, k in q.all(sql, scope.params())}


def fastt_statuts(q: Runner, scope: Scope) -> dict[str, int]:
    """Where the referrals prepared in the period stand today (their current status)."""
    sql = f"""
        SELECT f.statut, COUNT(*) FROM orientation_fastt f{scope.jeune('f')}
        WHERE {between('f.date_preparation')}{scope.jeune_site('f')}
        GROUP BY f.statut"""
    return {s: int(k) for s, k in q.all(sql, scope.params())}


@dataclass(frozen=True)
class Agence:
    nom: str
    convention: Convention | None
    orientes: int
    mis_a_l_emploi: int
    delegations: int
    heures: float


def _conventions(q: Runner) -> dict[str, list[Convention]]:
    rows = q.all("SELECT agence_id, date_signature, duree_annees, date_denonciation "
                 "FROM convention_agence ORDER BY date_signature", {})
    found: dict[str, list[Convention]] = defaultdict(list)
    for agence, signed, years, denounced in rows:
        found[agence].append(Convention(date.fromisoformat(signed), int(years),
                                        date.fromisoformat(denounced) if denounced else None))
    return found


def _latest(conventions: list[Convention], end: date) -> Convention | None:
    signed = [c for c in conventions if c.date_signature <= end]
    return signed[-1] if signed else None


def agences(q: Runner, scope: Scope) -> list[Agence]:
    """Agencies with a convention signed by the period's end or activity in the period."""
    params = scope.params()
    oriented = dict(q.all(f"""
        SELECT o.agence_id, COUNT(DISTINCT o.jeune_id) FROM orientation_agence o{scope.jeune('o')}
        WHERE {between('o.date')}{scope.jeune_site('o')} GROUP BY 1""", params))
    placed = {a: (n(y), n(k), fl(h)) for a, y, k, h in q.all(f"""
        SELECT d.agence_id, COUNT(DISTINCT d.jeune_id), COUNT(*), SUM(d.heures)
        FROM delegation_interim d{scope.jeune('d')}
        WHERE {between('d.date_debut')}{scope.jeune_site('d')} GROUP BY 1""", params)}
    conventions = _conventions(q)
    result = []
    for agence_id, nom in q.all("SELECT id, nom FROM agence_emploi ORDER BY nom", {}):
        conv = _latest(conventions.get(agence_id, []), scope.end)
        orientes, (emploi, delegations, heures) = n(oriented.get(agence_id)), placed.get(agence_id, (0, 0, 0.0))
        if conv or orientes or delegations:
            result.append(Agence(nom, conv, orientes, emploi, delegations, heures))
    return result


@dataclass(frozen=True)
class Insertion:
    orientes: int
    mis_a_l_emploi: int
    delegations: int
    heures: float


def insertion(q: Runner, scope: Scope) -> Insertion:
    """Distinct young people oriented to an agency / put in work in the period (all agencies)."""
    site = scope.site("j.site_id")
    sql = f"""
        SELECT (SELECT COUNT(DISTINCT o.jeune_id) FROM orientation_agence o{scope.jeune('o')}
                 WHERE {between('o.date')}{site}),
               COUNT(DISTINCT d.jeune_id), COUNT(d.id), SUM(d.heures)
        FROM delegation_interim d{scope.jeune('d')}
        WHERE {between('d.date_debut')}{site}"""
    orientes, emploi, delegations, heures = one(q, sql, scope.params())
    return Insertion(n(orientes), n(emploi), n(delegations), fl(heures))


def delegations_par_type(q: Runner, scope: Scope) -> dict[str, tuple[int, int, float]]:
    """Delegations starting in the period by contract type: (delegations, young people, hours)."""
    sql = f"""
        SELECT d.type_contrat, COUNT(*), COUNT(DISTINCT d.jeune_id), SUM(d.heures)
        FROM delegation_interim d{scope.jeune('d')}
        WHERE {between('d.date_debut')}{scope.jeune_site('d')}
        GROUP BY 1"""
    return {t: (int(k), int(y), fl(h)) for t, k, y, h in q.all(sql, scope.params())}


def actions_branche(q: Runner, scope: Scope) -> dict[tuple[str, str], int]:
    """Branch actions started in the period: ``{(action, result): count}``."""
    sql = f"""
        SELECT a.action, COALESCE(a.resultat, ''), COUNT(*)
        FROM action_branche a{scope.jeune('a')}
        WHERE {between('a.date_debut')}{scope.jeune_site('a')}
        GROUP BY 1, 2"""
    return {(a, r): int(k) for a, r, k in q.all(sql, scope.params())}


# --- the DREETS semester table --------------------------------------------------------------

_OVERLAP = "d.date_debut <= :end AND (d.date_fin IS NULL OR d.date_fin >= :start)"


@dataclass(frozen=True)
class LigneSemestre:
    agence: str
    jeunes: int
    missions: int
    heures: float


def semestre_par_agence(q: Runner, scope: Scope) -> tuple[list[LigneSemestre], int]:
    """Per agency: young people and delegations overlapping the period, and the hours that
    fall in it (``domain.interim.heures_dans_periode``); and the distinct young people over all
    agencies (the total line). The DREETS report and the Mission Jeunes screen both read it."""
    site = scope.site("j.site_id")
    sql = f"""
        SELECT a.nom, COUNT(DISTINCT d.jeune_id), COUNT(*), SUM({HEURES_PERIODE_SQL})
        FROM delegation_interim d JOIN agence_emploi a ON a.id = d.agence_id{scope.jeune('d')}
        WHERE {_OVERLAP}{site}
        GROUP BY a.id ORDER BY lower(a.nom), a.nom"""
    total = f"SELECT COUNT(DISTINCT d.jeune_id) FROM delegation_interim d{scope.jeune('d')} WHERE {_OVERLAP}{site}"
    params = scope.params()
    lines = [LigneSemestre(a, int(j), int(m), round(fl(h), 2)) for a, j, m, h in q.all(sql, params)]
    return lines, n(one(q, total, params)[0])


@dataclass(frozen=True)
class DelegationSemestre:
    agence: str
    entreprise: str
    type_contrat: str
    debut: date
    fin: date | None
    heures: float
    sexe: str
    tranche_age: str
    heures_periode: float = 0.0  # the part of ``heures`` in the period


def semestre_delegations(q: Runner, scope: Scope) -> list[DelegationSemestre]:
    """The delegations overlapping the period, without the young person's identity."""
    from .common import age_band_sql
    sql = f"""
        SELECT a.nom, COALESCE(d.entreprise_utilisatrice, ''), d.type_contrat, d.date_debut,
               d.date_fin, d.heures, j.sexe, {age_band_sql('d.date_debut')}, {HEURES_PERIODE_SQL}
        FROM delegation_interim d JOIN agence_emploi a ON a.id = d.agence_id {_JEUNE.format('d')}
        WHERE {_OVERLAP}{scope.site('j.site_id')}
        ORDER BY a.nom, d.date_debut"""
    return [DelegationSemestre(a, e, t, date.fromisoformat(s), date.fromisoformat(f) if f else None,
                               fl(h), sx, band, round(fl(hp), 2))
            for a, e, t, s, f, h, sx, band, hp in q.all(sql, scope.params())]
