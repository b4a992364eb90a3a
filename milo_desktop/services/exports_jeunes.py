"""``milo-desktop export jeunes``: every young person (archived ones included), one row each.

One SQL statement read through the driver, instead of ORM rows and UUIDs, streamed to the file;
each row's programmes by a subquery on ix_programme_jeune. Two forms of the same rows:

- :func:`jeunes_table`, plain values (real dates, booleans) for XLSX and any other use;
- :func:`jeunes_csv`, the cells already as ``csv_cell`` writes them, formatted by SQLite
  (``csv_sql``), which ``write_csv(..., formatted=True)`` writes without touching them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..exchange.writing import CountedRows
from . import csv_sql
from .jeunes_list import phone_display

IDENTITY = ("nom", "nom_usage", "prenom", "sexe", "date_naissance", "adresse", "code_postal",
            "commune", "telephone", "email", "identifiant_ft", "numero_imilo", "niveau_formation",
            "date_inscription_ft", "indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule",
            "hebergement")
HEADERS = [*IDENTITY, "referent", "site", "programmes", "cotra_phase", "cotra_etat",
           "date_fin_prevue", "archive", "date_premier_accueil"]  # read back by the import
DATES = {"date_naissance", "date_inscription_ft", "date_fin_prevue", "date_premier_accueil"}
FLAGS = {"indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule", "archive"}
PROGRAMMES = HEADERS.index("programmes")

# Column expressions in HEADERS order, programmes excepted (filled from their own query).
STORED = {**{name: f"j.{name}" for name in HEADERS},
          "referent": "CASE WHEN u.nom IS NULL THEN NULL ELSE u.prenom || ' ' || u.nom END",
          "site": "s.nom",
          # in alphabetical order, read from ix_programme_jeune row by row: no dict of every
          # young person's codes held in memory (60 MB at 300 000)
          "programmes": "(SELECT group_concat(code, ', ') FROM "
                        "(SELECT p.code FROM programme p WHERE p.jeune_id = j.id ORDER BY p.code))"}
FROM = """
FROM jeune j
LEFT JOIN utilisateur u ON u.id = j.referent_id
LEFT JOIN site s ON s.id = j.site_id
ORDER BY j.nom_fold, j.prenom_fold, j.date_naissance
"""


def _csv_expression(name: str) -> str:
    expr = STORED[name]
    if name in DATES:
        return csv_sql.day(expr)
    if name in FLAGS:
        return csv_sql.flag(expr)
    if name == "telephone":
        return csv_sql.phone(expr)
    if name in ("cotra_etat", "programmes"):  # codes of the referential: nothing to neutralise
        return expr
    return csv_sql.text(expr)


def _select(expressions: list[str]) -> str:
    return f"SELECT j.id, {', '.join(expressions)} {FROM}"


SQL = _select([STORED[n] for n in HEADERS])
CSV_SQL = _select([_csv_expression(n) for n in HEADERS])


def _converters() -> list[tuple[int, object]]:
    """(column index, function) for the columns whose stored form is not the exported one."""
    iso = date.fromisoformat
    convert = []
    for index, name in enumerate(HEADERS):
        if name in DATES:
            convert.append((index, lambda v: iso(v[:10]) if v else None))
        elif name in FLAGS:
            convert.append((index, lambda v: None if v is None else bool(v)))
        elif name == "telephone":
            convert.append((index, lambda v: phone_display(v) or None))
    return convert


def jeunes_table(session: Session, ctx):
    """(headers, rows): identity, référent and site names, programmes, cotraitance summary."""
    convert = _converters()
    count = session.connection().exec_driver_sql("SELECT count(*) FROM jeune").scalar_one()
    cursor = session.connection().exec_driver_sql(SQL)

    def rows():
        for raw in cursor:
            row = list(raw[1:])
            for index, func in convert:
                row[index] = func(row[index])
            yield row
    return list(HEADERS), CountedRows(rows(), count)  # streamed, its size known for progress


def jeunes_csv(session: Session, ctx):
    """(headers, rows): the same rows as :func:`jeunes_table`, each cell already CSV text."""
    csv_sql.register(session.connection().connection.dbapi_connection)
    count = session.connection().exec_driver_sql("SELECT count(*) FROM jeune").scalar_one()
    cursor = session.connection().exec_driver_sql(CSV_SQL)
    return list(HEADERS), CountedRows((raw[1:] for raw in cursor), count)
