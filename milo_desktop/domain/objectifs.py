"""Annual cotraitance objectives: the distribution key (annex of the regional agreement) and the
monthly follow-up of entries against the objective (art. 4.1 and 4.2).

For each Mission Locale: ``part_defm = defm / Σ defm × 100`` and
``cle_repartition = (part_defm + cle_activite) / 2`` (percent). Objectives are whole numbers
summing exactly to the regional total, by the largest-remainder (Hamilton) method on the quotas
``total × cle_repartition / Σ cle_repartition``: every line gets the whole part of its quota,
then the missing units go one each to the largest fractional parts; ties go to the larger
quota, then to the name in alphabetical order (accent- and case-insensitive).
All computations use Decimal and are kept unrounded; round only for display.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .errors import DomainError, Problems
from .text import clean, fold

HUNDRED = Decimal(100)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_BLANKS = re.compile(r"[\s\u00a0\u202f]")


# --- parsing --------------------------------------------------------------------------------

def _number_text(value: object) -> str:
    """Strip blanks (thousands separators) and a trailing ``%``."""
    text = _BLANKS.sub("", str(value))
    return text[:-1] if text.endswith("%") else text


def _refuse(label: str, value: object, expected: str) -> DomainError:
    return DomainError(f"{label} « {str(value).strip()} » : {expected}.", label)


def parse_decimal_fr(value: str | int | Decimal | None, label: str = "Valeur") -> Decimal | None:
    """``"5,26"``, ``"5.26"``, ``"5,26 %"``, ``"1 234,5"`` -> Decimal; empty gives None."""
    if isinstance(value, bool):
        raise _refuse(label, value, "nombre attendu")
    if value is None or isinstance(value, Decimal | int):
        if isinstance(value, Decimal) and not value.is_finite():
            raise _refuse(label, value, "nombre attendu")
        return None if value is None else Decimal(value)
    text = _number_text(value)
    if not text:
        return None
    if "," in text and "." in text or not _NUMBER.match(text.replace(",", ".")):
        raise _refuse(label, value, "nombre non reconnu (exemple : 5,26)")
    return Decimal(text.replace(",", "."))


def parse_entier_fr(value: str | int | None, label: str = "Valeur") -> int | None:
    """``"11 275"`` or ``11275`` -> 11275; empty gives None; decimals refused."""
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _BLANKS.sub("", str(value))
    if not text:
        return None
    if not _INTEGER.match(text):
        raise _refuse(label, value, "nombre entier attendu")
    return int(text)


def arrondi(value: Decimal, places: int = 2) -> Decimal:
    """Display rounding, half up: 4.495 -> 4.50."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- the distribution table -----------------------------------------------------------------

@dataclass(frozen=True)
class LigneCle:
    """One input line of the annex table (values as typed: numbers or French strings)."""

    mission_locale: str | None
    defm: int | str | None
    cle_activite: Decimal | str | None


@dataclass(frozen=True)
class LigneRepartition:
    """One computed line; percentages and quota are unrounded."""

    mission_locale: str
    defm: int
    part_defm: Decimal
    cle_activite: Decimal
    cle_repartition: Decimal
    quota: Decimal
    objectif: int


@dataclass(frozen=True)
class Repartition:
    """The whole table: ``sum(l.objectif) == total``. ``somme_cle_activite`` should be 100:
    :attr:`avertissement` says so when it is not (never rescaled silently)."""

    total: int
    total_defm: int
    somme_cle_activite: Decimal
    lignes: tuple[LigneRepartition, ...]

    @property
    def somme_cle_repartition(self) -> Decimal:
        return sum((l.cle_repartition for l in self.lignes), Decimal(0))

    @property
    def avertissement(self) -> str | None:
        """A French warning when the activity/result keys do not sum to 100 % (beyond the
        0,005 point per line that keys typed with two decimals may carry), else None."""
        if abs(self.somme_cle_activite - HUNDRED) <= TOLERANCE_PAR_LIGNE * len(self.lignes):
            return None
        return (f"la somme des clés activité/résultat vaut {pct_fr(self.somme_cle_activite)} et "
                f"non 100 % : les clés de répartition, (part DEFM + clé) / 2, totalisent "
                f"{pct_fr(self.somme_cle_repartition)}. Les objectifs sont répartis au prorata "
                "de ces clés (comme si elles étaient ramenées à 100 %) pour que leur somme fasse "
                "l'objectif régional. Vérifiez les clés du tableau régional.")


# Keys typed with two decimals are each off by at most half a hundredth.
TOLERANCE_PAR_LIGNE = Decimal("0.005")


def pct_fr(value: Decimal) -> str:
    """``Decimal("89.995")`` -> ``"90,00 %"`` (two decimals of the exact value, half up)."""
    return f"{arrondi(value):.2f}".replace(".", ",") + "\u202f%"


def _amount(p: Problems, key: str, nom: str, parser, raw) -> int | Decimal | None:
    """Parse one number of a line; missing or negative values are problems."""
    value = p.check(key, parser, raw, nom)
    if value is None and key not in p.items:
        p.add(key, f"{nom} : valeur manquante.")
    elif value is not None and value < 0:
        p.add(key, f"{nom} : valeur négative ({raw}).")
    return value


def _check_line(n: int, line: LigneCle, seen: dict[str, int], p: Problems) -> tuple:
    """Validate line ``n`` (1-based); record its problems as « ligne n : … »."""
    where = f"ligne {n}"
    name = clean(line.mission_locale)
    if name is None:
        p.add(f"{where}.nom", f"{where} : nom de la Mission Locale manquant.")
    elif fold(name) in seen:
        p.add(f"{where}.nom", f"{where} : « {name} » figure déjà ligne {seen[fold(name)]}.")
    else:
        seen[fold(name)] = n
    defm = _amount(p, f"{where}.defm", f"{where} : DEFM", parse_entier_fr, line.defm)
    cle = _amount(p, f"{where}.cle", f"{where} : clé activité/résultat", parse_decimal_fr,
                  line.cle_activite)
    return (name, defm, cle)


def _check_totals(rows: list[tuple], total: int, p: Problems) -> None:
    if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
        p.add("total", f"Objectif régional : un nombre entier positif est attendu (reçu {total}).")
    if p.items:
        return
    if sum(r[1] for r in rows) == 0:
        p.add("defm", "DEFM : le total des lignes est nul.")
    if sum(r[2] for r in rows) == 0:
        p.add("cle", "Clé activité/résultat : le total des lignes est nul.")


def validate_table(lignes: Sequence[LigneCle], total: int) -> list[tuple[str, int, Decimal]]:
    """All problems of the table at once (ValidationError), else (name, defm, key) rows."""
    p = Problems()
    if not lignes:
        p.add("lignes", "Tableau de répartition : aucune Mission Locale saisie.")
    seen: dict[str, int] = {}
    rows = [_check_line(n, line, seen, p) for n, line in enumerate(lignes, start=1)]
    _check_totals(rows, total, p)
    p.raise_if_any()
    return rows


def plus_forts_restes(quotas: Sequence[Decimal], total: int, noms: Sequence[str]) -> list[int]:
    """Hamilton: whole parts, then one more unit to the largest fractional parts
    (ties: larger quota, then name)."""
    floors = [int(q.to_integral_value(rounding=ROUND_FLOOR)) for q in quotas]
    missing = total - sum(floors)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), -quotas[i], fold(noms[i])))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def repartir(lignes: Sequence[LigneCle], total: int) -> Repartition:
    """Compute shares, keys and whole objectives summing exactly to ``total``."""
    rows = validate_table(lignes, total)
    total_defm = sum(r[1] for r in rows)
    parts = [Decimal(defm) * HUNDRED / total_defm for _, defm, _ in rows]
    cles = [(part + r[2]) / 2 for part, r in zip(parts, rows)]
    somme = sum(cles, Decimal(0))
    quotas = [Decimal(total) * cle / somme for cle in cles]
    objectifs = plus_forts_restes(quotas, total, [r[0] for r in rows])
    result = tuple(
        LigneRepartition(r[0], r[1], part, r[2], cle, quota, obj)
        for r, part, cle, quota, obj in zip(rows, parts, cles, quotas, objectifs)
    )
    return Repartition(total, total_defm, sum((r[2] for r in rows), Decimal(0)), result)


# --- monthly follow-up ----------------------------------------------------------------------

@dataclass(frozen=True)
class SuiviMois:
    """Entries to date against the prorated objective (``objectif × mois / 12``)."""

    mois: int
    objectif_cumule: Decimal
    entrees: int
    entrees_cumulees: int
    ecart_pct: Decimal | None
    alerte: bool


def _check_suivi(objectif: int, entries: Mapping[int, int], seuil: Decimal, upto: int) -> None:
    if objectif < 0:
        raise DomainError(f"Objectif annuel : valeur négative ({objectif}).", "objectif")
    if seuil < 0:
        raise DomainError(f"Seuil d'alerte : valeur négative ({seuil} %).", "seuil")
    if not 1 <= upto <= 12:
        raise DomainError(f"Mois : {upto} n'est pas un mois (1 à 12).", "mois")
    for month, count in entries.items():
        if not 1 <= month <= 12:
            raise DomainError(f"Entrées : {month} n'est pas un mois (1 à 12).", "entrees")
        if count < 0:
            raise DomainError(f"Entrées du mois {month} : nombre négatif ({count}).", "entrees")


def _ecart(cumul: int, prorata: Decimal) -> Decimal | None:
    """Gap in percent of the prorated objective (negative = behind); None when it is 0."""
    return (Decimal(cumul) - prorata) * HUNDRED / prorata if prorata else None


def suivi_mensuel(objectif_annuel: int, entries_by_month: Mapping[int, int],
                  seuil_pct: Decimal | int | str, upto_month: int) -> tuple[SuiviMois, ...]:
    """Months 1..upto_month; ``alerte`` when cumulative entries fall short of the prorated
    objective by strictly more than ``seuil_pct`` percent."""
    seuil = parse_decimal_fr(seuil_pct, "seuil d'alerte") or Decimal(0)
    _check_suivi(objectif_annuel, entries_by_month, seuil, upto_month)
    cumul, rows = 0, []
    for month in range(1, upto_month + 1):
        count = entries_by_month.get(month, 0)
        cumul += count
        prorata = Decimal(objectif_annuel) * month / 12
        ecart = _ecart(cumul, prorata)
        rows.append(SuiviMois(month, prorata, count, cumul, ecart, ecart is not None and ecart < -seuil))
    return tuple(rows)
