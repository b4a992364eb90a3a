"""Yearly cotraitance objectives: the regional distribution table (annex of the regional
agreement), this Mission Locale's objective and the monthly follow-up of its entries.

Computation (``domain.objectifs``): key = (share of DEFM + activity/result key) / 2; whole
objectives summing exactly to the regional total by the **largest remainder** (Hamilton)
method. Entries = affectations dated in the month that were not refused
(``services.cotraitance_lists.entries_by_month``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, select

from ..domain.errors import DomainError, Problems, ValidationError
from ..domain.objectifs import (
    LigneCle, LigneRepartition, Repartition, SuiviMois, parse_decimal_fr, parse_entier_fr,
    repartir, suivi_mensuel,
)
from ..domain.text import fold
from ..persistence.models import ObjectifAnnee, ObjectifLigne
from .base import Service, check_version, translate_stale
from .cotraitance_lists import entries_by_month

SEUIL_DEFAUT = Decimal(10)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class ObjectifsTable:
    """A stored year: the lines as entered, the computed table, this Mission Locale's line."""

    annee: int
    id: uuid.UUID
    version: int
    total: int
    seuil: Decimal
    lignes: tuple[LigneCle, ...]
    est_nous_index: int | None
    repartition: Repartition

    @property
    def nous(self) -> LigneRepartition | None:
        if self.est_nous_index is None:
            return None
        return self.repartition.lignes[self.est_nous_index]


@dataclass(frozen=True)
class SuiviObjectifs:
    """Monthly follow-up of this Mission Locale's entries against its yearly objective."""

    annee: int
    mission_locale: str
    objectif: int
    seuil: Decimal
    mois: tuple[SuiviMois, ...]

    @property
    def alerte(self) -> bool:
        """The last month followed is in alert (the gap exceeds the threshold)."""
        return bool(self.mois) and self.mois[-1].alerte


# --- reading a CSV / XLSX table --------------------------------------------------------------

COLUMNS = {
    "mission_locale": ("missionlocale", "ml", "nom", "structure", "missionslocales"),
    "defm": ("defm", "defmjeunes", "defim", "totaljeunes", "defmtotal", "defmtotaljeunes",
             "totaljeunesfindec"),
    "cle_activite": ("cleactivite", "cleactiviteresultat", "cle", "activiteresultat",
                     "cleactivitesresultats"),
}


def _normal(header: str) -> str:
    return "".join(ch for ch in fold(header) if ch.isalnum())


def _map_headers(headers: list[str], name: str) -> dict[str, str]:
    """Column name -> file header; a missing column is a French error naming it."""
    found = {}
    for header in headers:
        key = _normal(header)
        for column, aliases in COLUMNS.items():
            if column not in found and (key == _normal(column) or key in aliases):
                found[column] = header
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise DomainError(
            f"Le fichier « {name} » : colonne(s) {', '.join(missing)} absente(s). Colonnes "
            "attendues : mission_locale;defm;cle_activite (en-tête en première ligne).", "fichier")
    return found


def _is_total_line(name: str) -> bool:
    return fold(name).startswith("total")


def _read_line(line: int, values: dict[str, str], cols: dict[str, str], p: Problems,
               seen: dict[str, int]) -> LigneCle | None:
    where = f"ligne {line}"
    name = values[cols["mission_locale"]].strip()
    if not name:
        p.add(f"{where}.nom", f"{where} : nom de la Mission Locale manquant.")
    elif fold(name) in seen:
        p.add(f"{where}.nom", f"{where} : « {name} » figure déjà ligne {seen[fold(name)]}.")
    else:
        seen[fold(name)] = line
    defm = _number(p, f"{where}.defm", f"{where} : DEFM", parse_entier_fr, values[cols["defm"]])
    cle = _number(p, f"{where}.cle", f"{where} : clé activité/résultat", parse_decimal_fr,
                  values[cols["cle_activite"]])
    return LigneCle(name, defm, cle)


def _number(p: Problems, key: str, label: str, parser, raw: str):
    value = p.check(key, parser, raw, label)
    if value is None and key not in p.items:
        p.add(key, f"{label} : valeur manquante.")
    elif value is not None and value < 0:
        p.add(key, f"{label} : valeur négative ({raw}).")
    return value


def read_table_file(path: Path | str) -> list[LigneCle]:
    """The lines of a ``mission_locale;defm;cle_activite`` file (CSV in UTF-8 or Windows
    encoding, decimal comma or point, or XLSX). A line named « TOTAL… » is skipped.
    All problems are reported at once, each naming its line."""
    from ..exchange.reading import read_table
    path = Path(path)
    table = read_table(path)
    cols = _map_headers(table.headers, path.name)
    p, seen, lines = Problems(), {}, []
    for row in table.rows:
        if _is_total_line(row.values[cols["mission_locale"]]):
            continue
        lines.append(_read_line(row.line, row.values, cols, p, seen))
    if not lines and not p.items:
        p.add("lignes", f"Le fichier « {path.name} » ne contient aucune Mission Locale.")
    p.raise_if_any()
    return lines


# --- the service ------------------------------------------------------------------------------

def _check_year(year: int) -> None:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"Année « {year} » : une année de {MIN_YEAR} à {MAX_YEAR} est attendue.", "annee")


def parse_seuil(value) -> Decimal:
    """Alert threshold in percent, 0 to 100."""
    seuil = parse_decimal_fr(value, "Seuil d'alerte")
    if seuil is None:
        return SEUIL_DEFAUT
    if not 0 <= seuil <= 100:
        raise DomainError(f"Seuil d'alerte « {value} » : un pourcentage de 0 à 100 est attendu.", "seuil")
    return seuil


class ObjectifsService(Service):
    def years(self) -> list[int]:
        with self.store.read() as s:
            return list(s.scalars(select(ObjectifAnnee.annee).order_by(ObjectifAnnee.annee)))

    def table(self, year: int) -> ObjectifsTable | None:
        """The stored table of ``year`` with its computed keys and objectives, or None."""
        with self.store.read() as s:
            head = s.scalars(select(ObjectifAnnee).where(ObjectifAnnee.annee == year)).first()
            if head is None:
                return None
            rows = s.scalars(select(ObjectifLigne).where(ObjectifLigne.objectif_id == head.id)
                             .order_by(ObjectifLigne.ordre)).all()
            lignes = tuple(LigneCle(r.mission_locale, r.defm, Decimal(r.cle_activite)) for r in rows)
            nous = next((i for i, r in enumerate(rows) if r.est_nous), None)
            return ObjectifsTable(year, head.id, head.version, head.total_regional,
                                  Decimal(head.seuil_alerte_pct), lignes, nous,
                                  repartir(lignes, head.total_regional))

    @translate_stale
    def save_table(self, year: int, total, rows, est_nous_index: int | None, seuil=SEUIL_DEFAUT,
                   version: int | None = None) -> ObjectifsTable:
        """Validate everything (all problems at once), then replace the year's table."""
        _check_year(year)
        total = self._total(total)
        computed = repartir(list(rows), total)
        seuil = parse_seuil(seuil)
        if est_nous_index is not None and not 0 <= est_nous_index < len(computed.lignes):
            raise DomainError("« C'est nous » : la ligne choisie n'existe pas.", "est_nous")
        with self.store.write() as s:
            head = s.scalars(select(ObjectifAnnee).where(ObjectifAnnee.annee == year)).first()
            if head is None:
                head = ObjectifAnnee(id=uuid.uuid4(), annee=year)
                self.stamp_new(head)
                s.add(head)
            else:
                check_version(head, version)
                self.stamp(head)
                s.execute(delete(ObjectifLigne).where(ObjectifLigne.objectif_id == head.id))
            head.total_regional, head.seuil_alerte_pct = total, seuil
            for i, line in enumerate(computed.lignes):
                s.add(ObjectifLigne(objectif_id=head.id, ordre=i, mission_locale=line.mission_locale,
                                    defm=line.defm, cle_activite=line.cle_activite,
                                    est_nous=i == est_nous_index))
            s.flush()
        return self.table(year)

    @staticmethod
    def _total(total) -> int:
        value = parse_entier_fr(total, "Objectif régional") if isinstance(total, str) else total
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValidationError({"total": f"Objectif régional : un nombre entier positif est "
                                            f"attendu (reçu {total})."})
        return value

    def import_csv(self, path: Path | str) -> list[LigneCle]:
        """Read a regional table file (nothing is saved: the user reviews, then saves)."""
        return read_table_file(path)

    def compute_from_csv(self, path: Path | str, total) -> Repartition:
        """Keys and objectives of a table file (used by ``milo-desktop objectifs``)."""
        return repartir(read_table_file(path), self._total(total))

    def suivi(self, year: int) -> SuiviObjectifs | None:
        """Entries month by month against this Mission Locale's objective (None without a
        table or without a « c'est nous » line). Months up to today's for the current year."""
        table = self.table(year)
        if table is None or table.nous is None:
            return None
        today = self.today()
        upto = 12 if year < today.year else today.month if year == today.year else 0
        with self.store.read() as s:
            entries = entries_by_month(s, year)
        mois = suivi_mensuel(table.nous.objectif, entries, table.seuil, upto) if upto else ()
        return SuiviObjectifs(year, table.nous.mission_locale, table.nous.objectif, table.seuil, mois)

    def write_pdf(self, year: int, path: Path | str) -> Path:
        """Print the table as the annex of the agreement presents it."""
        from ..exchange.writing import write_bytes
        from ..reports.objectifs_pdf import AnnexeData, build_pdf
        from .settings import SettingsService
        table = self.table(year)
        if table is None:
            raise DomainError(f"Aucun tableau d'objectifs n'est enregistré pour {year}.", "annee")
        org = SettingsService(self.ctx).organisation().fields.nom or ""
        data = build_pdf(AnnexeData(year, table.repartition, table.est_nous_index, org, self.today()))
        return write_bytes(path, data)
