"""``milo-desktop export jeunes``: every young person (archived ones included), one row each.

One SQL statement read through the driver (100 000 rows in about a second): programmes are
aggregated in SQL and dates converted once, instead of building ORM rows and UUIDs.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from .jeunes_list import phone_display

IDENTITY = ("nom", "nom_usage", "prenom", "sexe", "date_naissance", "adresse", "code_postal",
            "commune", "telephone", "email", "identifiant_ft", "numero_imilo", "niveau_formation",
            "date_inscription_ft", "indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule",
            "hebergement")
HEADERS = [*IDENTITY, "referent", "site", "programmes", "cotra_phase", "cotra_etat",
           "date_fin_prevue", "archive"]
DATES = {"date_naissance", "date_inscription_ft", "date_fin_prevue"}
FLAGS = {"indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule", "archive"}

SQL = f"""
SELECT {", ".join("j." + c for c in IDENTITY)},
       CASE WHEN u.nom IS NULL THEN NULL ELSE u.prenom || ' ' || u.nom END,
       s.nom,
       pg.codes,
       j.cotra_phase, j.cotra_etat, j.date_fin_prevue, j.archive
FROM jeune j
LEFT JOIN utilisateur u ON u.id = j.referent_id
LEFT JOIN site s ON s.id = j.site_id
LEFT JOIN (SELECT jeune_id, group_concat(code, ', ') AS codes
           FROM (SELECT jeune_id, code FROM programme ORDER BY jeune_id, code)
           GROUP BY jeune_id) pg ON pg.jeune_id = j.id
ORDER BY j.nom_fold, j.prenom_fold, j.date_naissance
"""


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
    cursor = session.connection().exec_driver_sql(SQL)

    def rows():
        for raw in cursor:
            row = list(raw)
            for index, func in convert:
                row[index] = func(row[index])
            yield row
    return list(HEADERS), rows()
