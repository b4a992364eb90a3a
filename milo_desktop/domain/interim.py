"""Delegations in temporary work and branch actions (convention ``004_…``, art. 3.1, 3.2, annexes 1, 6).

- A **délégation** is a young person placed by an agence d'emploi: a mission d'intérim (CTT), a
  CDI intérimaire, a CDD or a CDI (art. 3.2), with dates and hours. The DREETS asks twice a year
  for the table of delegations (:func:`semestre_bounds`, :func:`overlaps`).
- A young person counts as **mis à l'emploi** in a period when at least one of their delegations
  starts in it (:func:`mis_a_l_emploi`).
- **Actions de la branche** (AKTO / FPE.TT) a young person can join, with their result.

Pure rules, no Qt and no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from .dates import add_years, format_date, parse_date
from .codes import required_code
from .errors import DomainError, Problems
from .text import clean

CodeList = tuple[tuple[str, str], ...]

TYPES_CONTRAT_INTERIM: CodeList = (
    ("mission", "Mission d'intérim (CTT)"),
    ("cdi_interimaire", "CDI intérimaire"),
    ("cdd", "CDD"),
    ("cdi", "CDI"),
)
CONTRATS_SANS_FIN = frozenset({"cdi_interimaire", "cdi"})
"""Open-ended contracts: the end date may stay empty."""

ACTIONS_BRANCHE: CodeList = (
    ("tremplin", "Tremplin pour l'emploi"),
    ("starter", "Starter"),
    ("spott", "SPOTT"),
    ("cipi", "CIPI"),
    ("cdpi", "CDPI"),
    ("mission_handicap", "Mission Handicap"),
)
ACTIONS_BRANCHE_DESCRIPTIONS: dict[str, str] = {
    "tremplin": "Action collective et intensive de préparation à l'emploi dans l'intérim (AKTO, FPE.TT)",
    "starter": "Préparation à l'emploi des jeunes (AKTO)",
    "spott": "Sécurisation des parcours et orientation par le travail temporaire",
    "cipi": "Contrat d'insertion professionnelle intérimaire",
    "cdpi": "Contrat de développement professionnel intérimaire",
    "mission_handicap": "Offre de services Mission Handicap et RSE de la branche",
}

RESULTATS_ACTION: CodeList = (
    ("prevue", "Prévue"),
    ("en_cours", "En cours"),
    ("terminee_succes", "Terminée avec succès"),
    ("terminee_sans_succes", "Terminée sans succès"),
    ("abandon", "Abandon"),
)
RESULTATS_TERMINES = frozenset({"terminee_succes", "terminee_sans_succes", "abandon"})

ANNEE_MIN = 2000
ANNEE_MAX = 2100
HEURES_MAX_PAR_JOUR = 12  # dérogations comprises (durée légale : 10 h par jour)
DUREE_MAX_ANNEES = 3  # mission ou CDD plus longs : saisie à vérifier


def _plausible(value: date | str | None, nom: str, field: str, latest: date | None) -> date | None:
    """A parsed date from :data:`ANNEE_MIN` on, and not after ``latest`` when given (None stays None).
    End dates get no fixed ceiling: they are checked against the start."""
    when = parse_date(value, nom)
    if when is not None and (when.year < ANNEE_MIN or (latest is not None and when > latest)):
        raise DomainError(f"{nom.capitalize()} {format_date(when)} : date invraisemblable.", field)
    return when


def _required(value: date | None, nom: str, field: str, p: Problems) -> None:
    if value is None and field not in p.items:
        p.add(field, f"{nom} : obligatoire.")


# ---------------------------------------------------------------- periods


def semestre_bounds(year: int, semester: int) -> tuple[date, date]:
    """First and last day of a half-year: 1 = January-June, 2 = July-December."""
    if isinstance(year, bool) or not isinstance(year, int) or not ANNEE_MIN <= year <= ANNEE_MAX:
        raise DomainError(f"Année « {year} » : entre {ANNEE_MIN} et {ANNEE_MAX}.", "annee")
    if isinstance(semester, bool) or semester not in (1, 2):
        raise DomainError(f"Semestre « {semester} » : 1 (janvier-juin) ou 2 (juillet-décembre).",
                          "semestre")
    return (date(year, 1, 1), date(year, 6, 30)) if semester == 1 else (date(year, 7, 1), date(year, 12, 31))


def overlaps(start: date, end: date | None, period_start: date, period_end: date) -> bool:
    """True when ``[start, end]`` (inclusive; ``end`` None = still running) meets the period."""
    return start <= period_end and (end is None or end >= period_start)


def heures_dans_periode(start: date, end: date | None, heures: Decimal,
                        period_start: date, period_end: date) -> Decimal:
    """The part of a delegation's total ``heures`` that falls in the period (DREETS table).

    Only a total is known, so the hours are spread evenly over the days that elapse from the
    start to the end (duration = end − start: 15/06 → 15/09 is 92 days, 15 of them in the first
    half-year — up to 30/06 — and 77 in the second). A one-day delegation (end = start) counts in
    the period holding that day. An open-ended one (no end: CDI intérimaire) cannot be spread:
    its hours count once, in the period where it starts. The periods of a year thus share each
    delegation's hours without counting any twice."""
    if end is None or end <= start:
        return heures if period_start <= start <= period_end else Decimal(0)
    days = (min(end, period_end) - max(start, period_start - timedelta(days=1))).days
    if days <= 0:
        return Decimal(0)
    return heures * days / (end - start).days


# SQL of :func:`heures_dans_periode` for a delegation ``d`` and the bound ``:start``/``:end``.
HEURES_PERIODE_SQL = """CASE
    WHEN d.date_fin IS NULL OR d.date_fin <= d.date_debut
        THEN CASE WHEN d.date_debut BETWEEN :start AND :end THEN d.heures ELSE 0 END
    ELSE MAX(0, julianday(MIN(d.date_fin, :end)) - julianday(MAX(d.date_debut, date(:start, '-1 day'))))
         * d.heures / (julianday(d.date_fin) - julianday(d.date_debut))
END"""

REGLE_HEURES = ("Heures : la part de chaque délégation qui tombe dans le semestre, au prorata des "
                "jours écoulés entre son début et sa fin (du 15/06 au 15/09 : 15 jours sur 92 au "
                "1er semestre, 77 au 2e) ; une délégation sans date de fin compte ses heures dans "
                "le semestre où elle commence. Aucune heure n'est comptée deux fois.")


def mis_a_l_emploi(debuts: Iterable[date], period_start: date, period_end: date) -> bool:
    """A young person is « mis à l'emploi » in a period when one of their delegations starts in it."""
    return any(period_start <= debut <= period_end for debut in debuts)


# ---------------------------------------------------------------- delegations


@dataclass(frozen=True)
class DelegationInput:
    """A delegation as typed; ``heures`` is the total of the delegation (``35,5`` accepted)."""

    date_debut: date | str | None = None
    date_fin: date | str | None = None
    heures: Decimal | int | float | str | None = None
    type_contrat: str | None = None
    entreprise_utilisatrice: str | None = None


def _heures(value: Decimal | int | float | str | None) -> Decimal:
    text = str(value).strip().replace(",", ".").replace(" ", "") if value is not None else ""
    if not text:
        raise DomainError("Heures : obligatoire.", "heures")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"Heures « {value} » : un nombre est attendu (ex. 35 ou 151,67).",
                          "heures") from None
    if not hours.is_finite() or hours <= 0:
        raise DomainError(f"Heures « {value} » : un nombre d'heures positif est attendu.", "heures")
    return hours.quantize(Decimal("0.01"))


def _check_period(start: date, end: date | None, type_contrat: str | None, p: Problems) -> None:
    if end is None:
        if type_contrat is not None and type_contrat not in CONTRATS_SANS_FIN:
            p.add("date_fin", "Date de fin : obligatoire pour une mission ou un CDD.")
        return
    if end < start:
        p.add("date_fin", "La mission ne peut pas se terminer avant de commencer "
                          f"({format_date(start)} -> {format_date(end)}).")
    elif type_contrat not in CONTRATS_SANS_FIN and end > add_years(start, DUREE_MAX_ANNEES):
        p.add("date_fin", f"Date de fin {format_date(end)} : plus de {DUREE_MAX_ANNEES} ans "
                          "après le début, vérifiez les dates.")


def _check_hours_fit(hours: Decimal, start: date, end: date | None, p: Problems) -> None:
    if end is None or end < start:
        return
    days = (end - start).days + 1
    if hours > days * HEURES_MAX_PAR_JOUR:
        p.add("heures", f"Heures « {hours} » : plus de {HEURES_MAX_PAR_JOUR} h par jour "
                        f"sur {days} jour(s), vérifiez le total.")


def validate_delegation(data: DelegationInput, today: date) -> DelegationInput:
    """All problems at once (one ValidationError), else a cleaned copy (dates parsed, hours as
    Decimal). The end date may be empty only for open-ended contracts (CDI, CDI intérimaire)."""
    p = Problems()
    start = p.check("date_debut", _plausible, data.date_debut, "date de début", "date_debut",
                    add_years(today, 1))
    _required(start, "Date de début", "date_debut", p)
    end = p.check("date_fin", _plausible, data.date_fin, "date de fin", "date_fin", None)
    type_contrat = p.check("type_contrat", required_code, TYPES_CONTRAT_INTERIM, data.type_contrat,
                           "type_contrat", "Type de contrat")
    hours = p.check("heures", _heures, data.heures)
    if start is not None and "date_fin" not in p.items:
        _check_period(start, end, type_contrat, p)
    if start is not None and hours is not None:
        _check_hours_fit(hours, start, end, p)
    entreprise = clean(data.entreprise_utilisatrice)
    if entreprise is not None and len(entreprise) > 200:
        p.add("entreprise_utilisatrice", "Entreprise utilisatrice : 200 caractères au plus.")
    p.raise_if_any()
    return replace(data, date_debut=start, date_fin=end, heures=hours, type_contrat=type_contrat,
                   entreprise_utilisatrice=entreprise)


# ---------------------------------------------------------------- branch actions


@dataclass(frozen=True)
class ActionInput:
    action: str | None = None
    date_debut: date | str | None = None
    date_fin: date | str | None = None
    resultat: str | None = None


def _check_action_dates(
    resultat: str | None, start: date, end: date | None, today: date, p: Problems,
) -> None:
    if end is not None and end < start:
        p.add("date_fin", "L'action ne peut pas se terminer avant de commencer "
                          f"({format_date(start)} -> {format_date(end)}).")
    if resultat == "en_cours" and start > today:
        p.add("resultat", f"Résultat « En cours » : l'action ne commence que le {format_date(start)}.")
    if resultat in RESULTATS_TERMINES:
        if end is None:
            p.add("date_fin", "Date de fin : obligatoire pour une action terminée ou abandonnée.")
        elif end > today:
            p.add("date_fin", f"Date de fin {format_date(end)} : "
                              "une action terminée ne finit pas dans le futur.")


def validate_action(data: ActionInput, today: date) -> ActionInput:
    """All problems at once (one ValidationError), else a cleaned copy. A finished or abandoned
    action needs an end date not in the future; an action « en cours » has started."""
    p = Problems()
    action = p.check("action", required_code, ACTIONS_BRANCHE, data.action, "action", "Action")
    resultat = p.check("resultat", required_code, RESULTATS_ACTION, data.resultat, "resultat", "Résultat")
    start = p.check("date_debut", _plausible, data.date_debut, "date de début", "date_debut",
                    add_years(today, 1))
    _required(start, "Date de début", "date_debut", p)
    end = p.check("date_fin", _plausible, data.date_fin, "date de fin", "date_fin", None)
    if start is not None and "date_fin" not in p.items:
        _check_action_dates(resultat, start, end, today, p)
    p.raise_if_any()
    return replace(data, action=action, resultat=resultat, date_debut=start, date_fin=end)
